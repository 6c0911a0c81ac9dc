//! Installing and setting up drs-tui, with the real binary: --version, the man page, `config
//! init|show|profiles`, the help layout, and the scripting output formats (shell completions:
//! tests/completions.rs).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::bin::*;
use common::*;

/// Runs `c` to completion (killed after the harness's deadline).
fn run(c: Command) -> Output {
    run_blocking(c)
}

/// Runs `c` to a success; its stdout.
fn ok(c: Command) -> String {
    succeeded(&run(c))
}

/// `drs-tui ARGS` in a fresh home: its stdout, after a success.
fn ok_in_new_home<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let home = tempfile::tempdir().expect("tmp");
    ok(with(cmd(home.path()), args))
}

fn help(args: &[&str]) -> String {
    ok_in_new_home(args.iter().chain(&["--help"]))
}

#[test]
fn version_names_the_commit_and_target_in_a_checkout() {
    let v = ok_in_new_home(["--version"]);
    assert!(
        v.starts_with(&format!("drs-tui {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    let dir = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["-C", dir, "rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| text(&o.stdout).trim().to_string());
    match head {
        // Built from this checkout: the commit the binary was built from, and the target.
        Some(_) => {
            assert!(v.contains("(commit "), "{v}");
            assert!(v.contains(std::env::consts::ARCH), "{v}");
        }
        // A source tarball: just the version.
        None => assert!(!v.contains("commit"), "{v}"),
    }
}

#[test]
fn man_is_a_roff_page_that_documents_every_subcommand() {
    let home = tempfile::tempdir().expect("tmp");
    let page = ok(with(cmd(home.path()), ["man"]));
    assert!(
        page.lines().any(|l| l.starts_with(".TH drs-tui 1")),
        "no title: {}",
        page.get(..200).unwrap_or(&page)
    );
    let sections = [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH \"GLOBAL OPTIONS\"",
    ];
    assert_has_all(&page, &sections);
    for p in subcommand_paths() {
        let heading = format!(
            ".SH \"DRS\\-TUI {}\"",
            p.join(" ").to_uppercase().replace('-', "\\-")
        );
        assert!(page.contains(&heading), "no section {heading}");
    }
    assert!(
        page.contains("\\-\\-no\\-headers"),
        "jobs list's own option"
    );
    // No line of body text starts with a roff control character by accident.
    for line in page.lines() {
        if let Some(rest) = line.strip_prefix('.') {
            let word = rest.split_whitespace().next().unwrap_or("");
            assert!(
                [
                    "TH", "SH", "TP", "PP", "IP", "RS", "RE", "br", "B", "I", "SS", "ie", "el",
                    "nf", "fi"
                ]
                .contains(&word),
                "unexpected roff request: {line}"
            );
        }
    }
    // If man(1) is installed, it renders the page without complaint.
    let file = home.path().join("drs-tui.1");
    std::fs::write(&file, &page).expect("write");
    if let Ok(out) = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        && out.status.success()
    {
        let shown = text(&out.stdout);
        assert!(shown.contains("drs-tui jobs list"), "{shown}");
    }
}

#[test]
fn config_init_writes_the_example_privately_and_never_overwrites() {
    let home = tempfile::tempdir().expect("tmp");
    let path = home.path().join("config/drs-tui/config.toml");
    let said = ok(with(cmd(home.path()), ["config", "init"]));
    assert!(said.contains(&path.display().to_string()), "{said}");
    let written = std::fs::read_to_string(&path).expect("written at the default path");
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml"),
    )
    .expect("example");
    assert_eq!(written, example);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // A second init refuses and leaves the (edited) file alone.
    std::fs::write(&path, "# mine\n").expect("edit");
    let err = exited(&run(with(cmd(home.path()), ["config", "init"])), 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# mine\n");
    // --config chooses the place.
    let other = home.path().join("elsewhere/c.toml");
    let init = with(cmd(home.path()), ["config", "init", "--config"]);
    ok(with(init, [&other]));
    assert!(other.exists());
}

#[test]
fn config_profiles_lists_them_and_marks_the_default() {
    let home = tempfile::tempdir().expect("tmp");
    ok(with(cmd(home.path()), ["config", "init"]));
    let list = ok(with(cmd(home.path()), ["config", "profiles"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    let prod = lines
        .iter()
        .find(|l| l.starts_with("prod-cn"))
        .expect("prod-cn");
    assert!(
        prod.contains("(default)") && prod.contains("cn-north-4"),
        "{prod}"
    );
    assert!(lines.iter().filter(|l| l.contains("(default)")).count() == 1);
    assert!(
        !list.contains("SKEXAMPLE"),
        "no secret from the lab profile"
    );
}

/// `config show`'s rows as (setting, value, source).
fn rows(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .skip(1)
        .map(|l| {
            let mut parts = l.splitn(2, "  ");
            let key = parts.next().unwrap_or("").trim().to_string();
            let rest = parts.next().unwrap_or("").trim_start();
            // Value and source are separated by two or more spaces.
            let (value, source) = rest.rsplit_once("  ").unwrap_or((rest, ""));
            (key, value.trim().to_string(), source.trim().to_string())
        })
        .collect()
}

fn source_of(rows: &[(String, String, String)], key: &str) -> (String, String) {
    rows.iter()
        .find(|r| r.0 == key)
        .map(|r| (r.1.clone(), r.2.clone()))
        .unwrap_or_else(|| panic!("no {key} in {rows:?}"))
}

#[test]
fn config_show_names_each_values_source_and_prints_no_secret() {
    let home = tempfile::tempdir().expect("tmp");
    write_default_config(
        home.path(),
        r#"default_profile = "p"
[profiles.p]
region = "cn-north-4"
project_id = "from-profile"
endpoint = "https://drs.example.test"
page_size = 200
attempts = 2
[profiles.p.credentials]
type = "aksk"
ak = "AKPROFILEVISIBLE"
sk = "SKPROFILESECRET"
"#,
    );
    let mut c = cmd(home.path());
    c.env("HUAWEICLOUD_SDK_PROJECT_ID", "from-env")
        .env("SSL_CERT_FILE", "/etc/company-ca.pem")
        .env("DRS_TUI_READ_ONLY", "1")
        .args([
            "config",
            "show",
            "--region",
            "ap-southeast-1",
            "--concurrency",
            "2",
        ]);
    let out = ok(c);
    assert!(out.starts_with("SETTING"), "{out}");
    let r = rows(&out);
    for (key, value, source) in [
        ("profile", "p", "config file default_profile"),
        ("region", "ap-southeast-1", "flag --region"),
        ("project_id", "from-env", "env HUAWEICLOUD_SDK_PROJECT_ID"),
        ("endpoint", "https://drs.example.test/", "profile p"),
        ("page_size", "200", "profile p"),
        ("concurrency", "2", "flag --concurrency"),
        ("read_only", "true", "env DRS_TUI_READ_ONLY"),
        ("attempts", "2", "profile p"),
        ("ca_bundle", "/etc/company-ca.pem", "env SSL_CERT_FILE"),
    ] {
        let want = (value.to_string(), source.to_string());
        assert_eq!(source_of(&r, key), want, "{key}");
    }
    assert_eq!(source_of(&r, "request_timeout_secs").1, "default");
    let (creds, from) = source_of(&r, "credentials");
    assert!(creds.contains("[REDACTED]"), "{creds}");
    assert_eq!(from, "profile p");
    assert!(
        !out.contains("SKPROFILESECRET") && !out.contains("AKPROFILEVISIBLE"),
        "{out}"
    );

    // The SDK's credentials file: its project id and keys, named as such; a token from env.
    let keys = "[basic]\nak = AKSDKFILE\nsk = SKSDKSECRET\nproject_id = from-sdk-file\n";
    let sdk = file_in(home.path(), "sdk-credentials", keys);
    let mut c = cmd(home.path());
    c.env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &sdk)
        .env("DRS_TUI_REGION", "cn-north-4")
        .args(["config", "show", "--config", "/dev/null"]);
    let out = ok(c);
    let r = rows(&out);
    assert_eq!(
        source_of(&r, "project_id"),
        ("from-sdk-file".into(), "SDK file".into())
    );
    assert!(
        source_of(&r, "credentials").1.starts_with("SDK file"),
        "{out}"
    );
    assert_eq!(source_of(&r, "region").1, "env DRS_TUI_REGION");
    let want = ("1000".to_string(), "default".to_string());
    assert_eq!(source_of(&r, "page_size"), want);
    assert!(
        !out.contains("SKSDKSECRET") && !out.contains("AKSDKFILE"),
        "{out}"
    );

    // A password in an endpoint URL is a secret too.
    let show = |token: &str, flag: &str, value: &str| {
        let mut c = cmd(home.path());
        c.env("DRS_TUI_TOKEN", token)
            .args(["config", "show", flag, value])
            .args(["--project-id", "x", "--config", "/dev/null"]);
        ok(c)
    };
    let url = "https://user:URLPASSWORD@drs.example.test";
    let out = show("t", "--endpoint", url);
    assert!(!out.contains("URLPASSWORD"), "{out}");
    assert!(
        source_of(&rows(&out), "endpoint").0.contains("[REDACTED]"),
        "{out}"
    );

    let out = show("TOKENSECRETVALUE", "--region", "cn-north-4");
    assert_eq!(
        source_of(&rows(&out), "credentials"),
        ("IAM token [REDACTED]".into(), "env".into())
    );
    assert!(!out.contains("TOKENSECRETVALUE"));
}

#[test]
fn each_help_shows_its_own_options_first_and_only_the_globals_it_uses() {
    let list = help(&["jobs", "list"]);
    let own = list.find("--job-type").expect("own option");
    let heading = list.find("Global options:").expect("global heading");
    let region = list.find("--region").expect("global option");
    assert!(own < heading && heading < region, "{list}");
    assert!(
        !list.contains("--undo-grace") && !list.contains("--ascii"),
        "TUI-only: {list}"
    );

    let demo = help(&["demo-server"]);
    for ignored in [
        "--undo-grace",
        "--read-only",
        "--region",
        "--profile",
        "--audit-log",
    ] {
        assert!(
            !demo.contains(ignored),
            "demo-server lists {ignored}: {demo}"
        );
    }
    assert!(demo.contains("--listen") && demo.contains("--log-file"));

    for cmd in [
        &["completions"][..],
        &["man"],
        &["regions"],
        &["config", "init"],
    ] {
        let h = help(cmd);
        assert!(
            !h.contains("--region") && !h.contains("--read-only"),
            "{cmd:?}: {h}"
        );
    }
    let audit = help(&["audit"]);
    assert!(
        audit.contains("--audit-log") && !audit.contains("--region"),
        "{audit}"
    );
    assert!(help(&["jobs", "delete"]).contains("--audit-log"));
    let show = help(&["jobs", "show"]);
    assert!(
        !show.contains("--page-size") && !show.contains("--concurrency"),
        "{show}"
    );
    // The TUI's own flags stay on the top level.
    let top = help(&[]);
    assert!(
        top.contains("--undo-grace") && top.contains("--ascii"),
        "{top}"
    );

    // What -o json prints, exactly.
    assert!(list.contains("One JSON array"), "{list}");
    assert!(help(&["jobs", "show"]).contains("One JSON object"));
    assert!(audit.contains("JSON Lines"));
    assert!(help(&["jobs", "stop"]).contains("JSON Lines"));
}

#[tokio::test]
async fn jobs_list_tsv_without_headers_and_created_as_in_the_tui() {
    let server = server(30).await;
    // A job whose create_time is epoch milliseconds, as some answers carry it.
    insert_copy(&server, "00000000-0000-4000-8000-0000000e9001", |j| {
        j.name = "epoch-created".into();
        j.create_time = "1700000000000".into();
    });
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path().to_path_buf();
    let srv = &server;
    let list = |args: &[&str]| stdout_ok(with(with(against(srv, &h), ["jobs", "list"]), args));
    let json = list(&["-o", "json"]).await;
    let jobs: Vec<serde_json::Value> = serde_json::from_str(&json).expect("array");
    let tsv = list(&["-o", "tsv", "--no-headers"]).await;
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(
        lines.len(),
        jobs.len(),
        "one line per job, no header: {tsv}"
    );
    for (line, j) in lines.iter().zip(&jobs) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 6, "{line:?}");
        assert_eq!(f[0], j["id"].as_str().expect("id"));
        let raw = j["create_time"]
            .as_str()
            .map_or_else(|| j["create_time"].to_string(), str::to_string);
        assert_eq!(f[5], drs_tui::ui::text::created(&raw), "{line}");
    }
    let epoch_line = lines
        .iter()
        .find(|l| l.contains("epoch-created"))
        .expect("epoch job listed");
    assert!(
        epoch_line.ends_with("\t2023-11-14 22:13:20"),
        "{epoch_line}"
    );

    let headed = list(&["-o", "tsv"]).await;
    assert_eq!(
        headed.lines().next(),
        Some("ID\tNAME\tSTATUS\tTYPE\tENGINE\tCREATED")
    );
    assert_eq!(headed.lines().count(), jobs.len() + 1);

    let table = list(&[]).await;
    let row = table
        .lines()
        .find(|l| l.contains("epoch-created"))
        .expect("row");
    assert!(row.ends_with("2023-11-14 22:13:20"), "{row}");
    assert!(!table.contains("1700000000000"));
    let bare = list(&["--no-headers"]).await;
    assert_eq!(bare.lines().count(), jobs.len(), "no header, no count line");
}

/// Natural order of region names: `cn-north-2` before `cn-north-11`.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in s.chars().chain(['\0']) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push((
                std::mem::take(&mut text),
                digits.parse().unwrap_or(u64::MAX),
            ));
            digits.clear();
        }
        text.push(c);
    }
    out.push((text, 0));
    out
}

