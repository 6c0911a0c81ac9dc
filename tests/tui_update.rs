//! Unit and property tests of the pure `update`.

mod tui_fixtures;

use std::collections::HashSet;

use crossterm::event::KeyCode;
use drs_tui::api::JobType;
use drs_tui::app::{Button, ConfirmAction, Detail, Effect, Msg, Phase, update};
use proptest::prelude::*;
use tui_fixtures::*;

fn names(app: &drs_tui::app::App) -> Vec<String> {
    app.table.rows().map(|j| j.name.clone()).collect()
}

fn selected(app: &drs_tui::app::App) -> String {
    app.table
        .selected()
        .map(|j| j.name.clone())
        .unwrap_or_default()
}

#[test]
fn start_lists_every_type() {
    let mut a = drs_tui::app::App::new(settings(), None);
    let e = a.start();
    assert_eq!(
        e,
        vec![Effect::ListJobs {
            types: JobType::ALL.to_vec(),
            generation: 1
        }]
    );
}

#[test]
fn navigation_moves_and_clamps() {
    let mut a = app();
    assert_eq!(selected(&a), "billing-cdc-02");
    update(&mut a, key('j'));
    update(&mut a, code(KeyCode::Down));
    assert_eq!(selected(&a), "orders-sync-08");
    update(&mut a, key('G'));
    assert_eq!(selected(&a), "订单库同步-05");
    update(&mut a, key('j'));
    assert_eq!(selected(&a), "订单库同步-05");
    update(&mut a, key('g'));
    update(&mut a, key('k'));
    assert_eq!(selected(&a), "billing-cdc-02");
    update(&mut a, code(KeyCode::PageDown));
    assert_eq!(selected(&a), "订单库同步-05");
    update(&mut a, code(KeyCode::Home));
    assert_eq!(selected(&a), "billing-cdc-02");
}

#[test]
fn filter_is_live_case_insensitive_and_chinese() {
    let mut a = app();
    update(&mut a, key('/'));
    type_text(&mut a, "ORDERS");
    assert_eq!(a.table.shown(), 4);
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.table.shown(), 8);
    update(&mut a, key('/'));
    type_text(&mut a, "订单");
    assert_eq!(names(&a), vec!["订单库同步-05"]);
    update(&mut a, code(KeyCode::Enter));
    assert!(!a.filtering);
    assert_eq!(a.table.filter(), "订单");
    // Status and id match too.
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key('/'));
    type_text(&mut a, "failed");
    assert_eq!(a.table.shown(), 2);
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key('/'));
    type_text(&mut a, "9a7e11d2");
    assert_eq!(names(&a), vec!["orders-sync-19"]);
}

#[test]
fn sort_cycles_and_reverses() {
    let mut a = app();
    update(&mut a, key('S'));
    assert_eq!(names(&a)[0], "订单库同步-05");
    update(&mut a, key('s'));
    assert_eq!(a.table.sort().0, drs_tui::app::SortColumn::Status);
}

#[test]
fn marks_toggle_all_and_clear() {
    let mut a = app();
    update(&mut a, key(' '));
    assert_eq!(a.table.marks().len(), 1);
    update(&mut a, key(' '));
    assert!(a.table.marks().is_empty());
    update(&mut a, key('/'));
    type_text(&mut a, "orders");
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('a'));
    assert_eq!(a.table.marks().len(), 4);
    update(&mut a, key('A'));
    assert!(a.table.marks().is_empty());
}

#[test]
fn delete_single_needs_y_and_focus_starts_on_cancel() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    assert!(update(&mut a, key('d')).is_empty());
    let m = a.modal.as_ref().expect("modal open");
    assert_eq!(m.focus, Button::Cancel);
    assert_eq!(m.targets.len(), 1);
    // Enter on Cancel closes without effect.
    assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
    assert!(a.modal.is_none());
    update(&mut a, key('d'));
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::DeleteJob {
            job_id: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r".into(),
            name: "orders-sync-08".into()
        }]
    );
    assert_eq!(
        a.ops
            .get("dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r")
            .map(|o| o.phase.clone()),
        Some(Phase::Queued)
    );
}

