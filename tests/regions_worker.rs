//! The TUI's worker over several projects (issue 11): per-project listing state, retrying only
//! the failed project, switching the scope at run time, and a write going to its job's project.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use common::service::{delete_paths, demo_targets, next_msg as next};
use common::*;
use drs_tui::api::{Job, JobType, RegionsSpec, Scope, ScopeId, ScopeListing, ScopeRequest};
use drs_tui::app::{App, Effect, Msg, Settings, update};
use drs_tui::audit::{AuditContext, AuditLog};
use drs_tui::demo::{DemoConfig, DemoServer, project_id_of};
use drs_tui::ops::{WriteOutcome, Writer};
use drs_tui::session::scopes::resolve_scopes;
use drs_tui::worker::{ScopeFuture, Worker};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(15);

/// Three projects of 10 jobs each, meeting the faults of `faults`.
async fn three_projects(faults: &str) -> DemoServer {
    common::regions::three_projects(10, faults).await
}

/// The worker lists every job type, as listing `generation`.
fn list_all_types(w: &Worker, generation: u64) {
    w.run(Effect::ListJobs {
        types: JobType::ALL.to_vec(),
        generation,
    });
}

/// The worker is asked to move to the project of `region` alone.
fn set_region(w: &Worker, region: &str) {
    let spec = RegionsSpec::List(vec![region.into()]);
    w.run(Effect::SetScope(ScopeRequest::Regions(spec)));
}

/// The new scope the worker set: its projects and label (a refusal fails the test).
async fn scopes_set(rx: &mut mpsc::UnboundedReceiver<Msg>) -> (Vec<ScopeId>, String) {
    next(rx, |m| match m {
        Msg::ScopesSet { scopes, label, .. } => Some((scopes, label)),
        Msg::ScopeFailed { error } => panic!("{error}"),
        _ => None,
    })
    .await
}

/// How the worker's next delete ended.
async fn delete_done(rx: &mut mpsc::UnboundedReceiver<Msg>) -> WriteOutcome {
    next(rx, |m| match m {
        Msg::DeleteDone { outcome, .. } => Some(outcome),
        _ => None,
    })
    .await
}

/// An app over two projects (cn-north-4 and cn-east-3, at made-up endpoints) that has just
/// been told its scope; the effects of that.
fn two_project_app() -> (App, ScopeId, ScopeId, Vec<Effect>) {
    let scope = |r: &str| {
        ScopeId::intern(Scope {
            region: r.into(),
            project_id: project_id_of(r),
            project_name: r.into(),
            endpoint: format!("https://drs.{r}.example/"),
        })
    };
    let (north, east) = (scope("cn-north-4"), scope("cn-east-3"));
    let mut app = App::new(Settings::default(), None);
    let effects = update(
        &mut app,
        Msg::ScopesSet {
            scopes: vec![north, east],
            label: "all (2 projects)".into(),
            in_force: Default::default(),
        },
    );
    (app, north, east, effects)
}

/// A worker covering every project of the server (each region pointed at it), with a
/// resolver for `Effect::SetScope` and an audit log in `dir`.
async fn worker(
    server: &DemoServer,
    dir: &std::path::Path,
) -> (Worker, mpsc::UnboundedReceiver<Msg>, Vec<ScopeId>) {
    let client = token_client(server);
    let set = resolve_scopes(
        &client,
        &RegionsSpec::All,
        &demo_targets(&server.base_url()),
    )
    .await
    .expect("projects");
    let scopes: Vec<ScopeId> = set.clients.iter().map(|(id, _)| *id).collect();
    let writer = Writer::new(
        client.clone(),
        Some(AuditLog::open(&dir.join("audit.jsonl")).expect("audit")),
        AuditContext::default(),
        4,
    );
    let base = client.clone();
    let url = server.base_url();
    let resolver = Arc::new(move |r: ScopeRequest| {
        let base = base.clone();
        let url = url.clone();
        Box::pin(async move {
            let getenv = demo_targets(&url);
            match r {
                ScopeRequest::Regions(spec) => resolve_scopes(&base, &spec, &getenv).await,
                other => Err(format!("not in this test: {other:?}")),
            }
        }) as ScopeFuture
    });
    let (tx, rx) = mpsc::unbounded_channel();
    let w = Worker::new(client, Ok(writer), tx)
        .with_scopes(set)
        .with_resolver(resolver);
    (w, rx, scopes)
}

