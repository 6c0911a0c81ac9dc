//! A first run on a real operator's machine, with the real binary: a TLS-inspecting company CA,
//! AK/SK + region without a project id (IAM lookup and its cache), a mistyped region, the
//! region list, and the SDK's credentials file written with upper-case keys.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::bin::{served, stderr_exit, stdout_ok, with};
use common::regions::settings_env;
use common::*;
use drs_tui::api::endpoint;
use drs_tui::demo::{self, DemoServer, DemoState};

/// A command with a clean environment: a private HOME, no credentials (not even the SDK's
/// credentials file), state in `home`.
fn cmd(home: &Path) -> Command {
    no_sdk_file(common::bin::cmd(home), home)
}

/// `c` reading no SDK credentials file.
fn no_sdk_file(mut c: Command, home: &Path) -> Command {
    c.env(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        home.join("no-credentials"),
    );
    c
}

/// `cmd` with the demo AK/SK, `region` and the server as DRS and IAM, no project id.
fn aksk_region(server: &DemoServer, home: &Path, region: &str) -> Command {
    no_sdk_file(common::bin::aksk_region(server, home, region), home)
}

/// The `GET /v3/projects` requests the server saw, as `path?query`.
fn project_lookups(server: &DemoServer) -> Vec<String> {
    server
        .state
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/v3/"))
        .map(|r| format!("{}?{}", r.path, r.query))
        .collect()
}

/// The demo service over HTTPS with a certificate issued by a private CA made here; returns
/// its URL, its state and the CA's PEM file.
async fn https_demo(dir: &Path) -> (String, Arc<DemoState>, PathBuf) {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    };
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "drs-tui test inspecting proxy CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA cert");
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".into()])
        .expect("leaf params")
        .signed_by(&leaf_key, &issuer)
        .expect("leaf cert");
    let ca_path = dir.join("company-ca.pem");
    std::fs::write(&ca_path, ca_cert.pem()).expect("write CA");

    let tls = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(leaf.der().to_vec())],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
    )
    .expect("server cert");
    let state = Arc::new(DemoState::new(
        demo::seed_jobs(20, 1),
        Vec::new(),
        Duration::from_millis(200),
        Duration::from_secs(3600),
        1000,
    ));
    let listener =
        std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    let app = demo::router(state.clone(), Duration::ZERO);
    let server = axum_server::from_tcp_rustls(
        listener,
        axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(tls)),
    )
    .expect("TLS server");
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    (format!("https://{addr}"), state, ca_path)
}

/// `cmd` listing jobs at `url` with the demo token and project.
fn list_at(url: &str, home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN).args([
        "--endpoint",
        url,
        "--project-id",
        demo::DEMO_PROJECT_ID,
        "jobs",
        "list",
        "-o",
        "json",
    ]);
    c
}

#[tokio::test]
async fn a_private_ca_is_refused_until_given_by_flag_profile_ssl_cert_file_or_the_system_store() {
    let home = tempfile::tempdir().expect("tmp");
    let (url, state, ca) = https_demo(home.path()).await;

    // Untrusted: refused, no request reaches the service, and the error says what to do.
    let err = stderr_exit(list_at(&url, home.path()), 1).await;
    assert!(err.contains("UnknownIssuer"), "{err}");
    for way in ["--ca-bundle", "ca_bundle", "SSL_CERT_FILE"] {
        assert!(err.contains(way), "names {way}: {err}");
    }
    assert!(state.requests().is_empty(), "nothing got through TLS");

    // --ca-bundle
    let mut c = list_at(&url, home.path());
    c.arg("--ca-bundle").arg(&ca);
    let jobs: serde_json::Value = serde_json::from_str(&stdout_ok(c).await).expect("JSON");
    assert!(!jobs.as_array().expect("array").is_empty());

    // SSL_CERT_FILE
    let mut c = list_at(&url, home.path());
    c.env("SSL_CERT_FILE", &ca);
    stdout_ok(c).await;

    // The system trust store is read: SSL_CERT_DIR stands in for it (drs-tui's own settings
    // never read that variable), as `openssl rehash` directories do on Linux.
    let store = home.path().join("system-store");
    std::fs::create_dir(&store).expect("mkdir");
    std::fs::copy(&ca, store.join("company-ca.pem")).expect("copy");
    let mut c = list_at(&url, home.path());
    c.env("SSL_CERT_DIR", &store);
    stdout_ok(c).await;

    // The profile's ca_bundle
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.corp]\nca_bundle = {:?}\n",
            ca.to_str().expect("utf-8 path")
        ),
    )
    .expect("write config");
    let mut c = list_at(&url, home.path());
    c.arg("--config").arg(&config).args(["--profile", "corp"]);
    stdout_ok(c).await;
    assert!(
        state.count("GET", "/jobs") >= 4,
        "four trusted runs listed jobs"
    );
}

