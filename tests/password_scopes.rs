//! IAM password login under `--regions` (issue 14 item 6): each project gets a login of its own;
//! a project the IAM user may not enter is named as such (not as a wrong password) and tried
//! once; a wrong password is tried once and ends every project. Against the demo service over
//! TCP, whose IAM refuses logins scoped to the projects in `DemoConfig::no_access` with 401.

mod common;

use std::collections::{HashMap, HashSet};

use common::bin::{cmd, drs_requests, exited, run, stderr_exit, with};
use drs_tui::api::{ClientConfig, ClientError, DrsClient, JobType, RegionsSpec, ScopeSet};
use drs_tui::demo::{self, DemoConfig, DemoServer, project_id_of};
use drs_tui::session::scopes::resolve_scopes;

use common::regions::{REGIONS, region_env};

const REFUSED: &str = "cn-east-3";

/// Three projects; the demo IAM user may not enter cn-east-3's.
async fn three_projects_one_refused() -> DemoServer {
    common::server_with(DemoConfig {
        jobs: 12,
        projects: REGIONS.iter().map(|r| r.to_string()).collect(),
        no_access: vec![REFUSED.to_string()],
        ..DemoConfig::default()
    })
    .await
}

/// Each password login the demo received, counted by the project it asked for (a login by
/// name, as the first one is, counted under that project's id).
fn logins_by_project(server: &DemoServer) -> HashMap<String, usize> {
    let mut by = HashMap::new();
    for (scope, _) in server.state.logins() {
        let id = if REGIONS.contains(&scope.as_str()) {
            project_id_of(&scope)
        } else {
            scope
        };
        *by.entry(id).or_insert(0) += 1;
    }
    by
}

fn jobs_of(server: &DemoServer, region: &str) -> HashSet<String> {
    let ids = match server.state.regional(&project_id_of(region)) {
        Some(s) => s.job_ids(),
        None => server.state.job_ids(),
    };
    ids.into_iter().collect()
}

