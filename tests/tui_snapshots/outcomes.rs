//! The outcome history, an outcome's record, the zoomed pane, copying and the raw JSON view.

use crossterm::event::KeyCode;
use drs_tui::app::{App, Focus, Msg};
use drs_tui::ops::{OutcomeKind, WriteOutcome};

use super::screen;
use super::tui_fixtures::*;

/// 22 deletable jobs, all deleted in one confirmed batch: the first outcome (the oldest) is a
/// `400 DRS.10030044` refusal after three 429s, the rest are `200 OK`, one second apart.
/// [`twenty_two_deletes`] with the Outcomes pane focused.
fn outcomes_of_22(w: u16, h: u16) -> App {
    let mut a = twenty_two_deletes(w, h);
    focus_outcomes(&mut a);
    a
}

fn twenty_two_deletes(w: u16, h: u16) -> App {
    use drs_tui::api::{ApiError, ClientError};
    let jobs: Vec<_> = (0..22)
        .map(|i| {
            job(
                &format!("{i:02}0b1d3e-2222-4c2d-b4d7-5084b0f000{i:02}"),
                &format!("feed-{i:02}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    let mut a = app_with(settings(), jobs.clone(), w, h);
    press(&mut a, "ad");
    type_text(&mut a, "22");
    update(&mut a, key('y'));
    for (i, j) in jobs.iter().enumerate() {
        let mut o = deleted(&j.id);
        o.request_id = Some(format!("req-{i:04}"));
        o.duration = std::time::Duration::from_millis(180 + i as u64);
        if i == 0 {
            o = WriteOutcome {
                kind: OutcomeKind::Failed,
                http_status: Some(400),
                error: Some(ClientError::Api(ApiError {
                    http_status: 400,
                    error_code: "DRS.10030044".into(),
                    error_msg: "The job must be stopped before it is deleted. It may have been \
                        restarted by another user or by an automatic retry after the list was \
                        read; list the jobs again to see what remains."
                        .into(),
                    request_id: Some("8c2f0a9e-first-request".into()),
                })),
                request_id: Some("8c2f0a9e-first-request".into()),
                attempts: 4,
                throttles: 3,
                duration: std::time::Duration::from_millis(7_412),
                ..o
            };
        }
        update(
            &mut a,
            Msg::DeleteDone {
                job_id: j.id.clone(),
                outcome: o,
                at: at().replace_second(i as u8).unwrap_or(at()),
            },
        );
    }
    a
}

/// Tab until the Outcomes pane has focus.
fn focus_outcomes(a: &mut App) {
    for _ in 0..3 {
        if a.focus == Focus::Outcomes {
            return;
        }
        update(a, code(KeyCode::Tab));
    }
    assert_eq!(a.focus, Focus::Outcomes);
}

#[test]
fn outcome_history_reaches_the_first_of_22_at_80x24() {
    let mut a = twenty_two_deletes(80, 24);
    let before = screen(&a);
    assert!(
        !before.contains("DELETE feed-00"),
        "only the newest fit: {before}"
    );
    assert!(before.contains("Outcomes 22 · 1 failed"), "{before}");
    focus_outcomes(&mut a);
    // Every outcome passes by on the way down, the first one last.
    let mut seen = std::collections::HashSet::new();
    for _ in 0..30 {
        let s = screen(&a);
        for i in 0..22 {
            if s.contains(&format!("DELETE feed-{i:02}")) {
                seen.insert(i);
            }
        }
        update(&mut a, key('j'));
    }
    assert_eq!(seen.len(), 22, "outcomes seen: {seen:?}");
    let s = screen(&a);
    assert!(s.contains("DELETE feed-00"), "{s}");
    assert!(s.contains("22/22"), "{s}");
    insta::assert_snapshot!("outcome_history_80x24", s);
}

#[test]
fn outcome_history_200x50() {
    let mut a = outcomes_of_22(200, 50);
    press(&mut a, "Gk");
    insta::assert_snapshot!("outcome_history_200x50", screen(&a));
}

#[test]
fn failures_only() {
    let mut a = outcomes_of_22(80, 24);
    update(&mut a, key('f'));
    let s = screen(&a);
    assert!(s.contains("failures only, 1 of 22"), "{s}");
    assert!(s.contains("DELETE feed-00"), "{s}");
    assert!(!s.contains("DELETE feed-21"), "{s}");
    update(&mut a, key('f'));
    assert!(screen(&a).contains("DELETE feed-21"));
}

#[test]
fn outcome_record() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = outcomes_of_22(w, h);
        update(&mut a, key('G'));
        update(&mut a, code(KeyCode::Enter));
        let s = screen(&a);
        for want in [
            "Outcome 1 of 22: Delete feed-00",
            "000b1d3e-2222-4c2d-b4d7-5084b0f00000",
            "DRS.10030044",
            "list the jobs again to see what remains.",
            "8c2f0a9e-first-request",
            "4: 429 ×3, then 400",
            "7.412 s",
            "14:02:00",
        ] {
            assert!(s.contains(want), "{want} at {w}x{h}:\n{s}");
        }
        insta::assert_snapshot!(format!("outcome_record_{w}x{h}"), s);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.overlay().is_none());
    }
}

#[test]
fn zoomed_pane() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = outcomes_of_22(w, h);
        update(&mut a, key('z'));
        let s = screen(&a);
        assert!(!s.contains("┌ Jobs"), "{s}");
        insta::assert_snapshot!(format!("zoomed_outcomes_{w}x{h}"), s);
        update(&mut a, key('z'));
        assert!(screen(&a).contains("┌ Jobs"));
    }
}

