//! One TUI operation of the `tui` bench, repeated, for counting its instructions with callgrind:
//! instruction counts do not move with the machine's load (the `tui` bench's times do), so a
//! before/after comparison on a busy machine reads them.
//!
//!   cargo bench --bench tui_ops --no-run
//!   valgrind --tool=callgrind --toggle-collect='*measured*' target/release/deps/tui_ops-* OP [REPS]
//!
//! OP: render, render_100, filter_first, filter_grow, filter_backspace, filter_chinese,
//! filter_label_zh,
//! sort_name, sort_name_zh, sort_created. Each repetition is one `measured` call; the total
//! divided by REPS (default 5) is one operation's count. Prints how long the repetitions took,
//! which under callgrind says nothing.

use std::hint::black_box;
use std::time::Instant;

use crossterm::event::KeyCode;
use drs_tui::app::{App, SortColumn, update};
use drs_tui::i18n::{Language, scoped};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/app.rs"]
mod common;
use common::{key, loaded};

/// The operation counted: everything else (loading, setting up each repetition) is not.
#[inline(never)]
fn measured(app: &mut App, op: &mut dyn FnMut(&mut App)) {
    op(black_box(app));
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let what = args.next().unwrap_or_else(|| "render".into());
    let reps: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let n = if what == "render_100" { 100 } else { 100_000 };
    let mut app = loaded(n);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    let setup: Box<dyn Fn(&mut App)> = match what.as_str() {
        "filter_first" | "filter_label_zh" => Box::new(|a| a.table.set_filter(String::new())),
        "filter_grow" => Box::new(|a| a.table.set_filter("o".into())),
        "filter_backspace" => Box::new(|a| a.table.set_filter("or".into())),
        "filter_chinese" => Box::new(|a| a.table.set_filter("订".into())),
        "sort_name" | "sort_name_zh" => Box::new(|a| a.table.set_sort(SortColumn::Created, false)),
        "sort_created" => Box::new(|a| a.table.set_sort(SortColumn::Name, false)),
        _ => Box::new(|_| {}),
    };
    if what.starts_with("filter") {
        update(&mut app, key(KeyCode::Char('/')));
    }
    let mut op: Box<dyn FnMut(&mut App)> = match what.as_str() {
        "render" | "render_100" => Box::new(|a| {
            terminal.draw(|f| drs_tui::ui::render(a, f)).expect("draws");
        }),
        "filter_first" => Box::new(|a| {
            update(a, key(KeyCode::Char('o')));
        }),
        "filter_grow" => Box::new(|a| {
            update(a, key(KeyCode::Char('r')));
        }),
        "filter_backspace" => Box::new(|a| {
            update(a, key(KeyCode::Backspace));
        }),
        "filter_chinese" => Box::new(|a| {
            update(a, key(KeyCode::Char('单')));
        }),
        "filter_label_zh" => {
            Box::new(|a| scoped(Language::ZhCn, || a.table.set_filter("已结束".into())))
        }
        "sort_name" => Box::new(|a| a.table.set_sort(SortColumn::Name, false)),
        "sort_name_zh" => {
            Box::new(|a| scoped(Language::ZhCn, || a.table.set_sort(SortColumn::Name, false)))
        }
        "sort_created" => Box::new(|a| a.table.set_sort(SortColumn::Created, false)),
        other => panic!("unknown operation {other:?}"),
    };
    let start = Instant::now();
    for _ in 0..reps {
        setup(&mut app);
        measured(&mut app, &mut *op);
    }
    println!(
        "{what}: {reps} repetitions in {:?} (setup included)",
        start.elapsed()
    );
}
