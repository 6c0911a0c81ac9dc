//! Issue 15 items 4, 5 and 7 in the pure state machine and its drawing: `G` goes to a log's
//! newest page, `F` follows it (the worker is asked, the pane says so, Esc ends it), the
//! message log keeps every status-line message, and an outcome's record says where and when.

mod tui_fixtures;

use crossterm::event::KeyCode;
use drs_tui::app::{App, Effect, Msg, StoryKind};
use tui_fixtures::*;

/// A page of `n` log entries, numbered from `from`.
fn page(from: usize, n: usize) -> serde_json::Value {
    let logs: Vec<serde_json::Value> = (from..from + n)
        .map(|i| {
            serde_json::json!({"level": "Info", "message": format!("entry {i}"),
                               "create_time": "2026-10-02T14:31:07Z"})
        })
        .collect();
    serde_json::json!({ "logs": logs })
}

fn loaded(id: &str, offset: u64, n: usize, total: u64) -> Msg {
    Msg::StoryLoaded {
        job_id: id.into(),
        kind: StoryKind::Log,
        offset,
        total: Some(total),
        detail: page(offset as usize, n),
    }
}

/// An app of 120x36 with orders-sync-08's log open on its first `n` entries of `total`; the
/// job's id.
fn log_open(n: usize, total: u64) -> (App, String) {
    let mut a = app_with(settings(), jobs(), 120, 36);
    select(&mut a, "orders-sync-08");
    let id = a.table.selected().map(|j| j.id.clone()).expect("selected");
    update(&mut a, key('l'));
    update(&mut a, loaded(&id, 0, n, total));
    (a, id)
}

#[test]
fn g_in_a_long_log_fetches_its_last_page_and_shows_the_newest_entries() {
    let (mut a, id) = log_open(50, 107);
    assert!(screen_text(&a).contains("50 of 107 entries"));
    // G: the last page (107 - 50 = 57), not the end of the job's fields.
    let e = update(&mut a, key('G'));
    assert!(
        matches!(
            &e[..],
            [Effect::ShowStory {
                offset: 57,
                limit: 50,
                ..
            }]
        ),
        "{e:?}"
    );
    update(&mut a, loaded(&id, 57, 50, 107));
    let story = a.story.as_ref().expect("story");
    assert_eq!((story.first, story.end()), (57, 107));
    let s = screen_text(&a);
    assert!(s.contains("entry 106"), "the newest entry in view:\n{s}");
    assert!(!s.contains("entry 57 "), "the pane is on the newest:\n{s}");
    // A scroll up lets go of the newest; at the top, where the window stands.
    press(&mut a, "kg");
    let s = screen_text(&a);
    assert!(
        s.contains("entries 58–107 of 107") && s.contains("entry 57"),
        "{s}"
    );
}

#[test]
fn f_asks_the_worker_to_follow_and_esc_or_a_job_no_longer_shown_ends_it() {
    let (mut a, id) = log_open(20, 20);
    let e = update(&mut a, key('F'));
    assert!(
        matches!(&e[..], [Effect::FollowLog { from: 20, .. }]),
        "{e:?}"
    );
    let s = screen_text(&a);
    assert!(s.contains("following · F/Esc ends"), "{s}");
    // What the worker reads next joins the log; an overlapping page adds nothing twice.
    update(&mut a, loaded(&id, 20, 3, 23));
    update(&mut a, loaded(&id, 18, 5, 23));
    let story = a.story.as_ref().expect("story");
    assert_eq!((story.first, story.log.len()), (0, 23));
    assert!(screen_text(&a).contains("entry 22"));
    // Esc ends following, the log stays; a second Esc leaves it.
    assert_eq!(
        update(&mut a, code(KeyCode::Esc)),
        vec![Effect::StopFollowing]
    );
    assert!(a.story.as_ref().is_some_and(|s| !s.following));
    assert!(screen_text(&a).contains("no longer following the log"));
    update(&mut a, code(KeyCode::Esc));
    assert!(a.story.is_none());
    // Followed, then the selection moves on: the next page read stops the worker.
    update(&mut a, key('F'));
    // Back to the list (Tab twice), and on to another job.
    update(&mut a, code(KeyCode::Tab));
    update(&mut a, code(KeyCode::Tab));
    select(&mut a, "orders-sync-12");
    assert_eq!(
        update(&mut a, loaded(&id, 23, 0, 23)),
        vec![Effect::StopFollowing]
    );
}

