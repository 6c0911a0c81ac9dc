//! Modals for big batches, long typed names, double-width names and force-stops.

use crossterm::event::KeyCode;
use drs_tui::app::{App, Msg};
use drs_tui::ops::OutcomeKind;
use unicode_width::UnicodeWidthStr;

use super::tui_fixtures::*;
use super::{buffer, screen};

/// 1,131 marked jobs (1,000 deletable, 100 running, 31 hidden by the filter) and the modal.
fn thousand_job_modal(w: u16, h: u16) -> App {
    let mut jobs: Vec<_> = (0..1000)
        .map(|i| {
            job(
                &format!("{i:04}cafe-0000-4c2d-b4d7-5084b0f00000"),
                &format!("bulk-feed-{i:04}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    jobs.extend((0..100).map(|i| {
        job(
            &format!("{i:04}beef-0000-4c2d-b4d7-5084b0f00000"),
            &format!("bulk-live-{i:04}"),
            if i % 2 == 0 {
                "INCRE_TRANSFER_STARTED"
            } else {
                "WAITING_FOR_START"
            },
            &["STOP"],
        )
    }));
    jobs.extend((0..31).map(|i| {
        job(
            &format!("{i:04}dead-0000-4c2d-b4d7-5084b0f00000"),
            &format!("other-{i:04}"),
            "CREATE_FAILED",
            &["DELETE"],
        )
    }));
    let mut a = app_with(settings(), jobs, w, h);
    press(&mut a, "a/");
    type_text(&mut a, "bulk");
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('d'));
    a
}

#[test]
fn thousand_job_modal_counts_and_scrolls() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = thousand_job_modal(w, h);
        let s = screen(&a);
        assert!(
            s.contains("1,031 will be deleted, 100 skipped, 31 hidden by the filter"),
            "{w}x{h}:\n{s}"
        );
        assert!(
            s.contains("Type the number of jobs (1031) to confirm"),
            "{s}"
        );
        assert!(s.contains("[ Cancel"), "the buttons stay: {s}");
        insta::assert_snapshot!(format!("modal_1000_jobs_{w}x{h}"), s);
        // The list scrolls to its end: the skipped jobs, each with its reason.
        // PgDn moves by the rows shown less one: no line is ever skipped.
        for _ in 0..3 {
            draw(&mut a);
            let (top, end) = window(&screen(&a));
            update(&mut a, code(KeyCode::PageDown));
            let (next, _) = window(&screen(&a));
            assert!(next > top && next <= end, "{top}-{end} then {next}");
        }
        update(&mut a, code(KeyCode::End));
        let s = screen(&a);
        assert!(s.contains("bulk-live-0099"), "{w}x{h}:\n{s}");
        assert!(s.contains("waiting to start: stop it first"), "{s}");
        insta::assert_snapshot!(format!("modal_1000_jobs_end_{w}x{h}"), s);
        // With stop-first on, the running ones move to "will be stopped, then deleted".
        type_text(&mut a, "1031");
        update(&mut a, key('s'));
        let s = screen(&a);
        assert!(
            s.contains("1,131 will be deleted (100 stopped first), 0 skipped"),
            "{s}"
        );
        assert!(s.contains("(100 stops, 1,131 deletes)"), "{s}");
        update(&mut a, code(KeyCode::Home));
        let s = screen(&a);
        assert!(s.contains("lines 1-"), "{s}");
        // Up from the end, the list passes the section of jobs stopped first.
        update(&mut a, code(KeyCode::End));
        let seen = (0..15).any(|_| {
            update(&mut a, code(KeyCode::PageUp));
            screen(&a).contains("Will be stopped, then deleted:")
        });
        assert!(seen, "{}", screen(&a));
    }
}