#[test]
fn modal_swallows_other_keys_and_n_cancels() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    for m in [
        key('j'),
        key('q'),
        key('a'),
        key('d'),
        key(' '),
        code(KeyCode::Delete),
    ] {
        assert!(update(&mut a, m).is_empty());
    }
    assert!(a.modal.is_some());
    assert!(!a.quit);
    assert!(a.table.marks().is_empty());
    assert_eq!(selected(&a), "orders-sync-08");
    update(&mut a, key('n'));
    assert!(a.modal.is_none());
    update(&mut a, code(KeyCode::Delete));
    update(&mut a, code(KeyCode::Right));
    assert_eq!(a.modal.as_ref().map(|m| m.focus), Some(Button::Confirm));
    let e = update(&mut a, code(KeyCode::Enter));
    assert_eq!(e.len(), 1);
}

#[test]
fn bulk_modal_lists_hidden_and_skipped_and_stop_first() {
    let mut a = app();
    for n in ["orders-sync-08", "orders-sync-00", "billing-cdc-02"] {
        select(&mut a, n);
        update(&mut a, key(' '));
    }
    update(&mut a, key('/'));
    type_text(&mut a, "orders");
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('d'));
    let m = a.modal.clone().expect("modal");
    assert_eq!(m.action, ConfirmAction::Delete);
    assert_eq!(
        m.targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["orders-sync-08"]
    );
    assert_eq!(
        m.hidden.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["billing-cdc-02"]
    );
    assert_eq!(m.skipped.len(), 1);
    assert!(m.offers_stop_first());
    assert_eq!(m.count(), 2);
    update(&mut a, key('s'));
    let e = update(&mut a, key('y'));
    assert_eq!(e.len(), 3);
    assert!(e.contains(&Effect::StopThenDelete {
        job_id: "0b1d3e4f-2222-4c2d-b4d7-5084b0f00002".into()
    }));
    assert_eq!(a.batch.map(|b| b.total), Some(3));
    assert!(a.table.marks().is_empty());
}

