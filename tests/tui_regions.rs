//! The TUI over several projects (issue 11), as a user: the real binary in a pseudo-terminal
//! against a three-project demo service on 127.0.0.1:0, each region pointed at it with
//! `HUAWEICLOUD_SDK_REGION_DRS_<REGION>` and IAM with `--iam-endpoint`. Keys are pressed, the
//! screen is read, and the service's own record of requests (and the audit log) is checked.

mod common;

use std::time::Duration;

use common::pty::{
    Tui, all_listed, at_east_job, keys, lists_of, over_regions, regions_listed,
    started_over_regions, switch_to_east,
};
use common::regions::three_projects;
use common::regions::{REGIONS, jobs_of};
use common::service::deletes_sent;
use drs_tui::demo::project_id_of;

const LONG: Duration = Duration::from_secs(25);

#[tokio::test(flavor = "multi_thread")]
async fn region_command_narrows_to_one_region_and_all_brings_every_region_back() {
    let server = three_projects(12, "").await;
    let (_home, mut tui, screen) = regions_listed(&server);
    // The strip names every project; the table says where each job lives.
    for r in REGIONS {
        assert!(screen.contains(r), "{r} on screen:\n{screen}");
    }
    assert!(screen.contains("REGION"), "{screen}");

    let command = |tui: &mut Tui| tui.command("region cn-east-3");
    switch_to_east(&mut tui, &server, command, |_| true);

    tui.command("region all");
    let screen = all_listed(&tui, &server);
    for r in REGIONS {
        assert!(screen.contains(r), "{r} back on screen:\n{screen}");
    }

    // A wrong region is refused on screen, and nothing changes.
    tui.command("region cn-esat-3");
    let screen = tui.wait_for("the refusal", LONG, |s| s.contains("unknown region"));
    assert!(screen.contains("cn-east-3"), "a suggestion:\n{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tui_delete_of_a_cn_east_3_job_goes_to_its_project_and_the_audit_says_cn_east_3() {
    let server = three_projects(12, "").await;
    let east = project_id_of("cn-east-3");
    let (job, home, mut tui) = at_east_job(&server);
    tui.send(b"d");
    let modal = tui.wait_text("Cancel (n/Esc)");
    assert!(
        modal.contains("own region and project"),
        "the modal says where it sends:\n{modal}"
    );
    let line = modal
        .lines()
        .find(|l| l.contains(&job.id[..8]) && l.contains("cn-east-3"))
        .map(str::to_owned);
    assert!(line.is_some(), "the job's line names its region:\n{modal}");
    tui.send(b"y");
    tui.wait_for("the outcome", LONG, |s| s.contains("200 OK"));
    let deletes = deletes_sent(&server);
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(deletes[0].path, format!("/v5/{east}/jobs/{}", job.id));
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).expect("audit");
    let intent: serde_json::Value = audit
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|r| r["record"] == "intent")
        .expect("an intent record");
    assert_eq!(intent["context"]["region"], "cn-east-3");
    assert_eq!(intent["context"]["project_id"], east.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn one_failing_project_shows_its_error_while_the_other_two_list_and_r_retries_it() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(12, &format!("GET /v5/{east}/jobs=503")).await;
    let (_home, mut tui) = started_over_regions(&server);
    let others = jobs_of(&server, "cn-north-4").len() + jobs_of(&server, "ap-southeast-1").len();
    let strip_failed = |s: &str| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains("cn-east-3 CN East-Shanghai1 ✗ failed"))
    };
    let screen = tui.wait_for("two projects listed, one failed", LONG, |s| {
        s.contains(&format!("jobs {others} of {others} listed"))
            && s.contains("1 failed · :regions")
            && strip_failed(s)
    });
    let strip = screen.lines().nth(1).unwrap_or_default().to_owned();
    assert!(
        strip.contains("cn-east-3") && strip.contains("failed"),
        "the strip says cn-east-3 failed:\n{screen}"
    );
    assert!(
        strip.contains("cn-north-4") && strip.contains("ap-southeast-1"),
        "{screen}"
    );
    // The view says why.
    tui.command("regions");
    tui.wait_for("the reason", LONG, |s| s.contains("503"));
    tui.send(keys::ESC);
    tui.wait_for("the view to close", LONG, |s| {
        !s.contains("Enter switch to it")
    });

    // Counted on arrival for the projects that listed, on answer for the failed one: a list of
    // the others sent with the failed one's would have arrived before that one is answered.
    let arrived = |region: &str| server.state.list_arrivals(&project_id_of(region));
    let (north, south, east_before) = (
        arrived("cn-north-4"),
        arrived("ap-southeast-1"),
        lists_of(&server, "cn-east-3"),
    );
    tui.send(b"r");
    tui.wait_for("cn-east-3 listed again", LONG, |_| {
        lists_of(&server, "cn-east-3") > east_before
    });
    assert_eq!(
        (arrived("cn-north-4"), arrived("ap-southeast-1")),
        (north, south),
        "r lists only the failed project again"
    );
}

/// `U` settles the unsettled writes of every project in view, each re-read in its own project
/// (it used to try only the first project's and call the others "sent elsewhere").
#[tokio::test(flavor = "multi_thread")]
async fn u_settles_an_earlier_write_in_any_project_in_view() {
    use drs_tui::audit::{self, AuditContext, AuditLog, AuditRecord};
    let server = three_projects(12, "").await;
    let east = project_id_of("cn-east-3");
    let job = jobs_of(&server, "cn-east-3")
        .into_iter()
        .find(|j| j.job_mode_role != "child")
        .expect("a cn-east-3 job");
    // An earlier run deleted it (the service processed it) and died before the answer.
    let regional = server.state.regional(&east).expect("cn-east-3 state");
    assert!(regional.remove_job(&job.id));
    let home = tempfile::tempdir().expect("tmp");
    let path = home.path().join("audit.jsonl");
    let log = AuditLog::open(&path).expect("audit");
    let sent = (time::OffsetDateTime::now_utc() - time::Duration::minutes(2))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time");
    log.append(&AuditRecord {
        context: Some(AuditContext {
            profile: None,
            region: Some("cn-east-3".into()),
            project_id: Some(east.clone()),
            endpoint: url::Url::parse(&server.base_url())
                .expect("url")
                .to_string(),
        }),
        time: sent,
        ..AuditRecord::new("intent", "op-east", "delete", &job)
    })
    .expect("append");
    drop(log);
    let mut tui = over_regions(&server, home.path());
    tui.wait_for("the offer", LONG, |s| {
        s.contains("1 write(s) of an earlier run are unsettled")
    });
    all_listed(&tui, &server);
    tui.send(b"U");
    let screen = tui.wait_for("the settled line", LONG, |s| {
        s.contains("deleted (confirmed by re-read)")
    });
    assert!(screen.contains("settled 1 write(s)"), "{screen}");
    assert!(!screen.contains("another endpoint or project"), "{screen}");
    let records = audit::read(&path).expect("read");
    assert!(audit::unsettled(&records).is_empty());
    tui.quit(LONG);
}