#[test]
fn typed_prompt_wraps_and_shows_what_was_typed() {
    let mut s = settings();
    s.protected = true;
    let long = format!("protected-{}-end", "x".repeat(190));
    let id = "abababab-0000-4c2d-b4d7-5084b0f00000";
    let mut jobs = jobs();
    jobs.push(job(id, &long, "RELEASE_RESOURCE_COMPLETE", &["DELETE"]));
    let mut a = app_with(s, jobs, 80, 24);
    select(&mut a, &long);
    update(&mut a, key('d'));
    type_text(&mut a, &long[..150]);
    let s = screen(&a);
    assert!(
        s.contains("xxxx-end) to confirm:"),
        "the whole name is shown:\n{s}"
    );
    // What was typed shows in full, wrapped, up to the cursor.
    let typed: String = s
        .lines()
        .skip_while(|l| !l.contains("to confirm:"))
        .skip(1)
        .take_while(|l| !l.contains('▏'))
        .chain(s.lines().filter(|l| l.contains('▏')))
        .collect();
    assert!(typed.contains(&"x".repeat(60)), "{s}");
    insta::assert_snapshot!("modal_long_typed_name_80x24", s);
}

#[test]
fn modal_over_chinese_names_keeps_its_border() {
    for (w, h) in [(80, 24), (200, 50)] {
        // Names of every parity, long enough to run under the modal's left edge.
        let jobs: Vec<_> = (0..40)
            .map(|i| {
                let name = format!(
                    "{}a订单库同步华东区生产环境核心交易数据库-{i:02}",
                    "库".repeat(i % 7)
                );
                job(
                    &format!("{i:04}c0c0-0000-4c2d-b4d7-5084b0f00000"),
                    &name,
                    "CREATE_FAILED",
                    &["DELETE"],
                )
            })
            .collect();
        let mut a = app_with(settings(), jobs, w, h);
        update(&mut a, key('a'));
        let under = buffer(&a);
        update(&mut a, key('d'));
        let drawn = buffer(&a);
        let s = screen(&a);
        // The box's left edge: the column of the title row's corner.
        let top = (0..h)
            .find(|&y| {
                (0..w).any(|x| {
                    drawn[(x, y)].symbol() == "┌" && x > 0 && drawn[(x + 1, y)].symbol() == " "
                })
            })
            .unwrap_or_else(|| panic!("{s}"));
        let left = (1..w)
            .find(|&x| drawn[(x, top)].symbol() == "┌" && drawn[(x + 2, top)].symbol() == "D")
            .unwrap_or_else(|| panic!("{s}"));
        let bottom = (top..h)
            .find(|&y| drawn[(left, y)].symbol() == "└")
            .unwrap_or_else(|| panic!("{s}"));
        let straddled = (top..=bottom)
            .filter(|&y| under[(left - 1, y)].symbol().width() == 2)
            .count();
        if w == 200 {
            assert!(straddled > 0, "the test must cut double-width names:\n{s}");
        }
        // Every row of the box shows its left border: no double-width character covers it.
        for (y, line) in (top + 1..bottom).zip(s.lines().skip(top as usize + 1)) {
            assert_eq!(
                drawn[(left - 1, y)].symbol().width(),
                1,
                "{w}x{h} row {y}: {line}"
            );
            assert_eq!(drawn[(left, y)].symbol(), "│", "{w}x{h} row {y}: {line}");
        }
        insta::assert_snapshot!(format!("modal_over_chinese_names_{w}x{h}"), s);
    }
}

#[test]
fn a_force_stop_outcome_reads_force_stop() {
    use drs_tui::ops::WriteAction;
    let mut a = on("orders-sync-19");
    update(&mut a, key('X'));
    let s = screen(&a);
    assert!(s.contains("Force-stop 1 job?"), "{s}");
    assert!(s.contains("\"is_force_stop\": true"), "{s}");
    update(&mut a, key('y'));
    let id = "9a7e11d2-4444-4c2d-b4d7-5084b0f00004";
    update(
        &mut a,
        Msg::StopDone {
            job_id: id.into(),
            outcome: outcome(
                id,
                WriteAction::Stop { force: true },
                OutcomeKind::Succeeded,
            ),
            at: at(),
        },
    );
    assert_eq!(a.outcomes[0].verb, "FORCE-STOP");
    assert!(screen(&a).contains("FORCE-STOP orders-sync-19"));
}

/// The modal list's window, from its `lines A-B of N` row.
fn window(s: &str) -> (usize, usize) {
    let at = s.find("lines ").map(|i| &s[i + 6..]).unwrap_or_default();
    let range = at.split(' ').next().unwrap_or_default().replace(',', "");
    let (a, b) = range.split_once('-').unwrap_or_default();
    (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
}
