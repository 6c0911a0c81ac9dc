//! Issue 11 in the pure state machine: the `:` command line (completion, history, errors),
//! switching the scope keeping marks and selection, the job's story (`p`, `l`, `m`), children
//! rows, and several projects in the table, the modal, the strip. Snapshots of the command line
//! and the region strip.

mod tui_fixtures;

use crossterm::event::KeyCode;
use drs_tui::api::{JobType, RegionsSpec, ScopeId, ScopeListing, ScopeRequest};
use drs_tui::app::{App, Effect, Msg, StoryKind, update};
use tui_fixtures::*;

fn screen(app: &App) -> String {
    screen_text(app)
}

/// Types a command line and runs it; the effects of Enter.
fn input(app: &App) -> String {
    app.command_line()
        .map(|c| c.input.clone())
        .unwrap_or_default()
}

#[test]
fn tab_completes_commands_and_regions_and_cycles_through_candidates() {
    let mut a = app();
    update(&mut a, key(':'));
    type_text(&mut a, "reg");
    // "region" and "regions" share "region": the common prefix, then both are offered.
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(input(&a), "region");
    let line = a.command_line().expect("open");
    assert_eq!(line.candidates, vec!["region", "regions"]);
    update(&mut a, key(' '));
    type_text(&mut a, "cn-ea");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(input(&a), "region cn-east-");
    update(&mut a, code(KeyCode::Tab));
    let first = input(&a);
    update(&mut a, code(KeyCode::Tab));
    assert_ne!(input(&a), first, "Tab again cycles");
    assert!(input(&a).starts_with("region cn-east-"));
    // One candidate completes at once.
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key(':'));
    type_text(&mut a, "ty");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(input(&a), "type ");
    type_text(&mut a, "cl");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(input(&a), "type cloudDataGuard");
}

#[test]
fn region_all_and_one_region_ask_the_worker_to_switch() {
    let mut a = app();
    let e = command(&mut a, "region cn-east-3");
    assert_eq!(
        e,
        vec![Effect::SetScope(ScopeRequest::Regions(RegionsSpec::List(
            vec!["cn-east-3".into()]
        )))]
    );
    assert!(a.status.as_deref().is_some_and(|s| s.contains("switching")));
    // One switch at a time.
    assert!(command(&mut a, "region all").is_empty());
    update(
        &mut a,
        Msg::ScopeFailed {
            error: "IAM has no such project".into(),
        },
    );
    let s = a.status.clone().unwrap_or_default();
    assert!(
        s.contains("could not switch to region cn-east-3") && s.contains("IAM"),
        "{s}"
    );
    assert_eq!(
        command(&mut a, "region all"),
        vec![Effect::SetScope(ScopeRequest::Regions(RegionsSpec::All))]
    );
    assert_eq!(
        command(&mut a, "profile staging"),
        Vec::<Effect>::new(),
        "busy until the worker answers"
    );
}

#[test]
fn wrong_commands_and_arguments_say_what_is_accepted_and_send_nothing() {
    let mut a = app();
    for (line, says) in [
        ("frobnicate", "unknown command :frobnicate"),
        ("region", ":region needs an argument"),
        ("region cn-esat-3", "did you mean cn-east-3"),
        ("region cn-east-3 cn-north-4", "takes one argument"),
        ("type bulk", "unknown job type bulk"),
        (
            "profile nope",
            "unknown profile nope (profiles: prod-cn, staging)",
        ),
        ("project a/b", "not a project id or name"),
        ("q now", ":q takes no argument"),
    ] {
        let e = command(&mut a, line);
        assert!(e.is_empty(), "{line}: {e:?}");
        let s = a.status.clone().unwrap_or_default();
        assert!(s.contains(says), "{line}: {s}");
        assert!(a.command_line().is_none());
    }
}

#[test]
fn type_and_quit_commands_act_at_once() {
    let mut a = app();
    let e = command(&mut a, "type sync");
    assert_eq!(a.job_type, Some(JobType::Sync));
    assert!(matches!(&e[..], [Effect::ListJobs { types, .. }] if types == &vec![JobType::Sync]));
    assert_eq!(command(&mut a, "q"), vec![Effect::Quit]);
}