#[test]
fn large_batch_requires_typing_the_count() {
    let many: Vec<_> = (0..12)
        .map(|i| {
            job(
                &format!("id-{i:02}"),
                &format!("job-{i:02}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    let mut a = app_with(settings(), many, 120, 32);
    update(&mut a, key('a'));
    update(&mut a, key('d'));
    assert_eq!(
        a.modal.as_ref().and_then(|m| m.require.clone()),
        Some("12".into())
    );
    assert!(
        update(&mut a, key('y')).is_empty(),
        "y is typed text until the count matches"
    );
    assert!(a.modal.is_some());
    update(&mut a, code(KeyCode::Backspace));
    type_text(&mut a, "12");
    let e = update(&mut a, key('y'));
    assert_eq!(e.len(), 12);
}

#[test]
fn protected_single_requires_the_name() {
    let mut s = settings();
    s.protected = true;
    let mut a = app_with(s, jobs(), 120, 32);
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    assert!(update(&mut a, key('y')).is_empty());
    update(&mut a, code(KeyCode::Backspace));
    type_text(&mut a, "orders-sync-08");
    update(&mut a, code(KeyCode::Tab));
    assert_eq!(update(&mut a, code(KeyCode::Enter)).len(), 1);
}

#[test]
fn outcomes_200_removes_and_400_keeps_with_error_and_retry() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-12");
    update(&mut a, key(' '));
    let e = update(&mut a, key('d'));
    assert!(e.is_empty());
    assert_eq!(update(&mut a, key('y')).len(), 2);
    update(
        &mut a,
        Msg::OpProgress {
            job_id: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r".into(),
            phase: Phase::Deleting,
        },
    );
    update(
        &mut a,
        Msg::DeleteDone {
            job_id: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r".into(),
            result: Ok(ok_answer()),
            at: at(),
        },
    );
    update(
        &mut a,
        Msg::DeleteDone {
            job_id: "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006".into(),
            result: Err(not_found()),
            at: at(),
        },
    );
    assert!(
        a.table
            .get("dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r")
            .is_none()
    );
    assert!(
        a.table
            .get("6f6f6f6f-6666-4c2d-b4d7-5084b0f00006")
            .is_some()
    );
    assert_eq!(
        a.outcomes[0].text,
        "400 DRS.10000010 Job does not exist, please check job ID."
    );
    assert_eq!(a.outcomes[1].text, "200 OK");
    assert!(a.last_error["6f6f6f6f-6666-4c2d-b4d7-5084b0f00006"].contains("DRS.10000010"));
    let b = a.batch.expect("batch");
    assert_eq!((b.done, b.failed, b.finished()), (1, 1, true));
    // A stale listing does not bring the deleted job back.
    let g = a.generation;
    update(
        &mut a,
        Msg::JobsPage {
            generation: g,
            total: 8,
            job_type: JobType::Sync,
            jobs: jobs(),
        },
    );
    assert!(
        a.table
            .get("dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r")
            .is_none()
    );
    // R asks again, for the failed one only.
    update(&mut a, key('R'));
    let m = a.modal.clone().expect("retry modal");
    assert_eq!(m.targets.len() + m.hidden.len(), 1);
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::DeleteJob {
            job_id: "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006".into(),
            name: "orders-sync-12".into()
        }]
    );
    assert!(
        !a.last_error
            .contains_key("6f6f6f6f-6666-4c2d-b4d7-5084b0f00006"),
        "cleared by the next action"
    );
}

#[test]
fn refresh_keeps_selection_and_marks_by_id() {
    let mut a = app();
    select(&mut a, "orders-sync-19");
    update(&mut a, key(' '));
    select(&mut a, "payments-mig-01");
    let e = update(&mut a, Msg::RefreshDue);
    assert_eq!(e.len(), 1);
    assert!(
        update(&mut a, key('r')).is_empty(),
        "no second listing while one runs"
    );
    let g = a.generation;
    let mut js = jobs();
    js.reverse();
    js.push(job("new-1", "aaa-new", "CREATING", &[]));
    js.retain(|j| j.name != "billing-cdc-02");
    update(
        &mut a,
        Msg::ListComplete {
            generation: g,
            jobs: js,
        },
    );
    assert_eq!(selected(&a), "payments-mig-01");
    assert!(a.table.is_marked("9a7e11d2-4444-4c2d-b4d7-5084b0f00004"));
    assert_eq!(a.table.shown(), 8);
    assert!(!a.listing);
}

#[test]
fn stale_generation_is_ignored() {
    let mut a = app();
    let old = a.generation;
    update(&mut a, key('t'));
    assert_eq!(a.job_type, Some(JobType::Migration));
    assert_eq!(a.table.shown(), 0);
    update(
        &mut a,
        Msg::ListComplete {
            generation: old,
            jobs: jobs(),
        },
    );
    assert_eq!(a.table.shown(), 0);
    assert!(a.listing);
}

#[test]
fn type_cycles_through_all_types() {
    let mut a = app();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let e = update(&mut a, key('t'));
        assert_eq!(e.len(), 1);
        seen.push(a.job_type);
    }
    assert_eq!(
        seen,
        [
            Some(JobType::Migration),
            Some(JobType::Sync),
            Some(JobType::CloudDataGuard),
            Some(JobType::Replay),
            None
        ]
    );
}

#[test]
fn read_only_refuses_writes_with_a_message() {
    let mut s = settings();
    s.read_only = true;
    let mut a = app_with(s, jobs(), 120, 32);
    for k in ['d', 'x', 'R'] {
        assert!(update(&mut a, key(k)).is_empty());
        assert!(a.modal.is_none());
    }
    update(&mut a, key('x'));
    assert!(a.status.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn stop_modal_lists_only_stoppable() {
    let mut a = app();
    select(&mut a, "orders-sync-19");
    update(&mut a, key('x'));
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::StopJob {
            job_id: "9a7e11d2-4444-4c2d-b4d7-5084b0f00004".into(),
            force: false
        }]
    );
    select(&mut a, "billing-cdc-02");
    update(&mut a, key('x'));
    assert_eq!(
        a.modal.as_ref().map(|m| (m.count(), m.skipped.len())),
        Some((0, 1))
    );
    assert!(update(&mut a, key('y')).is_empty());
}