#[tokio::test]
async fn a_ca_bundle_that_is_not_pem_is_a_usage_error_naming_the_file() {
    let (server, home) = served(5).await;
    let bad = home.path().join("not-a-ca.pem");
    std::fs::write(&bad, "hello\n").expect("write");
    let mut c = list_at(&server.base_url(), home.path());
    c.arg("--ca-bundle").arg(&bad);
    let err = stderr_exit(c, 2).await;
    assert!(
        err.contains("not-a-ca.pem") && err.contains("--ca-bundle"),
        "{err}"
    );
    assert!(server.state.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn aksk_and_region_without_project_id_ask_iam_once_then_use_the_cache() {
    let (server, home) = served(30).await;
    let here = || aksk_region(&server, home.path(), demo::DEMO_REGION);
    let listed = stdout_ok(with(here(), ["jobs", "list", "-o", "json"])).await;
    let jobs: serde_json::Value = serde_json::from_str(&listed).expect("JSON");
    assert!(!jobs.as_array().expect("array").is_empty(), "jobs listed");
    assert_eq!(
        project_lookups(&server),
        vec![format!("/v3/projects?name={}", demo::DEMO_REGION)],
        "exactly one signed lookup by name"
    );
    assert!(
        server
            .state
            .count("GET", &format!("/v5/{}/jobs", demo::DEMO_PROJECT_ID))
            >= 1,
        "the listing used the project IAM named"
    );
    // The cache holds neither key.
    let cache = home.path().join("state/drs-tui/project-ids.json");
    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(cached.contains(demo::DEMO_PROJECT_ID), "{cached}");
    assert!(!cached.contains(demo::DEMO_AK) && !cached.contains(demo::DEMO_SK));

    // Second run: no lookup at all.
    server.state.clear_requests();
    let listed = stdout_ok(with(here(), ["jobs", "list"])).await;
    assert_eq!(project_lookups(&server), Vec::<String>::new(), "cache used");
    assert!(listed.lines().count() > 1, "jobs listed");
}

#[tokio::test]
async fn no_project_or_several_for_the_region_are_clear_errors() {
    let (server, home) = served(5).await;
    let list_in = |region| with(aksk_region(&server, home.path(), region), ["jobs", "list"]);
    let err = stderr_exit(list_in("cn-north-1"), 2).await;
    assert!(err.contains("no project named \"cn-north-1\""), "{err}");
    assert!(err.contains("--project-id"), "{err}");

    let second = "de40de40de40de40de40de40de40aaaa";
    server.state.add_project(second, demo::DEMO_REGION);
    let err = stderr_exit(list_in(demo::DEMO_REGION), 2).await;
    assert!(err.contains("2 projects named \"cn-north-4\""), "{err}");
    assert!(
        err.contains(demo::DEMO_PROJECT_ID) && err.contains(second),
        "{err}"
    );
    assert!(err.contains("--project-id"), "{err}");
    assert_eq!(server.state.count("GET", "/v5/"), 0, "no DRS call was made");
}

#[tokio::test]
async fn iam_lists_projects_for_aksk_by_name_and_for_tokens_at_auth_projects() {
    let server = server(5).await;
    let all = token_client(&server)
        .iam_projects(None)
        .await
        .expect("token lists its projects");
    let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec![demo::DEMO_REGION, "MOS"]);
    assert_eq!(server.state.count("GET", "/v3/auth/projects"), 1);

    let one = aksk_client(&server)
        .iam_projects(Some(demo::DEMO_REGION))
        .await
        .expect("AK/SK lookup by name");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, demo::DEMO_PROJECT_ID);
    assert_eq!(server.state.count("GET", "/v3/projects"), 1);

    // Unsigned requests are refused in the gateway's shape.
    let resp = reqwest::get(format!("{}/v3/projects", server.base_url()))
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 401);
}

#[tokio::test]
async fn a_mistyped_region_fails_before_any_request_naming_the_nearest() {
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN)
        .args(["--region", "cn-nort-4"])
        .args(["--project-id", demo::DEMO_PROJECT_ID, "jobs", "list"]);
    let err = stderr_exit(c, 2).await;
    assert!(err.contains("did you mean cn-north-4?"), "{err}");
    assert!(err.contains("drs-tui regions"), "{err}");
}