/// What a listing through the worker reported.
struct Listed {
    /// Each project's last state, by region.
    states: HashMap<String, ScopeListing>,
    /// The ids of `ListComplete`.
    ids: HashSet<String>,
    /// The projects `ListComplete` says were kept (not listed this time), by region.
    kept: Vec<String>,
    /// The jobs of the pages, as listed (tagged with their project).
    jobs: HashMap<String, Arc<Job>>,
}

/// Runs a listing to its end.
async fn listing(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Listed {
    let mut states = HashMap::new();
    let mut jobs = HashMap::new();
    let (ids, kept) = next(rx, |m| match m {
        Msg::ScopeListing { scope, state, .. } => {
            states.insert(scope.label(), state);
            None
        }
        Msg::JobsPage { jobs: page, .. } => {
            jobs.extend(page.into_iter().map(|j| (j.id.clone(), j)));
            None
        }
        Msg::ListComplete { ids, kept, .. } => Some((ids, kept)),
        Msg::ListFailed { error, .. } => panic!("listing failed: {error}"),
        _ => None,
    })
    .await;
    let mut kept: Vec<String> = kept.iter().map(|s| s.label()).collect();
    kept.sort();
    Listed {
        states,
        ids,
        kept,
        jobs,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_project_is_reported_alone_and_retried_alone() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(&format!("GET /v5/{east}/jobs=503")).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (w, mut rx, scopes) = worker(&server, dir.path()).await;
    assert_eq!(scopes.len(), 3, "MOS is skipped");
    list_all_types(&w, 1);
    let Listed {
        states, ids, kept, ..
    } = listing(&mut rx).await;
    assert!(
        matches!(&states["cn-east-3"], ScopeListing::Failed(why) if why.contains("503")),
        "{states:?}"
    );
    for r in ["cn-north-4", "ap-southeast-1"] {
        assert_eq!(states[r], ScopeListing::Listed { jobs: 10 }, "{r}");
    }
    assert_eq!(ids.len(), 20, "the two others' jobs");
    assert_eq!(kept, ["cn-east-3"], "the failed project's jobs stay");

    // The fault is gone: only cn-east-3 is listed again, and every job is there after.
    server.state.set_faults(Vec::new());
    server.state.clear_requests();
    let failed: Vec<ScopeId> = scopes
        .iter()
        .copied()
        .filter(|s| s.label() == "cn-east-3")
        .collect();
    w.run(Effect::RetryScopes {
        scopes: failed,
        types: JobType::ALL.to_vec(),
        generation: 2,
    });
    let Listed {
        states, ids, kept, ..
    } = listing(&mut rx).await;
    assert_eq!(states.len(), 1, "{states:?}");
    assert_eq!(states["cn-east-3"], ScopeListing::Listed { jobs: 10 });
    assert_eq!(ids.len(), 10, "cn-east-3's jobs");
    assert_eq!(
        kept,
        ["ap-southeast-1", "cn-north-4"],
        "the others' jobs stay as they were"
    );
    assert!(
        server
            .state
            .requests()
            .iter()
            .all(|r| r.path.contains(&east)),
        "only cn-east-3 was asked again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_switched_scope_lists_only_its_projects_and_writes_go_where_the_job_lives() {
    let server = three_projects("").await;
    let dir = tempfile::tempdir().expect("tmp");
    let (w, mut rx, _) = worker(&server, dir.path()).await;
    set_region(&w, "cn-east-3");
    let (scopes, label) = scopes_set(&mut rx).await;
    assert_eq!(label, "cn-east-3");
    assert_eq!(scopes.len(), 1);
    list_all_types(&w, 1);
    let Listed {
        states,
        ids,
        kept,
        jobs: listed,
    } = listing(&mut rx).await;
    assert!(kept.is_empty(), "{kept:?}");
    assert_eq!(states.keys().collect::<Vec<_>>(), vec!["cn-east-3"]);
    let east = project_id_of("cn-east-3");
    let regional = server.state.regional(&east).expect("cn-east-3");
    let want: std::collections::HashSet<String> = regional.job_ids().into_iter().collect();
    assert_eq!(ids, want);

    let job = regional
        .with_jobs(|jobs| jobs.iter().find(|j| j.can_delete()).cloned())
        .expect("a deletable cn-east-3 job");
    // The job as the listing tagged it: its scope says where the delete goes.
    let job = listed.get(&job.id).cloned().expect("listed");
    assert_eq!(job.scope.label(), "cn-east-3");
    w.run(Effect::DeleteJob {
        job: job.clone(),
        after_ambiguous: false,
    });
    let outcome = delete_done(&mut rx).await;
    assert!(outcome.succeeded(), "{}", outcome.summary());
    assert!(regional.job(&job.id).is_none());
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).expect("audit");
    assert!(audit.contains("\"region\":\"cn-east-3\""), "{audit}");

    // An unknown region is refused, and the scope stays.
    set_region(&w, "cn-south-1");
    let error = next(&mut rx, |m| match m {
        Msg::ScopeFailed { error } => Some(error),
        Msg::ScopesSet { .. } => panic!("an unknown project was accepted"),
        _ => None,
    })
    .await;
    assert!(error.contains("cn-south-1"), "{error}");
    assert_eq!(w.scope_set().clients.len(), 1);
}

#[test]
fn the_app_keeps_each_projects_state_and_retries_only_the_failed_ones() {
    let (mut app, north, east, effects) = two_project_app();
    assert!(
        matches!(effects.as_slice(), [Effect::ListJobs { generation: 1, .. }]),
        "{effects:?}"
    );
    assert_eq!(app.scope_label, "all (2 projects)");
    update(
        &mut app,
        Msg::ScopeListing {
            generation: 1,
            scope: north,
            state: ScopeListing::Listed { jobs: 3 },
        },
    );
    update(
        &mut app,
        Msg::ScopeListing {
            generation: 1,
            scope: east,
            state: ScopeListing::Failed("503 \u{1b}[31mbusy".into()),
        },
    );
    // A stale listing's state is ignored.
    update(
        &mut app,
        Msg::ScopeListing {
            generation: 0,
            scope: north,
            state: ScopeListing::Listing,
        },
    );
    assert_eq!(app.scope_states[&north], ScopeListing::Listed { jobs: 3 });
    assert!(
        matches!(&app.scope_states[&east], ScopeListing::Failed(why) if !why.contains('\u{1b}')),
        "server text is cleaned"
    );
    update(
        &mut app,
        Msg::ListComplete {
            generation: 1,
            ids: Default::default(),
            kept: vec![east],
        },
    );
    let retry = app.retry_failed_scopes();
    assert!(
        matches!(retry.as_slice(), [Effect::RetryScopes { scopes, generation: 2, .. }] if scopes == &vec![east]),
        "{retry:?}"
    );
    assert_eq!(app.scope_states[&east], ScopeListing::Listing);
    assert!(
        app.retry_failed_scopes().is_empty(),
        "one listing at a time"
    );
}

/// Waits (polling the demo's counters) until `ready` holds, with a timeout.
async fn wait_until(mut ready: impl FnMut() -> bool) {
    tokio::time::timeout(WAIT, async {
        while !ready() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("reached in time");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scope_switch_cancels_the_old_listing_and_the_server_gets_no_more_of_its_pages() {
    use drs_tui::api::client::LIST_CONCURRENCY;
    // A slow multi-project listing: small pages, each answered after a latency.
    let server = server_with(DemoConfig {
        jobs: 300,
        projects: drs_tui::demo::DEMO_REGIONS
            .iter()
            .map(|r| r.to_string())
            .collect(),
        latency: Duration::from_millis(500),
        max_page_size: 5,
        ..DemoConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let (w, mut rx, scopes) = worker(&server, dir.path()).await;
    assert_eq!(scopes.len(), 3);
    let old: Vec<String> = ["cn-north-4", "ap-southeast-1"]
        .iter()
        .map(|r| project_id_of(r))
        .collect();
    let pages_needed = |p: &str| {
        let state = server
            .state
            .regional(p)
            .unwrap_or_else(|| server.state.clone());
        let n = state.with_jobs(|jobs| jobs.iter().filter(|j| j.job_type == "migration").count());
        n.div_ceil(5) as u64
    };
    w.run(Effect::ListJobs {
        types: vec![JobType::Migration],
        generation: 1,
    });
    // Each old project is past its first page, with the next ones asked for ahead (all of them
    // now waiting out the latency).
    let arrivals =
        |ps: &[String]| -> Vec<u64> { ps.iter().map(|p| server.state.list_arrivals(p)).collect() };
    wait_until(|| arrivals(&old).iter().all(|n| *n > LIST_CONCURRENCY as u64)).await;

    set_region(&w, "cn-east-3");
    next(&mut rx, |m| match m {
        Msg::ScopesSet { .. } => Some(()),
        Msg::ScopeFailed { error } => panic!("{error}"),
        Msg::ListComplete { generation: 1, .. } => panic!("the old listing completed first"),
        _ => None,
    })
    .await;
    let at_switch = arrivals(&old);
    for (p, n) in old.iter().zip(&at_switch) {
        assert!(
            *n < pages_needed(p),
            "the old listing had more pages to ask for"
        );
    }

    // Two reads in the new scope, one after the other, each a latency long: the old listing
    // would have asked for its next pages meanwhile.
    let east = project_id_of("cn-east-3");
    let job = server.state.regional(&east).expect("cn-east-3").job_ids()[0].clone();
    let job = Arc::new(Job {
        id: job,
        scope: w.scope_set().clients[0].0,
        ..Job::default()
    });
    for _ in 0..2 {
        w.run(Effect::ShowJob { job: job.clone() });
        next(&mut rx, |m| match m {
            Msg::DetailLoaded { .. } => Some(()),
            Msg::DetailFailed { error, .. } => panic!("{error}"),
            _ => None,
        })
        .await;
    }
    assert_eq!(
        arrivals(&old),
        at_switch,
        "no page of the old scope was asked for after the switch"
    );

    // The new scope's listing runs its course, several latencies long; the old one never ends.
    w.run(Effect::ListJobs {
        types: vec![JobType::Migration],
        generation: 2,
    });
    next(&mut rx, |m| match m {
        Msg::ListComplete { generation: 2, .. } => Some(()),
        Msg::ListComplete { generation: 1, .. } | Msg::ListFailed { generation: 1, .. } => {
            panic!("the old listing ran on to its end")
        }
        Msg::ScopeListing {
            generation: 1,
            state: ScopeListing::Listed { .. },
            scope,
        } => panic!("the old listing of {} ran on to its end", scope.label()),
        Msg::ListFailed { error, .. } => panic!("{error}"),
        _ => None,
    })
    .await;
    assert!(server.state.list_arrivals(&east) >= pages_needed(&east));
    assert_eq!(
        arrivals(&old),
        at_switch,
        "no page of the old scope was asked for after the switch"
    );
}

#[test]
fn a_completed_listing_drops_unseen_jobs_of_the_projects_listed_and_keeps_the_others() {
    let (mut app, north, east, _) = two_project_app();
    let job = |id: &str, scope: ScopeId| {
        Arc::new(Job {
            id: id.into(),
            name: id.into(),
            status: "RELEASE_RESOURCE_COMPLETE".into(),
            scope,
            ..Job::default()
        })
    };
    let g = app.generation;
    update(
        &mut app,
        Msg::JobsPage {
            generation: g,
            total: 4,
            job_type: JobType::Migration,
            jobs: vec![
                job("n-seen", north),
                job("n-gone", north),
                job("e-1", east),
                job("e-2", east),
            ],
        },
    );
    // cn-east-3 failed this time: only cn-north-4's unseen job goes.
    update(
        &mut app,
        Msg::ListComplete {
            generation: g,
            ids: ["n-seen".to_string()].into_iter().collect(),
            kept: vec![east],
        },
    );
    let mut left: Vec<&str> = app.table.all().iter().map(|j| j.id.as_str()).collect();
    left.sort();
    assert_eq!(left, ["e-1", "e-2", "n-seen"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_confirmed_before_a_scope_switch_still_goes_where_its_job_lives() {
    let server = three_projects("").await;
    let dir = tempfile::tempdir().expect("tmp");
    let (w, mut rx, _) = worker(&server, dir.path()).await;
    list_all_types(&w, 1);
    let Listed { jobs: listed, .. } = listing(&mut rx).await;
    let east = project_id_of("cn-east-3");
    let regional = server.state.regional(&east).expect("cn-east-3");
    let id = regional
        .with_jobs(|jobs| jobs.iter().find(|j| j.can_delete()).map(|j| j.id.clone()))
        .expect("a deletable cn-east-3 job");
    let job = listed.get(&id).cloned().expect("listed");

    // The user moves to another region before the delete goes (e.g. in the undo window).
    set_region(&w, "cn-north-4");
    scopes_set(&mut rx).await;
    server.state.clear_requests();
    w.run(Effect::DeleteJob {
        job,
        after_ambiguous: false,
    });
    let outcome = delete_done(&mut rx).await;
    assert!(outcome.succeeded(), "{}", outcome.summary());
    assert!(regional.job(&id).is_none(), "deleted in cn-east-3");
    assert_eq!(delete_paths(&server), [format!("/v5/{east}/jobs/{id}")]);
}
