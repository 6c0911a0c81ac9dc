//! Status columns: every status value, at both sizes, with and without colour.

use crossterm::event::KeyCode;
use drs_tui::api::{Job, StatusKind};
use drs_tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use super::screen;
use super::tui_fixtures::*;

/// One job per known status, and one status this version does not know.
fn every_status() -> Vec<Job> {
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

/// The text of cells `xs` on row `y`.
fn cells(b: &Buffer, xs: std::ops::Range<u16>, y: u16) -> String {
    xs.map(|x| b[(x, y)].symbol()).collect()
}

/// The columns of the STATUS heading: from its first letter to the next heading's.
fn status_column(b: &Buffer) -> (u16, std::ops::Range<u16>) {
    for y in 0..b.area.height {
        let line = cells(b, 0..b.area.width, y);
        if let Some(at) = line.find("STATUS") {
            // Headings are ASCII after the border: a char is a cell.
            let x0 = line[..at].chars().count() as u16;
            let rest = &line[at + "STATUS".len()..];
            let gap = rest.find(|c: char| c != ' ').unwrap_or(rest.len());
            let x1 = x0 + "STATUS".len() as u16 + rest[..gap].chars().count() as u16;
            return (y, x0..x1);
        }
    }
    panic!("no STATUS heading");
}

/// Each row's STATUS cell (text, and the style of its first cell), for every row reached by
/// scrolling, in table order.
fn status_cells(a: &mut App) -> Vec<(String, Style)> {
    let mut out = Vec::new();
    update(a, code(KeyCode::Home));
    for _ in 0..a.table.shown() {
        let b = buffer(a);
        let (heading, xs) = status_column(&b);
        let y = (heading + 1..b.area.height)
            .find(|&y| cells(&b, 0..b.area.width, y).contains('▶'))
            .expect("the selected row is drawn");
        let style = b[(xs.start, y)].style();
        out.push((cells(&b, xs, y).trim_end().to_owned(), style));
        update(a, key('j'));
    }
    out
}

/// The colour a status of this kind is drawn in.
fn colour_of(kind: StatusKind) -> Color {
    match kind {
        StatusKind::Running => Color::Green,
        StatusKind::Stopped => Color::DarkGray,
        StatusKind::Failed => Color::Red,
        StatusKind::Transition => Color::Yellow,
        StatusKind::Unknown => Color::Reset,
    }
}

/// Whether any cell of `b` has a colour.
fn coloured(b: &Buffer) -> bool {
    b.content().iter().any(|c| {
        let s = c.style();
        s.fg.is_some_and(|f| f != Color::Reset) || s.bg.is_some_and(|g| g != Color::Reset)
    })
}

#[test]
fn status_columns_every_status() {
    for (w, h) in [(80, 24), (200, 50)] {
        let jobs = every_status();
        let mut a = app_with(settings(), jobs.clone(), w, h);
        let cells = status_cells(&mut a);
        assert_eq!(cells.len(), jobs.len(), "{w}x{h}");
        // Rows are in name order, and names end with the job's number.
        let rows: Vec<Job> = a.table.rows().cloned().collect();
        for (i, job) in rows.iter().enumerate() {
            assert!(job.name.ends_with(&format!("-{i:02}")), "{w}x{h}");
        }
        // Two different statuses never read the same in the STATUS column itself.
        let mut read: std::collections::HashMap<&str, &str> = Default::default();
        for ((text, style), job) in cells.iter().zip(&rows) {
            assert!(
                !text.trim().is_empty(),
                "{w}x{h}: {} has no status",
                job.name
            );
            if let Some(other) = read.insert(text, &job.status) {
                assert_eq!(other, job.status.as_str(), "{w}x{h}: both read {text:?}");
            }
            assert_eq!(
                style.fg.unwrap_or(Color::Reset),
                colour_of(job.status_kind()),
                "{w}x{h}: {} drawn in its kind's colour",
                job.status
            );
        }
        update(&mut a, code(KeyCode::Home));
        let top = screen(&a);
        insta::assert_snapshot!(format!("status_columns_{w}x{h}"), top);
        assert!(coloured(&buffer(&a)), "{w}x{h}: colour is used");
        // Widths do not change while scrolling: the header line stays the same.
        update(&mut a, code(KeyCode::End));
        let header = |s: &str| {
            let l = s.lines().nth(2).unwrap_or_default();
            l.split("││").next().unwrap_or_default().to_owned()
        };
        assert_eq!(header(&top), header(&screen(&a)), "{w}x{h}");

        // Without colour: the same text, no colour in any cell, and the statuses told apart by
        // weight and slant instead (failed bold, stopped dim, in transition italic).
        let mut plain = app_with(settings_with(|s| s.no_color = true), jobs.clone(), w, h);
        let plain_cells = status_cells(&mut plain);
        for (((text, style), (colour_text, _)), job) in plain_cells.iter().zip(&cells).zip(&rows) {
            assert_eq!(text, colour_text, "{w}x{h}: the same words");
            let want = match job.status_kind() {
                StatusKind::Failed => Modifier::BOLD,
                StatusKind::Stopped => Modifier::DIM,
                StatusKind::Transition => Modifier::ITALIC,
                _ => Modifier::empty(),
            };
            assert!(
                style.add_modifier.contains(want),
                "{w}x{h}: {} without colour is {want:?}: {style:?}",
                job.status
            );
        }
        update(&mut plain, code(KeyCode::Home));
        assert_eq!(screen(&plain), top, "{w}x{h}: only the style differs");
        assert!(!coloured(&buffer(&plain)), "{w}x{h}: no colour anywhere");
    }
}