#[test]
fn y_copies_the_id_and_y_upper_the_job_as_json_with_a_status_line() {
    use drs_tui::app::Effect;
    let mut a = app_with(settings(), jobs(), 80, 24);
    select(&mut a, "订单库同步-05");
    let id = "77b2c0aa-1111-4c2d-b4d7-5084b0f00001";
    assert_eq!(
        update(&mut a, key('y')),
        vec![Effect::Copy { text: id.into() }]
    );
    // At 80 columns the status line cuts the message and says where it is whole.
    let s = screen(&a);
    assert!(
        s.contains("copied the job id 77b2c0aa") && s.contains("… :messages"),
        "{s}"
    );
    let newest = a.messages.iter().next().map(|m| m.text.clone());
    assert!(
        newest.is_some_and(|m| m.contains(&format!("copied the job id {id}"))),
        "the message log keeps it whole"
    );
    let v = copied_json(&mut a, 'Y');
    assert_eq!(v["id"], id);
    assert_eq!(v["name"], "订单库同步-05");
    assert_eq!(v["status"], "CREATE_FAILED");
    let newest = a.messages.iter().next().map(|m| m.text.clone());
    assert!(newest.is_some_and(|m| m.contains(&format!("copied job {id} as JSON"))));
    // In the Outcomes pane, y copies the selected outcome as a line and Y its record as
    // JSON: each says which job, where it lived and when (issue 15 item 4).
    press(&mut a, "dy");
    delete_answered(&mut a, delete_not_found(id));
    focus_outcomes(&mut a);
    let text = &copied(&mut a, 'y');
    for want in [
        id,
        "订单库同步-05",
        "2026-10-02 14:02:11 +08:00",
        "cn-north-4",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    let v = copied_json(&mut a, 'Y');
    assert_eq!(v["job_id"], id);
    assert_eq!(v["region"], "cn-north-4");
    assert_eq!(v["project_id"], a.settings.project_id.as_str());
    assert_eq!(v["endpoint"], a.settings.endpoint.as_str());
    assert_eq!(v["time"], "2026-10-02 14:02:11 +08:00");
}

#[test]
fn v_shows_the_raw_json_as_listed_and_fetched() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app_with(settings(), jobs(), w, h);
        select(&mut a, "orders-sync-08");
        let id = "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r";
        // The detail is fetched for the view when it is not there yet.
        let effects = update(&mut a, key('v'));
        assert_eq!(
            effects,
            vec![drs_tui::app::Effect::ShowJob {
                job: a.table.shared(id).cloned().expect("listed")
            }]
        );
        assert!(screen(&a).contains("job, as listed:"));
        update(
            &mut a,
            Msg::DetailLoaded {
                job_id: id.into(),
                detail: serde_json::json!({"id": id, "status": "RELEASE_RESOURCE_COMPLETE",
                    "progress_info": {"incr_trans_delay": "0", "remaining_time": "\u{1b}[31m0"}}),
            },
        );
        let s = screen(&a);
        assert!(s.contains("Raw JSON: orders-sync-08"), "{s}");
        assert!(s.contains("detail, as fetched:") || w == 80, "{s}");
        assert!(!s.contains('\u{1b}'), "server text is sanitized");
        insta::assert_snapshot!(format!("raw_json_{w}x{h}"), s);
        // It scrolls, and stops at its end.
        for _ in 0..100 {
            update(&mut a, key('j'));
        }
        let s = screen(&a);
        assert!(s.contains("\"remaining_time\": \"0\""), "{s}");
        update(&mut a, code(KeyCode::Esc));
        assert!(a.overlay().is_none());
    }
}