#[test]
fn history_walks_back_and_forth_and_keeps_the_draft() {
    let mut a = app();
    command(&mut a, "type sync");
    command(&mut a, "type migration");
    assert_eq!(a.history, vec!["type sync", "type migration"]);
    assert!(a.history_dirty);
    update(&mut a, key(':'));
    type_text(&mut a, "reg");
    update(&mut a, code(KeyCode::Up));
    assert_eq!(input(&a), "type migration");
    update(&mut a, code(KeyCode::Up));
    assert_eq!(input(&a), "type sync");
    update(&mut a, code(KeyCode::Up));
    assert_eq!(input(&a), "type sync", "stays on the oldest");
    update(&mut a, code(KeyCode::Down));
    assert_eq!(input(&a), "type migration");
    update(&mut a, code(KeyCode::Down));
    assert_eq!(input(&a), "reg", "back to what was being typed");
    // The same line twice in a row is kept once.
    update(&mut a, code(KeyCode::Esc));
    command(&mut a, "type migration");
    assert_eq!(a.history.len(), 2);
}

#[test]
fn editing_keys_move_the_cursor_and_control_characters_never_enter_the_line() {
    let mut a = app();
    update(&mut a, key(':'));
    type_text(&mut a, "rgion");
    for _ in 0..4 {
        update(&mut a, code(KeyCode::Left));
    }
    update(&mut a, key('e'));
    assert_eq!(input(&a), "region");
    update(&mut a, key('\u{1b}'));
    assert_eq!(input(&a), "region");
    update(&mut a, code(KeyCode::End));
    update(&mut a, code(KeyCode::Backspace));
    assert_eq!(input(&a), "regio");
    update(&mut a, ctrl('u'));
    assert_eq!(input(&a), "");
    update(&mut a, code(KeyCode::Backspace));
    assert!(
        a.command_line().is_none(),
        "Backspace on an empty line closes it"
    );
}

/// The project `name` of `region`, its id the name's letters and digits padded with zeros.
fn scope(region: &str, name: &str) -> ScopeId {
    project(
        region,
        name,
        &format!("{:0<32}", name.replace(['-', '_'], "")),
    )
}

/// An app over three projects (two in cn-north-4), each job in one of them.
fn regional_app(w: u16, h: u16) -> App {
    let scopes = [
        scope("cn-north-4", "cn-north-4"),
        scope("cn-east-3", "cn-east-3"),
        scope("cn-north-4", "cn-north-4_payments"),
    ];
    let states = vec![
        ScopeListing::Listed { jobs: 3 },
        ScopeListing::Failed("503 DRS.M00500: service busy".into()),
        ScopeListing::Listing,
    ];
    let (a, e) = app_over(&scopes, Default::default(), (w, h), states);
    assert!(matches!(&e[..], [Effect::ListJobs { .. }]));
    a
}

#[test]
fn region_strip_and_columns_snapshot() {
    let a = regional_app(160, 32);
    let s = screen(&a);
    assert!(s.contains("REGION") && s.contains("PROJECT"), "{s}");
    // The console's region names beside the codes, whole, where the strip has room.
    assert!(s.contains("cn-east-3 CN East-Shanghai1 ✗ failed"), "{s}");
    insta::assert_snapshot!("region_strip", s);
}

#[test]
fn command_line_snapshot_with_candidates() {
    let mut a = regional_app(120, 32);
    update(&mut a, key(':'));
    type_text(&mut a, "region cn-");
    update(&mut a, code(KeyCode::Tab));
    let s = screen(&a);
    assert!(s.contains(":region cn-"), "{s}");
    // The candidates sit in the bottom border of the pane above: its corners stay.
    let lines: Vec<&str> = s.lines().collect();
    let above = lines[lines.len() - 2];
    assert!(above.starts_with('└') && above.ends_with('┘'), "{s}");
    insta::assert_snapshot!("command_line", s);
}

