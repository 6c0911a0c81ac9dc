//! Failures visible at every width (issue 15 item 3): with one project failing, the header
//! says how many failed and where to read why, and the job count says it covers only what was
//! listed, from 40 columns up.

use drs_tui::app::App;
use drs_tui::i18n::{Language, scoped};

use super::screen;
use super::widths::{probe, regional_failing};

/// Three projects, the first (ap-southeast-1) failing: the jobs of the other two.
fn one_failing(w: u16, h: u16) -> App {
    let jobs: Vec<_> = (0..24)
        .filter(|i| i % 3 != 0)
        .map(|i| probe(i, &format!("billing-cdc-{i:02}")))
        .collect();
    regional_failing(&jobs, w, h, 1)
}

#[test]
fn a_failed_project_is_announced_at_80_60_and_40_columns() {
    for w in [80, 60, 40] {
        let a = one_failing(w, 24);
        let s = screen(&a);
        let header = s.lines().next().unwrap_or_default();
        assert!(
            header.contains("1 failed · :regions"),
            "{w} columns, header: {header}\n{s}"
        );
        if w >= 60 {
            assert!(header.contains("jobs 16 of 16 listed"), "{w}: {header}");
        }
        insta::assert_snapshot!(format!("one_project_failed_{w}x24"), s);
    }
}

#[test]
fn a_failed_project_is_announced_in_chinese_at_60_columns() {
    scoped(Language::ZhCn, || {
        let s = screen(&one_failing(60, 24));
        let header = s.lines().next().unwrap_or_default();
        assert!(header.contains("1 个项目失败 · :regions"), "{header}");
    });
}

#[test]
fn without_a_failure_the_header_says_nothing_failed() {
    let jobs: Vec<_> = (0..24).map(|i| probe(i, "j")).collect();
    let s = screen(&regional_failing(&jobs, 80, 24, 0));
    assert!(!s.contains("failed · :regions"), "{s}");
    assert!(s.contains("jobs 24/24"), "{s}");
}
