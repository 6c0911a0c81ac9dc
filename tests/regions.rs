//! Several projects at once (`--regions`, issue 11): the real binary against a three-project
//! demo service over TCP, each region pointed at it with `HUAWEICLOUD_SDK_REGION_DRS_<REGION>`
//! and IAM with `--iam-endpoint`.

mod common;

use std::collections::{HashMap, HashSet};
use std::process::Command;

use common::bin::{cmd, run, text};
use common::regions::{REGIONS, all_regions_args, region_env, settings_env};
use common::service::{deletes_sent, expect_exit, expect_success, listed_json};
use drs_tui::demo::{self, DemoServer, project_id_of};

/// Three projects of 12 jobs each, meeting the faults of `faults`.
async fn three_projects(faults: &str) -> DemoServer {
    common::regions::three_projects(12, faults).await
}

/// Every job id of a project, by region.
fn ids_by_region(server: &DemoServer) -> HashMap<&'static str, HashSet<String>> {
    REGIONS
        .iter()
        .map(|r| {
            let id = project_id_of(r);
            let ids = match server.state.regional(&id) {
                Some(s) => s.job_ids(),
                None => server.state.job_ids(),
            };
            (*r, ids.into_iter().collect())
        })
        .collect()
}

/// The binary with every region and IAM pointed at `server`, and `--regions all`.
fn regions_cmd(server: &DemoServer, home: &std::path::Path, creds: &[(&str, &str)]) -> Command {
    let mut c = cmd(home);
    c.envs(region_env(server, false))
        .envs(creds.iter().copied())
        .args(all_regions_args(server));
    c
}