#[test]
fn every_status_message_is_kept_and_m_or_messages_shows_them_whole() {
    let mut a = app_with(settings(), jobs(), 60, 20);
    update(
        &mut a,
        Msg::Clock(time::macros::datetime!(2026-10-02 14:02:11 +08:00)),
    );
    // A refusal too long for 60 columns.
    command(&mut a, "region cn-esat-3");
    let whole = a.status.clone().expect("a refusal");
    let s = screen_text(&a);
    let footer = s.lines().last().unwrap_or_default().to_owned();
    assert!(footer.contains("… :messages"), "{footer}");
    assert!(!footer.contains("lists every region"), "{footer}");
    press(&mut a, "jM");
    let s = screen_text(&a);
    assert!(s.contains("Messages 1 (newest first)"), "{s}");
    assert!(s.contains("14:02:11"), "{s}");
    let flat: String = s
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    let words: String = whole.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat: String = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&words), "{words:?} whole in:\n{s}");
    update(&mut a, code(KeyCode::Esc));
    assert!(a.overlay().is_none());
    command(&mut a, "messages");
    assert!(screen_text(&a).contains("Messages 1"));
}

#[test]
fn the_record_of_an_outcome_in_one_of_three_regions_says_where_and_when() {
    let scopes = region_scopes(&["cn-north-4", "cn-east-3", "ap-southeast-1"]);
    // The same name in each region: only the region tells the outcomes apart.
    let jobs: Vec<_> = (0..3)
        .map(|i| {
            let mut j = job(
                &format!("f437947{i}-0000-4c2d-b4d7-5084b0f0000{i}"),
                "billing-cdc-10",
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            );
            j.scope = scopes[i];
            j
        })
        .collect();
    let mut a = app_with(settings(), jobs.clone(), 120, 36);
    update(&mut a, all_scopes(&scopes, Default::default()));
    listed_now(&mut a, &jobs);
    let id = "f4379471-0000-4c2d-b4d7-5084b0f00001";
    filter_by(&mut a, id);
    press(&mut a, "dy");
    delete_answered(&mut a, deleted(id));
    let s = screen_text(&a);
    let line = s.lines().find(|l| l.contains("200 OK")).unwrap_or_default();
    assert!(
        line.contains("cn-east-3  DELETE billing-cdc-10 (f4379471…): 200 OK"),
        "{line:?}"
    );
    for _ in 0..2 {
        update(&mut a, code(KeyCode::Tab));
    }
    update(&mut a, code(KeyCode::Enter));
    let s = screen_text(&a);
    let pid = format!("{:0<32}", "cneast3");
    for want in [
        "time         2026-10-02 14:02:11 +08:00",
        "region       cn-east-3",
        &format!("project      cn-east-3  {pid}"),
        "endpoint     https://drs.cn-east-3.myhuaweicloud.com",
    ] {
        assert!(s.contains(want), "{want:?} in the record:\n{s}");
    }
    // Y in the record: its JSON with where and when.
    let v = copied_json(&mut a, 'Y');
    assert_eq!(v["region"], "cn-east-3");
    assert_eq!(v["project_id"], pid.as_str());
    assert_eq!(v["endpoint"], "https://drs.cn-east-3.myhuaweicloud.com");
    assert_eq!(v["time"], "2026-10-02 14:02:11 +08:00");
}
