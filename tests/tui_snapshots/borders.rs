//! Borders hold (issue 15 item 9): no border cell of a box drawn over the panes is overwritten,
//! whatever double-width text lies behind it, and the box leaves the header and the status
//! line readable (the typed confirmation's error is shown there).

use crossterm::event::KeyCode;
use drs_tui::api::Job;
use drs_tui::app::{Msg, Phase};
use drs_tui::i18n::{Language, scoped};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::screen;
use super::tui_fixtures::*;

fn sym(b: &Buffer, x: u16, y: u16) -> &str {
    b.cell((x, y)).map_or("", |c| c.symbol())
}

/// Every box `w` cells wide (its top corners found on one row), with its height.
fn boxes(b: &Buffer, w: u16) -> Vec<Rect> {
    let a = b.area;
    let mut out = Vec::new();
    for y in 0..a.height {
        for x in 0..a.width.saturating_sub(w - 1) {
            if sym(b, x, y) != "┌" || sym(b, x + w - 1, y) != "┐" {
                continue;
            }
            let mut yy = y + 1;
            while yy < a.height && sym(b, x, yy) == "│" {
                yy += 1;
            }
            if sym(b, x, yy) == "└" {
                out.push(Rect::new(x, y, w, yy - y + 1));
            }
        }
    }
    out
}

/// The box's border is whole, and no double-width character left of it spills into it.
fn border_holds(b: &Buffer, r: Rect, what: &str) {
    let (l, rt, bot) = (r.x, r.right() - 1, r.bottom() - 1);
    for y in r.y + 1..bot {
        assert_eq!(sym(b, l, y), "│", "{what}: left border at row {y}");
        assert_eq!(sym(b, rt, y), "│", "{what}: right border at row {y}");
        if l > 0 {
            assert!(
                sym(b, l - 1, y).width() <= 1,
                "{what}: wide cell at row {y}"
            );
        }
        if rt > 0 {
            assert!(
                sym(b, rt - 1, y).width() <= 1,
                "{what}: wide cell inside the right border at row {y}"
            );
        }
    }
    assert_eq!(sym(b, rt, bot), "┘", "{what}");
    for x in l + 1..rt {
        assert_eq!(sym(b, x, bot), "─", "{what}: bottom border at column {x}");
    }
}

/// Jobs with Chinese names and statuses whose labels are Chinese, one of them stopping.
fn chinese_jobs() -> Vec<Job> {
    (0..30)
        .map(|i| {
            job(
                &format!("{i:04}c0c0-0000-4c2d-b4d7-5084b0f00000"),
                &format!("订单库同步华东区生产环境-{i:02}"),
                ["RELEASE_RESOURCE_STARTED", "INCRE_TRANSFER_STARTED"][i % 2],
                &["DELETE", "STOP"],
            )
        })
        .collect()
}

#[test]
fn the_quit_box_and_shutdown_notice_hold_their_borders_over_chinese_rows() {
    scoped(Language::ZhCn, || {
        for w in (100..=200).step_by(7) {
            let mut a = app_with(
                settings_with(|s| s.confirm_threshold = 100),
                chinese_jobs(),
                w,
                45,
            );
            // A stop in flight on every other row: `⠋ 停止中` in the request column.
            for i in (1..30).step_by(2) {
                select(&mut a, &format!("订单库同步华东区生产环境-{i:02}"));
                update(&mut a, key(' '));
            }
            update(&mut a, key('x'));
            draw(&mut a);
            update(&mut a, key('y'));
            for i in (1..30).step_by(2) {
                update(
                    &mut a,
                    Msg::OpProgress {
                        job_id: format!("{i:04}c0c0-0000-4c2d-b4d7-5084b0f00000"),
                        phase: Phase::Stopping,
                    },
                );
            }
            update(&mut a, key('q'));
            assert!(a.quit_confirm, "{w}: q with a stop in flight asks first");
            let b = buffer(&a);
            let found = boxes(&b, 48);
            assert_eq!(found.len(), 1, "{w}: the quit box\n{}", screen(&a));
            border_holds(&b, found[0], &format!("quit box at {w}x45"));
            // Quit anyway: the shutdown notice waits for the stops, over the same rows.
            update(&mut a, key('y'));
            assert!(a.shutdown.is_some(), "{w}: shutting down");
            let b = buffer(&a);
            let found = boxes(&b, 52);
            assert_eq!(found.len(), 1, "{w}: the shutdown notice\n{}", screen(&a));
            border_holds(&b, found[0], &format!("shutdown notice at {w}x45"));
        }
    });
}

#[test]
fn a_wrong_typed_number_is_explained_in_the_status_line_and_the_modal_border_holds() {
    scoped(Language::ZhCn, || {
        for (w, h) in [(100, 30), (160, 45)] {
            let mut a = app_with(settings(), chinese_jobs(), w, h);
            press(&mut a, "ad");
            draw(&mut a);
            type_text(&mut a, "47");
            update(&mut a, code(KeyCode::Enter));
            let s = screen(&a);
            let last = s.lines().last().unwrap_or_default();
            assert!(last.contains("请准确输入"), "{w}x{h}: the error shows\n{s}");
            let b = buffer(&a);
            let mw = (w - 2).min(110);
            let found = boxes(&b, mw);
            assert_eq!(found.len(), 1, "{w}x{h}: the modal\n{s}");
            border_holds(&b, found[0], &format!("modal at {w}x{h}"));
            // The header stays readable above it.
            assert!(
                s.lines().next().unwrap_or_default().contains("prod-cn"),
                "{s}"
            );
        }
    });
}
