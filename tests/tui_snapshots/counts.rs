//! Counts that add up (issue 15 item 8): the header counts the marked jobs, and expanded
//! children rows do not count as listed jobs in `jobs N/M`.

use crossterm::event::KeyCode;

use super::screen;
use super::tui_fixtures::*;

fn header(a: &drs_tui::app::App) -> String {
    screen(a).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn the_header_counts_marked_jobs() {
    let mut a = app();
    assert!(!header(&a).contains("marked"), "{}", header(&a));
    mark(
        &mut a,
        &["orders-sync-08", "orders-sync-12", "billing-cdc-02"],
    );
    assert!(header(&a).contains("marked 3"), "{}", header(&a));
    // Marks hidden by the filter still count: they are still marked.
    filter_by(&mut a, "orders");
    let h = header(&a);
    assert!(h.contains("marked 3") && h.contains("jobs 4/8"), "{h}");
    update(&mut a, code(KeyCode::Esc));
    select(&mut a, "orders-sync-08");
    update(&mut a, key(' '));
    assert!(header(&a).contains("marked 2"), "{}", header(&a));
}

#[test]
fn expanded_children_do_not_inflate_the_job_count() {
    let mut parent = job(
        "aaaa0000-0000-4000-8000-000000000001",
        "zz-parent",
        "INCRE_TRANSFER_STARTED",
        &[],
    );
    parent.children = ["c1", "c2", "c3"]
        .iter()
        .map(|c| {
            job(
                &format!("aaaa0000-0000-4000-8000-0000000000{c}"),
                &format!("aa-child-{c}"),
                "CHILD_TRANSFER_STARTED",
                &[],
            )
        })
        .collect();
    let mut all = jobs();
    all.push(parent);
    let mut a = app_with(settings(), all, 120, 32);
    assert!(header(&a).contains("jobs 9/9"), "{}", header(&a));
    select(&mut a, "zz-parent");
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.table.shown(), 12, "three children rows");
    let h = header(&a);
    assert!(
        h.contains("jobs 9/9"),
        "children rows are not listed jobs: {h}"
    );
}