#[test]
fn quit_asks_while_requests_are_in_flight() {
    let mut a = app();
    assert_eq!(update(&mut a.clone(), key('q')), vec![Effect::Quit]);
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    assert!(update(&mut a, ctrl('c')).is_empty());
    assert!(a.quit_confirm);
    update(&mut a, key('n'));
    assert!(!a.quit_confirm && !a.quit);
    update(&mut a, key('q'));
    assert_eq!(update(&mut a, key('y')), vec![Effect::Quit]);
}

#[test]
fn detail_is_requested_only_for_the_resting_selection() {
    let mut a = app();
    let sel = a.table.selected().map(|j| j.id.clone()).unwrap_or_default();
    assert_eq!(a.detail_needed(), Some(sel.as_str()));
    assert!(
        update(
            &mut a,
            Msg::DetailDue {
                job_id: "other".into()
            }
        )
        .is_empty()
    );
    assert_eq!(
        update(
            &mut a,
            Msg::DetailDue {
                job_id: sel.clone()
            }
        ),
        vec![Effect::ShowJob {
            job_id: sel.clone()
        }]
    );
    assert_eq!(a.details.get(&sel), Some(&Detail::Loading));
    assert!(a.detail_needed().is_none());
    update(
        &mut a,
        Msg::DetailLoaded {
            job_id: sel.clone(),
            detail: serde_json::json!({"status": "x\u{1b}[31m"}),
        },
    );
    assert_eq!(
        a.details.get(&sel),
        Some(&Detail::Loaded(serde_json::json!({"status": "x"})))
    );
}