/// The real binary with every region and IAM pointed at `server`, password login with
/// `password`, `--regions all`.
fn regions_cmd(
    server: &DemoServer,
    home: &std::path::Path,
    password: &str,
) -> std::process::Command {
    let mut c = cmd(home);
    c.envs(region_env(server, false))
        .env("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER)
        .env("DRS_TUI_IAM_PASSWORD", password)
        .env("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN)
        .env("DRS_TUI_LANGUAGE", "en")
        .args(["--iam-endpoint", &server.base_url()])
        .args(["--region", "cn-north-4", "--regions", "all"]);
    c
}

/// Asserts that the demo received exactly one password login.
fn one_login(server: &DemoServer) {
    let logins = server.state.logins();
    assert_eq!(logins.len(), 1, "{logins:?}");
}

/// Asserts that no request went to the DRS of `project_id` (it has no token to send).
fn nothing_sent_to(server: &DemoServer, project_id: &str, what: &str) {
    let prefix = format!("/v5/{project_id}/");
    let sent: Vec<String> = server
        .state
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.starts_with(&prefix))
        .collect();
    assert!(sent.is_empty(), "{what}: {sent:?}");
}

/// The scopes of `--regions all` for `base`, each project's DRS at the demo.
async fn all_scopes(server: &DemoServer, base: &DrsClient) -> ScopeSet {
    let url = url::Url::parse(&server.base_url()).expect("demo url");
    let getenv = drs_tui::session::CredentialTargets::demo_at(&url);
    resolve_scopes(base, &RegionsSpec::All, &getenv)
        .await
        .expect("IAM lists the projects")
}

/// A password client scoped (by name) to the demo region, as the binary makes it.
fn password_client(server: &DemoServer, password: &str) -> DrsClient {
    common::client_with(
        server,
        ClientConfig {
            project_id: None,
            ..common::config(server)
        },
        common::iam_password(password),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_project_the_user_may_not_enter_is_named_and_tried_once_while_the_others_list() {
    let server = three_projects_one_refused().await;
    let home = tempfile::tempdir().expect("tmp");
    let c = regions_cmd(&server, home.path(), demo::DEMO_IAM_PASSWORD);
    let out = run(with(c, ["jobs", "list", "-o", "json"])).await;
    // One project failed: exit 1, not the credentials' exit 2.
    let err = exited(&out, 1);
    let east = project_id_of(REFUSED);
    assert!(
        err.contains(&format!("no access to project {REFUSED} ({east})")),
        "the refusal names the project: {err}"
    );
    assert!(
        !err.contains("was refused") && !err.contains("Check the IAM user name, password"),
        "not reported as a wrong password: {err}"
    );
    // The two other projects list all their jobs.
    let jobs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let listed: HashSet<String> = jobs
        .iter()
        .filter_map(|j| j["id"].as_str().map(str::to_owned))
        .collect();
    let want: HashSet<String> = jobs_of(&server, "cn-north-4")
        .union(&jobs_of(&server, "ap-southeast-1"))
        .cloned()
        .collect();
    assert_eq!(listed, want);
    // At most one login per project, the refused one included, though its listing made
    // several requests (one per job type).
    let logins = logins_by_project(&server);
    assert!(logins.values().all(|n| *n == 1), "{logins:?}");
    assert_eq!(logins.len(), 3, "{logins:?}");
    let refused: Vec<(String, u16)> = server
        .state
        .logins()
        .into_iter()
        .filter(|(_, status)| *status == 401)
        .collect();
    assert_eq!(refused, vec![(east.clone(), 401)]);
    // Nothing was sent to the refused project.
    nothing_sent_to(&server, &east, "no request without a token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_project_fails_at_once_on_every_later_request_without_a_login() {
    let server = three_projects_one_refused().await;
    let base = password_client(&server, demo::DEMO_IAM_PASSWORD);
    let set = all_scopes(&server, &base).await;
    let east = project_id_of(REFUSED);
    let mut no_access = 0;
    for _ in 0..3 {
        for (scope, client) in &set.clients {
            let page = client
                .list_page(JobType::Migration, &Default::default(), 0, 10)
                .await;
            if scope.label().contains(REFUSED) {
                let f = page.expect_err("no access");
                match &f.error {
                    ClientError::NoAccess {
                        project_id,
                        project_name,
                        ..
                    } => {
                        assert_eq!(project_id, &east);
                        assert_eq!(project_name.as_deref(), Some(REFUSED));
                    }
                    other => panic!("expected no access, got {other:?}"),
                }
                no_access += 1;
            } else {
                page.expect("an accessible project lists");
            }
        }
    }
    assert_eq!(no_access, 3);
    let logins = logins_by_project(&server);
    assert_eq!(logins.get(&east), Some(&1), "{logins:?}");
    assert!(logins.values().all(|n| *n == 1), "{logins:?}");
    // The password is not reported as refused: writes elsewhere still go.
    assert_eq!(base.login_refused(), None);
    // A scope built again (`:region all` in the TUI) does not try the refused project again.
    let again = all_scopes(&server, &base).await;
    for (scope, client) in &again.clients {
        if scope.label().contains(REFUSED) {
            let f = client
                .list_page(JobType::Migration, &Default::default(), 0, 10)
                .await
                .expect_err("still no access");
            assert!(matches!(f.error, ClientError::NoAccess { .. }), "{f:?}");
        }
    }
    assert_eq!(logins_by_project(&server).get(&east), Some(&1));
    nothing_sent_to(&server, &east, "nothing sent to the refused project");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_access_is_worded_in_english_and_chinese() {
    let e = ClientError::NoAccess {
        project_id: "0123abcd".into(),
        project_name: Some("cn-east-3".into()),
        detail: "401 401 The request you have made requires authentication.".into(),
    };
    let en = drs_tui::i18n::scoped(drs_tui::i18n::Language::EnUs, || e.to_string());
    let zh = drs_tui::i18n::scoped(drs_tui::i18n::Language::ZhCn, || e.to_string());
    assert!(
        en.contains("no access to project cn-east-3 (0123abcd)"),
        "{en}"
    );
    assert!(zh.contains("无权访问项目 cn-east-3 (0123abcd)"), "{zh}");
    assert!(
        zh.contains("requires authentication"),
        "IAM's answer is kept: {zh}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_on_the_first_scope_is_one_login_and_ends_every_request() {
    let server = three_projects_one_refused().await;
    let home = tempfile::tempdir().expect("tmp");
    let c = regions_cmd(&server, home.path(), "not-the-password");
    let err = stderr_exit(with(c, ["jobs", "list", "-o", "json"]), 2).await;
    assert!(
        err.contains("was refused") && err.contains("No further login is tried"),
        "a wrong password stays a wrong password: {err}"
    );
    assert!(!err.contains("no access to project"), "{err}");
    one_login(&server);
    assert_eq!(drs_requests(&server), 0, "no DRS request");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_tried_by_three_projects_at_once_is_one_login() {
    let server = three_projects_one_refused().await;
    let base = password_client(&server, "not-the-password");
    let url = url::Url::parse(&server.base_url()).expect("url");
    // No login has happened yet: the three projects' first requests race for it.
    let clients: Vec<DrsClient> = REGIONS
        .iter()
        .map(|r| base.for_project(url.clone(), &project_id_of(r)))
        .collect();
    let filter = drs_tui::api::ListFilter::default();
    let results = futures::future::join_all(
        clients
            .iter()
            .map(|c| c.list_page(JobType::Migration, &filter, 0, 10)),
    )
    .await;
    for r in &results {
        let f = r.as_ref().expect_err("refused");
        assert!(matches!(f.error, ClientError::Auth(_)), "{f:?}");
    }
    one_login(&server);
    // Every later request of every project ends at once.
    for c in &clients {
        c.list_page(JobType::Sync, &Default::default(), 0, 10)
            .await
            .expect_err("still refused");
    }
    one_login(&server);
    assert!(base.login_refused().is_some());
    assert_eq!(drs_requests(&server), 0, "no DRS request");
}