#[tokio::test]
async fn regions_prints_every_known_region_with_its_drs_and_iam_endpoints() {
    let home = tempfile::tempdir().expect("tmp");
    let stdout = stdout_ok(with(cmd(home.path()), ["regions"])).await;
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), endpoint::DRS_REGIONS.len(), "{stdout}");
    for region in endpoint::DRS_REGIONS {
        let row = rows
            .iter()
            .find(|r| r[0] == *region)
            .unwrap_or_else(|| panic!("{region} listed: {stdout}"));
        // Written out here, not asked of the code that prints them: DRS lives at
        // drs.<region>.myhuaweicloud.com, but in eu-west-101 (.eu).
        let drs = if *region == "eu-west-101" {
            "https://drs.eu-west-101.myhuaweicloud.eu".to_owned()
        } else {
            format!("https://drs.{region}.myhuaweicloud.com")
        };
        // The endpoints are the last two columns (the region's name, of one or more words,
        // stands between).
        let n = row.len();
        assert_eq!(row[n - 2], drs, "{region}");
        // IAM: the region's own endpoint, or the global one for regions it does not serve.
        assert!(
            [
                format!("https://iam.{region}.myhuaweicloud.com"),
                "https://iam.myhuaweicloud.com".to_owned(),
                "https://iam.eu-west-101.myhuaweicloud.eu".to_owned(),
            ]
            .contains(&row[n - 1].to_owned()),
            "{region}: {}",
            row[n - 1]
        );
    }
    for known in [
        "cn-north-4 https://drs.cn-north-4.myhuaweicloud.com https://iam.cn-north-4.myhuaweicloud.com",
        "eu-west-101 https://drs.eu-west-101.myhuaweicloud.eu https://iam.eu-west-101.myhuaweicloud.eu",
    ] {
        let want: Vec<&str> = known.split(' ').collect();
        assert!(
            rows.iter()
                .any(|r| r[0] == want[0] && r[r.len() - 2..] == want[1..]),
            "{known}: {stdout}"
        );
    }
}

#[tokio::test]
async fn an_sdk_credentials_file_with_upper_case_keys_works() {
    let (server, home) = served(10).await;
    let (ak, sk, project) = (demo::DEMO_AK, demo::DEMO_SK, demo::DEMO_PROJECT_ID);
    let upper = format!("[Basic]\nAK = {ak}\nSK = {sk}\nPROJECT_ID = {project}\n");
    let file = common::bin::file_in(home.path(), "credentials", &upper);
    let mut c = cmd(home.path());
    c.env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file).args([
        "--endpoint",
        &server.base_url(),
        "jobs",
        "list",
    ]);
    let listed = stdout_ok(c).await;
    assert!(listed.lines().count() > 1, "jobs listed");
}

#[test]
fn settings_check_the_region_only_when_it_picks_the_endpoint_and_need_a_region_to_find_a_project() {
    use drs_tui::config::{FlagValues, resolve};
    let env = settings_env;
    let aksk = [("HUAWEICLOUD_SDK_AK", "AK1"), ("HUAWEICLOUD_SDK_SK", "SK1")];
    let flags = |region: &str, endpoint: Option<&str>| FlagValues {
        region: Some(region.into()),
        endpoint: endpoint.map(str::to_owned),
        ..Default::default()
    };
    // A region newer than the table works with an endpoint or the SDK's override variable.
    assert!(
        resolve(
            &flags("xx-new-1", Some("https://drs.example")),
            &env(&aksk),
            None
        )
        .is_ok()
    );
    let mut with_override = aksk.to_vec();
    with_override.push(("HUAWEICLOUD_SDK_REGION_DRS_XX_NEW_1", "https://drs.example"));
    assert!(resolve(&flags("xx-new-1", None), &env(&with_override), None).is_ok());
    let err = resolve(&flags("xx-new-1", None), &env(&aksk), None).unwrap_err();
    assert!(
        err.0.contains("HUAWEICLOUD_SDK_REGION_DRS_XX_NEW_1"),
        "{err}"
    );

    // AK/SK + region and no project id: resolved now, looked up later; the IAM endpoint is
    // the region's.
    let s = resolve(&flags("cn-north-4", None), &env(&aksk), None).expect("resolves");
    assert_eq!(s.project_id, None);
    assert_eq!(
        s.iam_endpoint.as_str(),
        "https://iam.cn-north-4.myhuaweicloud.com/"
    );
    // Without a region there is nothing to look up; a token cannot look one up.
    let no_region = FlagValues {
        endpoint: Some("https://drs.example".into()),
        ..Default::default()
    };
    let err = resolve(&no_region, &env(&aksk), None).unwrap_err();
    assert!(
        err.0.contains("--region") && err.0.contains("--project-id"),
        "{err}"
    );
    let err = resolve(
        &flags("cn-north-4", None),
        &env(&[("DRS_TUI_TOKEN", "t")]),
        None,
    )
    .unwrap_err();
    assert!(err.0.contains("--project-id"), "{err}");
}
