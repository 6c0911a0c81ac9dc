//! The TUI's per-frame and per-keystroke costs on data generated like the demo service's
//! (Chinese and long names included): drawing a full 200×50 frame, a filter keystroke, a sort.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use drs_tui::app::{App, SortColumn, update};
use drs_tui::i18n::{Language, scoped};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/app.rs"]
mod common;
use common::{key, loaded};

fn render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    for n in [100, 100_000] {
        let app = loaded(n);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
        g.bench_function(format!("full_frame_200x50/{n}_jobs"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| drs_tui::ui::render(black_box(&app), f))
                    .expect("draws");
            })
        });
    }
    g.finish();
}

/// Times only `timed` after running `setup` (untimed) before each iteration.
fn time_after(
    app: &mut App,
    iters: u64,
    setup: impl Fn(&mut App),
    mut timed: impl FnMut(&mut App),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        setup(app);
        let t = Instant::now();
        timed(app);
        total += t.elapsed();
    }
    total
}

fn filter(c: &mut Criterion) {
    let mut app = loaded(100_000);
    update(&mut app, key(KeyCode::Char('/')));
    let mut g = c.benchmark_group("filter_keystroke_100000_jobs");
    // "" → "o": the first letter, one pass over every job.
    g.bench_function("first_letter", |b| {
        b.iter_custom(|iters| {
            time_after(
                &mut app,
                iters,
                |a| a.table.set_filter(String::new()),
                |a| {
                    update(a, key(KeyCode::Char('o')));
                },
            )
        })
    });
    // "o" → "or": narrows the previous result.
    g.bench_function("growing_query_narrows", |b| {
        b.iter_custom(|iters| {
            time_after(
                &mut app,
                iters,
                |a| a.table.set_filter("o".into()),
                |a| {
                    update(a, key(KeyCode::Char('r')));
                },
            )
        })
    });
    // "or" → "o" (Backspace): the query widened, so every job is scanned again.
    g.bench_function("backspace_rescans", |b| {
        b.iter_custom(|iters| {
            time_after(
                &mut app,
                iters,
                |a| a.table.set_filter("or".into()),
                |a| {
                    update(a, key(KeyCode::Backspace));
                },
            )
        })
    });
    // A status label in Chinese, pasted at once: every job scanned, the label matched.
    g.bench_function("label_zh", |b| {
        b.iter_custom(|iters| {
            scoped(Language::ZhCn, || {
                time_after(
                    &mut app,
                    iters,
                    |a| a.table.set_filter(String::new()),
                    |a| a.table.set_filter("已结束".into()),
                )
            })
        })
    });
    // A Chinese query, typed as its second character.
    g.bench_function("chinese_narrows", |b| {
        b.iter_custom(|iters| {
            time_after(
                &mut app,
                iters,
                |a| a.table.set_filter("订".into()),
                |a| {
                    update(a, key(KeyCode::Char('单')));
                },
            )
        })
    });
    g.finish();
}

fn sort(c: &mut Criterion) {
    let mut app = loaded(100_000);
    let mut g = c.benchmark_group("sort_100000_jobs");
    g.sample_size(20);
    // Chinese mode sorts names by pinyin (ICU's zh collation), numbers still natural.
    for (name, col, other, lang) in [
        (
            "by_name",
            SortColumn::Name,
            SortColumn::Created,
            Language::EnUs,
        ),
        (
            "by_name_pinyin",
            SortColumn::Name,
            SortColumn::Created,
            Language::ZhCn,
        ),
        (
            "by_created",
            SortColumn::Created,
            SortColumn::Name,
            Language::EnUs,
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                scoped(lang, || {
                    time_after(
                        &mut app,
                        iters,
                        |a| a.table.set_sort(other, false),
                        |a| a.table.set_sort(col, false),
                    )
                })
            })
        });
    }
    g.finish();
}

/// What a key press costs while deletes finish: the key's update plus a full frame, and the
/// table work of one finished delete (removing its row), both at 100,000 jobs.
fn while_deleting(c: &mut Criterion) {
    let mut app = loaded(100_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    let mut g = c.benchmark_group("busy_100000_jobs");
    g.bench_function("key_j_update_and_frame", |b| {
        b.iter_custom(|iters| {
            time_after(
                &mut app,
                iters,
                |a| {
                    update(a, key(KeyCode::Char('k')));
                },
                |a| {
                    update(a, key(KeyCode::Char('j')));
                    terminal.draw(|f| drs_tui::ui::render(a, f)).expect("draws");
                },
            )
        })
    });
    g.bench_function("remove_one_deleted_row", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let Some(job) = app.table.selected().cloned() else {
                    break;
                };
                let t = Instant::now();
                app.table.remove(&job.id);
                total += t.elapsed();
                app.table.upsert(vec![job]);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, render, filter, sort, while_deleting);
criterion_main!(benches);