#[test]
fn a_click_on_an_outcome_selects_it_and_the_wheel_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = twenty_two_deletes(80, 24);
    let mouse = |kind, row| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The Outcomes pane spans rows 18-22 at 80x24: its second line is row 20.
    update(&mut a, mouse(MouseEventKind::Down(MouseButton::Left), 20));
    assert_eq!(a.focus, Focus::Outcomes);
    assert!(screen(&a).contains("2/22"), "{}", screen(&a));
    for _ in 0..10 {
        update(&mut a, mouse(MouseEventKind::ScrollDown, 20));
    }
    let s = screen(&a);
    assert!(s.contains("22/22") && s.contains("DELETE feed-00"), "{s}");
}

#[test]
fn overlays_and_zoom_draw_at_every_small_size() {
    // Below 40x10 only "terminal too small" is drawn and no key acts; from there up, the sizes
    // where the panes change shape.
    for w in [40, 55, 79, 80, 99, 100] {
        for h in [10, 13, 15, 16, 24, 25] {
            let mut a = outcomes_of_22(w, h);
            update(&mut a, key('z'));
            // Zoomed: the Outcomes pane alone, its newest line first.
            let s = screen(&a);
            assert!(
                s.contains("┌ Outcomes 22") && !s.contains("┌ Jobs"),
                "{w}x{h} z:\n{s}"
            );
            assert!(s.contains("DELETE feed-21"), "{w}x{h} z:\n{s}");
            update(&mut a, key('G'));
            update(&mut a, code(KeyCode::Enter));
            // The oldest outcome's record, from its top.
            let s = screen(&a);
            assert!(
                s.contains("Outcome 1 of 22: Delete feed-00"),
                "{w}x{h} Enter:\n{s}"
            );
            assert!(s.contains("job          feed-00"), "{w}x{h} Enter:\n{s}");
            update(&mut a, key('G'));
            // Scrolled to its end: the last field is shown, the title stays.
            let s = screen(&a);
            assert!(
                s.contains("Outcome 1 of 22") && s.contains("settled by"),
                "{w}x{h} G:\n{s}"
            );
            update(&mut a, code(KeyCode::Esc));
            update(&mut a, key('v'));
            update(&mut a, code(KeyCode::End));
            let s = screen(&a);
            assert!(
                s.contains("Raw JSON: feed-00") && s.contains("\": "),
                "{w}x{h} v:\n{s}"
            );
        }
    }
}
