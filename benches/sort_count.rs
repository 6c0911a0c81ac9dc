//! One sort of 100,000 jobs, for counting its instructions with callgrind (deterministic,
//! unlike wall-clock time on a shared machine). `SORT` picks the sort: `name` (natural),
//! `pinyin` (names in Chinese mode) or `created`; the table is sorted by another column first.
//!
//!   cargo bench --bench sort_count --no-run
//!   SORT=name valgrind --tool=callgrind --toggle-collect='*sort_count*measured*' \
//!       target/release/deps/sort_count-HASH
//!
//! `DISTINCT=1` makes every name distinct (no name repeats). `--toggle-collect` needs symbols:
//! build with `CARGO_PROFILE_BENCH_STRIP=false` (or compare the totals of `SORT=none`, the
//! setup only, with the sort's).

use drs_tui::app::App;
use drs_tui::app::jobs::SortColumn;
use drs_tui::i18n::{Language, scoped};

#[path = "common/app.rs"]
#[allow(dead_code)]
mod common;

/// The sort measured.
#[inline(never)]
fn measured(app: &mut App, col: SortColumn) {
    app.table.set_sort(col, false);
}

fn main() {
    let which = std::env::var("SORT").unwrap_or_else(|_| "name".into());
    let n: usize = std::env::var("JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let (col, other, lang) = match which.as_str() {
        "pinyin" => (SortColumn::Name, SortColumn::Created, Language::ZhCn),
        "created" => (SortColumn::Created, SortColumn::Name, Language::EnUs),
        "none" => (SortColumn::Created, SortColumn::Created, Language::EnUs),
        _ => (SortColumn::Name, SortColumn::Created, Language::EnUs),
    };
    // DISTINCT=1: every name made distinct (`-<n>` appended), the case where no key repeats.
    let mut jobs = drs_tui::demo::seed_jobs(n, 7);
    if std::env::var_os("DISTINCT").is_some() {
        for (k, j) in jobs.iter_mut().enumerate() {
            j.name = format!("{}-{k}", j.name);
        }
    }
    let mut app = common::loaded_jobs(jobs);
    scoped(lang, || {
        app.table.set_sort(other, false);
        if which != "none" {
            measured(&mut app, col);
        }
    });
    let first: Vec<&str> = app.table.rows().take(3).map(|j| j.name.as_str()).collect();
    println!("{which}: sorted {n} jobs, first {first:?}");
}