const TOKEN: [(&str, &str); 1] = [("DRS_TUI_TOKEN", demo::DEMO_TOKEN)];
const PASSWORD: [(&str, &str); 3] = [
    ("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER),
    ("DRS_TUI_IAM_PASSWORD", demo::DEMO_IAM_PASSWORD),
    ("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN),
];

#[tokio::test(flavor = "multi_thread")]
async fn jobs_list_regions_all_returns_every_job_with_its_region_and_project() {
    let server = three_projects("").await;
    let home = tempfile::tempdir().expect("tmp");
    let jobs = listed_json(regions_cmd(&server, home.path(), &TOKEN)).await;
    let mut seen: HashMap<String, HashSet<String>> = HashMap::new();
    for j in &jobs {
        let region = j["region"].as_str().expect("region").to_owned();
        assert_eq!(
            j["project_id"].as_str(),
            Some(project_id_of(&region).as_str()),
            "{j}"
        );
        seen.entry(region)
            .or_default()
            .insert(j["id"].as_str().expect("id").to_owned());
    }
    let want = ids_by_region(&server);
    assert_eq!(
        seen.len(),
        3,
        "three regions, MOS skipped: {:?}",
        seen.keys()
    );
    for r in REGIONS {
        assert_eq!(seen.get(r), want.get(r), "{r}");
    }

    // The table starts with REGION; TSV ends with REGION and PROJECT_ID.
    let mut c = regions_cmd(&server, home.path(), &TOKEN);
    c.args(["jobs", "list"]);
    let table = text(&run(c).await.stdout);
    assert!(table.starts_with("REGION"), "{table}");
    assert!(table.contains("ap-southeast-1"), "{table}");
    let mut c = regions_cmd(&server, home.path(), &TOKEN);
    c.args(["jobs", "list", "-o", "tsv"]);
    let tsv = text(&run(c).await.stdout);
    assert!(
        tsv.lines()
            .next()
            .is_some_and(|h| h.ends_with("\tREGION\tPROJECT_ID")),
        "{tsv}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cli_delete_goes_to_the_jobs_own_project_and_the_audit_names_its_region() {
    let server = three_projects("").await;
    let east = project_id_of("cn-east-3");
    let regional = server.state.regional(&east).expect("cn-east-3 project");
    let job = regional
        .with_jobs(|jobs| jobs.iter().find(|j| j.can_delete()).cloned())
        .expect("a deletable job in cn-east-3");
    let home = tempfile::tempdir().expect("tmp");
    let audit = home.path().join("audit.jsonl");
    let mut c = regions_cmd(&server, home.path(), &PASSWORD);
    c.args([
        "--audit-log",
        audit.to_str().expect("utf8"),
        "jobs",
        "delete",
        &job.id,
        "--yes",
    ]);
    expect_success(&run(c).await, "jobs delete");
    assert!(regional.job(&job.id).is_none(), "deleted in cn-east-3");
    let deletes = deletes_sent(&server);
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(deletes[0].path, format!("/v5/{east}/jobs/{}", job.id));
    assert_eq!(deletes[0].status, 200);

    let intent: serde_json::Value = std::fs::read_to_string(&audit)
        .expect("audit")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .find(|r| r["record"] == "intent")
        .expect("an intent");
    assert_eq!(intent["context"]["region"], "cn-east-3");
    assert_eq!(intent["context"]["project_id"], east.as_str());

    let mut c = cmd(home.path());
    c.args(["audit", "--audit-log", audit.to_str().expect("utf8")]);
    let shown = text(&run(c).await.stdout);
    assert!(
        shown
            .lines()
            .all(|l| l.contains(&format!("in cn-east-3 project {east}"))),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_login_with_regions_all_gets_one_token_per_project() {
    let server = three_projects("").await;
    let home = tempfile::tempdir().expect("tmp");
    let jobs = listed_json(regions_cmd(&server, home.path(), &PASSWORD)).await;
    let total: usize = ids_by_region(&server).values().map(HashSet::len).sum();
    assert_eq!(jobs.len(), total);
    let requests = server.state.requests();
    let logins = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v3/auth/tokens")
        .count();
    // One per project: the IAM project listing's (scoped to --region) serves that region's
    // project too; the demo's tokens work only on their project, so a token shared with the
    // other projects would have been refused (403).
    assert_eq!(logins, 3, "{requests:?}");
    assert!(
        requests
            .iter()
            .filter(|r| r.path.starts_with("/v5/"))
            .all(|r| r.status == 200),
        "{requests:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_projects_listing_failing_shows_its_error_while_the_other_two_list() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(&format!("GET /v5/{east}/jobs=503")).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = regions_cmd(&server, home.path(), &TOKEN);
    c.args(["jobs", "list", "-o", "json"]);
    let out = run(c).await;
    let err = expect_exit(&out, 1, "one project failing");
    assert!(
        err.contains("cn-east-3") && err.contains("503"),
        "the failing project and why: {err}"
    );
    let jobs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let regions: HashSet<&str> = jobs.iter().filter_map(|j| j["region"].as_str()).collect();
    assert_eq!(regions, HashSet::from(["cn-north-4", "ap-southeast-1"]));
    let want = ids_by_region(&server);
    assert_eq!(
        jobs.len(),
        want["cn-north-4"].len() + want["ap-southeast-1"].len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_scoped_to_one_project_is_refused_on_another() {
    let server = three_projects("").await;
    let client = common::client_with(
        &server,
        drs_tui::api::ClientConfig {
            project_id: Some(demo::DEMO_PROJECT_ID.into()),
            ..common::config(&server)
        },
        common::iam_password(demo::DEMO_IAM_PASSWORD),
    );
    client
        .list_page(drs_tui::api::JobType::Migration, &Default::default(), 0, 10)
        .await
        .expect("its own project lists");
    // The same token (no new login: a client for the same project id) on cn-east-3's path.
    let url = url::Url::parse(&server.base_url()).expect("url");
    let east = project_id_of("cn-east-3");
    let token = server
        .state
        .requests()
        .iter()
        .any(|r| r.path == "/v3/auth/tokens");
    assert!(token, "a login happened");
    let scoped = client.for_project(url, &east);
    scoped
        .list_page(drs_tui::api::JobType::Migration, &Default::default(), 0, 10)
        .await
        .expect("a client for cn-east-3 logs in to its own project");
    let logins = server
        .state
        .requests()
        .iter()
        .filter(|r| r.path == "/v3/auth/tokens")
        .count();
    assert_eq!(logins, 2, "one token per project");
    // An issued token sent raw to the other project's path is 403 APIGW.0302.
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{}/v3/auth/tokens", server.base_url()))
        .body(
            serde_json::json!({"auth": {
                "identity": {"methods": ["password"], "password": {"user": {
                    "name": demo::DEMO_IAM_USER, "password": demo::DEMO_IAM_PASSWORD,
                    "domain": {"name": demo::DEMO_IAM_DOMAIN}}}},
                "scope": {"project": {"name": "cn-north-4"}}}})
            .to_string(),
        )
        .send()
        .await
        .expect("login");
    let token = login
        .headers()
        .get("X-Subject-Token")
        .and_then(|v| v.to_str().ok())
        .expect("token")
        .to_owned();
    let resp = http
        .get(format!(
            "{}/v5/{east}/jobs?job_type=migration",
            server.base_url()
        ))
        .header("X-Auth-Token", token)
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 403);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body["error_code"], "APIGW.0302", "{body}");
}

#[test]
fn regions_come_from_the_flag_the_environment_or_the_profile() {
    use drs_tui::api::RegionsSpec;
    use drs_tui::config::{FlagValues, parse_config, resolve};
    let aksk = [("HUAWEICLOUD_SDK_AK", "AK1"), ("HUAWEICLOUD_SDK_SK", "SK1")];
    // `all` alone: no region or project id needed; IAM is asked at the global endpoint.
    let flags = FlagValues {
        regions: Some("all".into()),
        ..Default::default()
    };
    let s = resolve(&flags, &settings_env(&aksk), None).expect("resolves");
    assert_eq!(s.regions, Some(RegionsSpec::All));
    assert_eq!(s.iam_endpoint.as_str(), "https://iam.myhuaweicloud.com/");
    // The environment: the first region names IAM's endpoint.
    let mut e = aksk.to_vec();
    e.push(("DRS_TUI_REGIONS", "cn-east-3,ap-southeast-1"));
    let s = resolve(&FlagValues::default(), &settings_env(&e), None).expect("resolves");
    assert_eq!(
        s.regions,
        Some(RegionsSpec::List(vec![
            "cn-east-3".into(),
            "ap-southeast-1".into()
        ]))
    );
    assert_eq!(s.region.as_deref(), Some("cn-east-3"));
    // The profile key.
    let path = std::path::Path::new("config.toml");
    let file = parse_config(
        "[profiles.p]\nregions = \"all\"\nregion = \"cn-north-4\"\n",
        path,
    )
    .expect("config");
    let flags = FlagValues {
        profile: Some("p".into()),
        ..Default::default()
    };
    let s = resolve(&flags, &settings_env(&aksk), Some((path, &file))).expect("resolves");
    assert_eq!(s.regions, Some(RegionsSpec::All));
    // Bad input is refused with what to type.
    let bad = FlagValues {
        regions: Some("cn/x".into()),
        ..Default::default()
    };
    let err = resolve(&bad, &settings_env(&aksk), None).expect_err("refused");
    assert!(err.0.contains("--regions"), "{err}");
    let err = resolve(&flags_all(), &settings_env(&PASSWORD), None).expect_err("refused");
    assert!(err.0.contains("--region"), "{err}");
}

fn flags_all() -> drs_tui::config::FlagValues {
    drs_tui::config::FlagValues {
        regions: Some("all".into()),
        ..Default::default()
    }
}

/// `jobs delete --ignore-not-found ID --regions all --yes`, its audit trail's outcome records.
async fn delete_ignoring_not_found(
    server: &DemoServer,
    id: &str,
) -> (std::process::Output, Vec<serde_json::Value>) {
    let home = tempfile::tempdir().expect("tmp");
    let audit = home.path().join("audit.jsonl");
    let mut c = regions_cmd(server, home.path(), &PASSWORD);
    c.args(["--audit-log", audit.to_str().expect("utf8")]);
    c.args(["jobs", "delete", "--yes", "--ignore-not-found", id]);
    let out = run(c).await;
    let outcomes = std::fs::read_to_string(&audit)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .filter(|r| r["record"] == "outcome")
        .collect();
    (out, outcomes)
}

#[tokio::test(flavor = "multi_thread")]
async fn ignore_not_found_with_regions_records_an_id_in_no_project_as_already_gone() {
    let server = three_projects("").await;
    let (out, outcomes) = delete_ignoring_not_found(&server, "no-such-job").await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "no-such-job already gone: not found in any project of --regions"
    );
    let deletes = server.state.requests().into_iter();
    assert_eq!(deletes.filter(|r| r.method == "DELETE").count(), 0);
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes[0]["job_id"], "no-such-job");
    assert_eq!(
        outcomes[0]["result"],
        "already gone: not found in any project of --regions"
    );
    assert_eq!(outcomes[0]["settled_by"], "lookup");
}

#[tokio::test(flavor = "multi_thread")]
async fn ignore_not_found_with_regions_claims_nothing_when_a_projects_lookup_failed() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(&format!("GET /v5/{east}/jobs=503")).await;
    let (out, outcomes) = delete_ignoring_not_found(&server, "no-such-job").await;
    // The job may live in the project that did not answer: not "already gone", exit 1.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        !text(&out.stdout).contains("already gone"),
        "{}",
        text(&out.stdout)
    );
    assert!(outcomes.is_empty(), "{outcomes:?}");
    let deletes = server.state.requests().into_iter();
    assert_eq!(deletes.filter(|r| r.method == "DELETE").count(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn jobs_list_regions_all_with_every_project_failing_names_every_project() {
    let (north, east, ap) = (
        project_id_of("cn-north-4"),
        project_id_of("cn-east-3"),
        project_id_of("ap-southeast-1"),
    );
    let server = three_projects(&format!(
        "GET /v5/{north}/jobs=503;GET /v5/{east}/jobs=500;GET /v5/{ap}/jobs=502"
    ))
    .await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = regions_cmd(&server, home.path(), &TOKEN);
    c.args(["jobs", "list"]);
    let out = run(c).await;
    let err = expect_exit(&out, 1, "every project failing");
    assert!(text(&out.stdout).is_empty(), "nothing listed");
    assert!(err.contains("every project of --regions (3)"), "{err}");
    for (region, status) in [
        ("cn-north-4", "503"),
        ("cn-east-3", "500"),
        ("ap-southeast-1", "502"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("listing jobs of {region} failed"))
                    && l.contains(status)),
            "{region} and its {status} named: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_whose_projects_lookup_failed_says_so_instead_of_not_found() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(&format!("GET /v5/{east}/jobs=500")).await;
    let regional = server.state.regional(&east).expect("cn-east-3 project");
    let job = regional
        .with_jobs(|jobs| jobs.iter().find(|j| j.can_delete()).cloned())
        .expect("a deletable job in cn-east-3");
    let home = tempfile::tempdir().expect("tmp");
    let mut c = regions_cmd(&server, home.path(), &TOKEN);
    c.args(["jobs", "delete", &job.id, "--yes"]);
    let err = expect_exit(&run(c).await, 1, "a failed lookup");
    assert!(!err.contains("not found in any project"), "untrue: {err}");
    assert!(
        err.contains("looking up jobs in cn-east-3 failed") && err.contains("500"),
        "the failed lookup and why: {err}"
    );
    assert!(
        err.contains(&format!(
            "{}: not found in the projects that answered, and the lookup failed in cn-east-3",
            job.id
        )),
        "{err}"
    );
    let deletes = server.state.requests().into_iter();
    assert_eq!(deletes.filter(|r| r.method == "DELETE").count(), 0);
    assert!(regional.job(&job.id).is_some());
}