#[test]
fn server_strings_are_sanitized_on_arrival() {
    let evil = job(
        "e1",
        "bad\u{1b}]0;pwned\u{7}name\u{1b}[2J",
        "RELEASE_RESOURCE_COMPLETE",
        &["DELETE"],
    );
    let a = app_with(settings(), vec![evil], 120, 32);
    assert_eq!(a.table.get("e1").map(|j| j.name.as_str()), Some("badname"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = app();
    let rows = drs_tui::ui::table_rows(&a);
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: rows.x + 2,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut a, click(rows.y + 2));
    assert_eq!(selected(&a), "orders-sync-08");
    update(
        &mut a,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: rows.x + 2,
            row: rows.y,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(selected(&a), "payments-mig-01");
    update(&mut a, click(rows.y + 60));
    assert_eq!(selected(&a), "payments-mig-01");
}

// ---- property: no delete without a confirmed modal that listed the job ------------------

#[derive(Debug, Clone)]
enum Act {
    Key(char),
    Code(u8),
    Text(String),
    Page(Vec<usize>),
    Complete(Vec<usize>),
    DeleteOk(usize),
    DeleteErr(usize),
    StopOk(usize),
    Tick,
    Detail(usize),
    Resize(u16, u16),
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        6 => prop::sample::select(vec!['d', 'y', 'n', ' ', 'a', 'A', 'j', 'k', 'x', 's', 'R', '/', 'g', 'G', 't', 'r', 'S', '?', 'q', '1', '2', 'o']).prop_map(Act::Key),
        3 => (0u8..8).prop_map(Act::Code),
        1 => "[a-z0-9订单]{0,4}".prop_map(Act::Text),
        1 => prop::collection::vec(0usize..8, 0..8).prop_map(Act::Page),
        1 => prop::collection::vec(0usize..8, 0..8).prop_map(Act::Complete),
        1 => (0usize..8).prop_map(Act::DeleteOk),
        1 => (0usize..8).prop_map(Act::DeleteErr),
        1 => (0usize..8).prop_map(Act::StopOk),
        1 => Just(Act::Tick),
        1 => (0usize..8).prop_map(Act::Detail),
        1 => (0u16..130, 0u16..40).prop_map(|(w, h)| Act::Resize(w, h)),
    ]
}

fn to_msgs(a: &drs_tui::app::App, act: Act) -> Vec<Msg> {
    let pool = jobs();
    let pick = |ix: &[usize]| ix.iter().map(|&i| pool[i].clone()).collect::<Vec<_>>();
    let g = a.generation;
    match act {
        Act::Key(c) => vec![key(c)],
        Act::Code(n) => vec![code(match n {
            0 => KeyCode::Enter,
            1 => KeyCode::Esc,
            2 => KeyCode::Tab,
            3 => KeyCode::Left,
            4 => KeyCode::Delete,
            5 => KeyCode::Backspace,
            6 => KeyCode::PageDown,
            _ => KeyCode::Right,
        })],
        Act::Text(s) => s.chars().map(key).collect(),
        Act::Page(ix) => vec![Msg::JobsPage {
            generation: g,
            total: 8,
            job_type: JobType::Sync,
            jobs: pick(&ix),
        }],
        Act::Complete(ix) => vec![Msg::ListComplete {
            generation: g,
            jobs: pick(&ix),
        }],
        Act::DeleteOk(i) => vec![Msg::DeleteDone {
            job_id: pool[i].id.clone(),
            result: Ok(ok_answer()),
            at: at(),
        }],
        Act::DeleteErr(i) => vec![Msg::DeleteDone {
            job_id: pool[i].id.clone(),
            result: Err(not_found()),
            at: at(),
        }],
        Act::StopOk(i) => vec![Msg::StopDone {
            job_id: pool[i].id.clone(),
            result: Ok(drs_tui::api::Answer {
                value: Default::default(),
                status: 200,
                request_id: None,
                attempts: 1,
                throttles: 0,
            }),
            at: at(),
        }],
        Act::Tick => vec![Msg::Tick],
        Act::Detail(i) => vec![Msg::DetailDue {
            job_id: pool[i].id.clone(),
        }],
        Act::Resize(w, h) => vec![Msg::Resize(w, h)],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn no_write_without_a_confirmed_modal_listing_the_job(
        protected in any::<bool>(),
        threshold in 0usize..4,
        acts in prop::collection::vec(act(), 0..80),
    ) {
        let mut s = settings();
        s.protected = protected;
        s.confirm_threshold = threshold;
        let mut a = drs_tui::app::App::new(s, None);
        update(&mut a, Msg::Resize(120, 32));
        let _ = a.start();
        for act in acts {
            for msg in to_msgs(&a, act) {
                let before = a.modal.clone();
                let is_confirm_key = matches!(&msg, Msg::Key(k) if matches!(k.code, KeyCode::Char('y') | KeyCode::Enter));
                let effects = update(&mut a, msg);
                let mut seen = HashSet::new();
                for e in effects {
                    let (id, stop_then_delete) = match &e {
                        Effect::DeleteJob { job_id, .. } => (job_id.clone(), false),
                        Effect::StopThenDelete { job_id } => (job_id.clone(), true),
                        Effect::StopJob { job_id, .. } => {
                            let m = before.as_ref().expect("stop only from a modal");
                            prop_assert!(is_confirm_key);
                            prop_assert_eq!(m.action, ConfirmAction::Stop);
                            prop_assert!(m.targets.iter().chain(m.hidden.iter()).any(|t| &t.id == job_id));
                            prop_assert!(a.modal.is_none());
                            continue;
                        }
                        _ => continue,
                    };
                    let m = before.as_ref();
                    prop_assert!(m.is_some(), "write {:?} without a modal", e);
                    let m = m.expect("checked");
                    prop_assert!(is_confirm_key, "write without y/Enter");
                    prop_assert_eq!(m.action, ConfirmAction::Delete);
                    prop_assert!(m.can_confirm());
                    prop_assert!(a.modal.is_none(), "modal closes on confirm");
                    let listed = if stop_then_delete {
                        m.stop_then_delete().any(|t| t.id == id)
                    } else {
                        m.targets.iter().chain(m.hidden.iter()).any(|t| t.id == id)
                    };
                    prop_assert!(listed, "{} was not listed in the confirmed modal", id);
                    prop_assert!(seen.insert(id), "one write per job per confirmation");
                }
            }
        }
    }
}

#[test]
fn deleting_the_selected_row_selects_the_next_one() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    update(
        &mut a,
        Msg::DeleteDone {
            job_id: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r".into(),
            result: Ok(ok_answer()),
            at: at(),
        },
    );
    assert_eq!(selected(&a), "orders-sync-12");
    assert_eq!(a.total(), 7);
}