#[test]
fn the_filter_matches_regions_and_s_sorts_by_them() {
    let mut a = regional_app(120, 32);
    filter_by(&mut a, "4_payments");
    assert!(a.table.shown() > 0);
    assert!(
        a.table
            .rows()
            .all(|j| j.scope.label() == "cn-north-4_payments")
    );
    update(&mut a, code(KeyCode::Esc));
    for _ in 0..5 {
        update(&mut a, key('s'));
    }
    assert_eq!(a.table.sort().0, drs_tui::app::SortColumn::Region);
    let labels: Vec<String> = a.table.rows().map(|j| j.scope.label()).collect();
    let mut sorted = labels.clone();
    sorted.sort();
    assert_eq!(labels, sorted);
}

#[test]
fn the_modal_names_each_jobs_region_and_r_retries_only_the_failed_project() {
    let mut a = regional_app(120, 32);
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    let m = a.modal().expect("modal");
    assert_eq!(m.targets[0].region, "cn-north-4");
    assert!(screen(&a).contains("own region and project"));
    update(&mut a, code(KeyCode::Esc));
    let e = update(&mut a, key('r'));
    match &e[..] {
        [Effect::RetryScopes { scopes, .. }] => {
            assert_eq!(scopes.len(), 1);
            assert_eq!(scopes[0].region(), "cn-east-3");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_scope_switch_keeps_marks_and_selection_on_the_jobs_that_remain() {
    let mut a = regional_app(120, 32);
    select(&mut a, "orders-sync-19");
    update(&mut a, key(' '));
    let kept = a.table.selected().cloned().expect("selected");
    select(&mut a, "orders-sync-08");
    update(&mut a, key(' '));
    let gone = a.table.selected().cloned().expect("selected");
    select(&mut a, "orders-sync-19");
    command(&mut a, &format!("region {}", kept.scope.region()));
    let e = update(
        &mut a,
        Msg::ScopesSet {
            scopes: vec![kept.scope],
            label: kept.scope.region(),
            in_force: Default::default(),
        },
    );
    assert!(matches!(&e[..], [Effect::ListJobs { .. }]));
    assert_eq!(a.settings.region, kept.scope.region());
    let remaining: Vec<_> = jobs()
        .into_iter()
        .filter(|j| j.id != gone.id)
        .map(|mut j| {
            j.scope = kept.scope;
            j
        })
        .collect();
    let g = a.generation;
    update(&mut a, page(g, &remaining));
    update(&mut a, complete(g, &remaining));
    assert_eq!(
        a.table.selected().map(|j| j.id.clone()),
        Some(kept.id.clone())
    );
    assert!(a.table.is_marked(&kept.id));
    let (shown, hidden) = a.table.marked_split();
    assert!(
        shown.iter().chain(hidden.iter()).all(|j| j.id != gone.id),
        "a job no longer listed is not acted on"
    );
}

#[test]
fn p_and_l_fetch_the_story_and_m_pages_the_log() {
    let mut a = on("orders-sync-08");
    let id = a.table.selected().map(|j| j.id.clone()).expect("sel");
    let e = update(&mut a, key('p'));
    assert_eq!(
        e,
        vec![Effect::ShowStory {
            job: a.table.shared(&id).cloned().expect("listed"),
            kind: StoryKind::Progress,
            offset: 0,
            limit: 50
        }]
    );
    let e = update(&mut a, key('l'));
    assert!(matches!(
        &e[..],
        [Effect::ShowStory {
            kind: StoryKind::Log,
            offset: 0,
            ..
        }]
    ));
    let logs: Vec<serde_json::Value> = (0..50)
        .map(|i| serde_json::json!({"level": "Info", "message": format!("step {i}\u{1b}[31m"), "create_time": "2026-10-02T14:31:07Z"}))
        .collect();
    update(
        &mut a,
        Msg::StoryLoaded {
            job_id: id.clone(),
            kind: StoryKind::Log,
            offset: 0,
            total: Some(70),
            detail: serde_json::json!({"logs": logs}),
        },
    );
    let story = a.story.as_ref().expect("story");
    assert_eq!(story.log.len(), 50);
    assert!(!story.log[0].message.contains('\u{1b}'), "sanitized");
    let e = update(&mut a, key('m'));
    assert!(matches!(
        &e[..],
        [Effect::ShowStory {
            offset: 50,
            limit: 50,
            ..
        }]
    ));
    // An answer for another job (the user moved on) is dropped.
    update(
        &mut a,
        Msg::StoryLoaded {
            job_id: "other".into(),
            kind: StoryKind::Log,
            offset: 50,
            total: Some(70),
            detail: serde_json::json!({"logs": [{"message": "x"}]}),
        },
    );
    assert_eq!(a.story.as_ref().map(|s| s.log.len()), Some(50));
    update(
        &mut a,
        Msg::StoryFailed {
            job_id: id.clone(),
            kind: StoryKind::Log,
            error: "503 busy".into(),
        },
    );
    assert!(screen(&a).contains("503 busy"));
    // After a failure, m tries the same page again.
    let e = update(&mut a, key('m'));
    assert!(matches!(&e[..], [Effect::ShowStory { offset: 50, .. }]));
}

#[test]
fn enter_opens_a_parent_to_children_rows_that_stay_below_it_and_delete_alone() {
    let mut parent = job(
        "aaaa0000-0000-4000-8000-000000000001",
        "zz-parent",
        "INCRE_TRANSFER_STARTED",
        &[],
    );
    parent.children = vec![
        job(
            "aaaa0000-0000-4000-8000-0000000000c1",
            "aa-child-1",
            "RELEASE_CHILD_TRANSFER_COMPLETE",
            &["DELETE"],
        ),
        job(
            "aaaa0000-0000-4000-8000-0000000000c2",
            "aa-child-2",
            "CHILD_TRANSFER_STARTED",
            &[],
        ),
    ];
    let mut all = jobs();
    all.push(parent.clone());
    let mut a = app_with(settings(), all.clone(), 120, 32);
    let n = a.table.shown();
    select(&mut a, "zz-parent");
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.table.shown(), n + 2);
    let rows: Vec<String> = a.table.rows().map(|j| j.name.clone()).collect();
    let p = rows.iter().position(|r| r == "zz-parent").expect("parent");
    // Sorted by name the children would come first: they stay below their parent.
    assert_eq!(rows[p + 1..p + 3], ["aa-child-1", "aa-child-2"]);
    update(&mut a, key('S'));
    let rows: Vec<String> = a.table.rows().map(|j| j.name.clone()).collect();
    let p = rows.iter().position(|r| r == "zz-parent").expect("parent");
    assert_eq!(rows[p + 1..p + 3], ["aa-child-1", "aa-child-2"]);
    assert!(screen(&a).contains("└ aa-child-1"));
    // A refresh keeps the children rows.
    a.refresh();
    let g = a.generation;
    update(&mut a, page(g, &all));
    update(&mut a, complete(g, &all));
    assert_eq!(a.table.shown(), n + 2);

    select(&mut a, "aa-child-1");
    update(&mut a, key('d'));
    let m = a.modal().expect("modal");
    assert_eq!(m.targets.len(), 1);
    assert_eq!(m.targets[0].name, "aa-child-1");
    // The modal is confirmed only once it has been seen.
    draw(&mut a);
    let e = update(&mut a, key('y'));
    assert!(
        matches!(&e[..], [Effect::DeleteJob { job, .. }] if job.id == "aaaa0000-0000-4000-8000-0000000000c1")
    );
    update(
        &mut a,
        delete_msg(
            "aaaa0000-0000-4000-8000-0000000000c1",
            deleted("aaaa0000-0000-4000-8000-0000000000c1"),
        ),
    );
    assert_eq!(a.table.shown(), n + 1);
    // Enter on a child closes its parent.
    select(&mut a, "aa-child-2");
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.table.shown(), n);
    assert_eq!(
        a.table.selected().map(|j| j.name.as_str()),
        Some("zz-parent")
    );
    // Opened again, the deleted child does not come back.
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.table.shown(), n + 1);
}
