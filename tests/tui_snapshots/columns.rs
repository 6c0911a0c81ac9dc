//! Status columns: every status value, at both sizes, with and without colour.

use crossterm::event::KeyCode;
use drs_tui::app::App;

use super::screen;
use super::tui_fixtures::*;

/// One job per known status, and one status this version does not know.
fn every_status() -> Vec<drs_tui::api::Job> {
    drs_tui::ui::status::LABELS
        .iter()
        .map(|(s, _)| *s)
        .chain(["BRAND_NEW_STATUS"])
        .enumerate()
        .map(|(i, s)| {
            job(
                &format!("{i:02}aaaaaa-0000-4c2d-b4d7-5084b0f000{i:02}"),
                &format!("legacy-warehouse-mysql57-shard-07-to-taurus-{i:02}"),
                s,
                &["DELETE"],
            )
        })
        .collect()
}

/// Each row's text between the NAME column and the end, for every row reached by scrolling.
fn rows_seen(a: &mut App) -> Vec<String> {
    let mut rows = Vec::new();
    update(a, code(KeyCode::Home));
    for _ in 0..a.table.shown() {
        let s = screen(a);
        let sel = s
            .lines()
            .find(|l| l.contains('▶') || l.contains("> "))
            .unwrap_or_default()
            .to_owned();
        rows.push(sel);
        update(a, key('j'));
    }
    rows
}

#[test]
fn status_columns_every_status() {
    for (w, h, no_color) in [
        (80, 24, false),
        (80, 24, true),
        (200, 50, false),
        (200, 50, true),
    ] {
        let mut s = settings();
        s.no_color = no_color;
        let jobs = every_status();
        let mut a = app_with(s, jobs.clone(), w, h);
        // Two different statuses never read the same; names keep their distinguishing end.
        let rows = rows_seen(&mut a);
        let unique: std::collections::HashSet<&String> = rows.iter().collect();
        assert_eq!(unique.len(), jobs.len(), "{w}x{h}: {rows:#?}");
        for (i, r) in rows.iter().enumerate() {
            assert!(r.contains(&format!("-{i:02} ")), "{w}x{h} row {i}: {r}");
        }
        update(&mut a, code(KeyCode::Home));
        let top = screen(&a);
        let suffix = if no_color { "_no_color" } else { "" };
        insta::assert_snapshot!(format!("status_columns_{w}x{h}{suffix}"), top);
        // Widths do not change while scrolling: the header line stays the same.
        update(&mut a, code(KeyCode::End));
        let header = |s: &str| {
            let l = s.lines().nth(2).unwrap_or_default();
            l.split("││").next().unwrap_or_default().to_owned()
        };
        assert_eq!(header(&top), header(&screen(&a)), "{w}x{h}");
    }
}