#[test]
fn regions_are_listed_in_natural_order_as_a_table_and_as_json() {
    let table = ok_in_new_home(["regions"]);
    let names: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    let north: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.starts_with("cn-north-"))
        .collect();
    assert_eq!(
        north,
        [
            "cn-north-1",
            "cn-north-2",
            "cn-north-4",
            "cn-north-9",
            "cn-north-11",
            "cn-north-12"
        ],
        "{table}"
    );
    let mut want = names.clone();
    want.sort_by_key(|n| natural_key(n));
    assert_eq!(names, want, "every region in natural order");
    let json = ok_in_new_home(["regions", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("one JSON array");
    let list = json.as_array().expect("array");
    let json_names: Vec<&str> = list.iter().filter_map(|r| r["region"].as_str()).collect();
    assert_eq!(json_names, names, "the same regions in the same order");
    let north4 = list
        .iter()
        .find(|r| r["region"] == "cn-north-4")
        .expect("cn-north-4");
    assert_eq!(
        north4["drs_endpoint"],
        "https://drs.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(
        north4["iam_endpoint"],
        "https://iam.cn-north-4.myhuaweicloud.com"
    );
}

/// The `drs-tui …` commands a `config init` output suggests, as printed.
fn suggested(said: &str) -> Vec<String> {
    said.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("drs-tui "))
        .map(str::to_owned)
        .collect()
}

/// Runs a suggested command line with a POSIX shell, as a user pastes it, in `cmd`'s clean
/// environment with the binary on PATH.
fn paste(home: &Path, line: &str) -> Output {
    let mut sh = shell(home, "sh");
    sh.arg("-c").arg(line);
    run(sh)
}

#[test]
fn config_init_suggests_next_commands_that_work_and_keeps_config() {
    let home = tempfile::tempdir().expect("tmp");
    let custom = home.path().join("my configs/it's.toml");
    for given in [None, Some(custom.as_path())] {
        let mut c = cmd(home.path());
        c.args(["config", "init"]);
        if let Some(p) = given {
            c.arg("--config").arg(p);
        }
        let said = ok(c);
        let next = suggested(&said);
        assert_eq!(next.len(), 3, "{said}");
        for line in &next {
            assert_eq!(line.contains("--config"), given.is_some(), "{line}");
        }
        // `config profiles` and the lab profile's `config show` work as written.
        for line in next
            .iter()
            .filter(|l| !l.ends_with(" config show") || l.contains("lab"))
        {
            let out = paste(home.path(), line);
            assert!(out.status.success(), "{line}: {}", text(&out.stderr));
            if line.contains("profiles") {
                assert!(text(&out.stdout).contains("prod-cn"), "{line}");
            } else {
                assert!(text(&out.stdout).contains("eu-west-101"), "{line}");
            }
        }
        // The default profile's, once the SDK credentials file it names holds keys.
        let show = next
            .iter()
            .find(|l| l.ends_with(" config show") && !l.contains("lab"))
            .expect("config show for the default profile");
        let creds = home.path().join(".huaweicloud/credentials");
        std::fs::create_dir_all(creds.parent().expect("dir")).expect("dir");
        std::fs::write(&creds, "[basic]\nak = AKMINE\nsk = SKMINE\n").expect("credentials");
        let out = paste(home.path(), show);
        assert!(out.status.success(), "{show}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("prod-cn"), "{show}");
        std::fs::remove_file(&creds).expect("rm");
    }
}

#[test]
fn read_only_env_false_does_not_lift_a_profiles_read_only_and_config_show_says_so() {
    let home = tempfile::tempdir().expect("tmp");
    write_default_config(
        home.path(),
        "default_profile = \"ro\"\n[profiles.ro]\nregion = \"cn-north-4\"\nproject_id = \"0123456789abcdef0123456789abcdef\"\nread_only = true\n[profiles.ro.credentials]\ntype = \"env\"\nak_var = \"MY_AK\"\nsk_var = \"MY_SK\"\n",
    );
    let ro_false = |args: &[&str]| {
        let mut c = cmd(home.path());
        c.env("MY_AK", "ak").env("MY_SK", "sk");
        c.env("DRS_TUI_READ_ONLY", "false");
        run(with(c, args))
    };
    let shown = succeeded(&ro_false(&["config", "show"]));
    let (value, source) = source_of(&rows(&shown), "read_only");
    assert_eq!(value, "true", "{shown}");
    assert!(source.starts_with("profile ro"), "{source}");
    assert!(
        source.contains("DRS_TUI_READ_ONLY=false does not turn a profile's read-only off"),
        "{source}"
    );
    // And it is in force: a write is refused before any request (no endpoint is reachable).
    let err = exited(&ro_false(&["jobs", "delete", "--yes", "some-job"]), 2);
    assert!(err.contains("read-only"), "{err}");
    // `--help` of --read-only documents it (joined: clap wraps long help).
    let top = help(&[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        top.contains("DRS_TUI_READ_ONLY=false does not turn a profile's read_only = true off"),
        "--help of --read-only documents it: {top}"
    );
}
