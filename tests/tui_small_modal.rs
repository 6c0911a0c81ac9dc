//! The confirmation modal at the minimum size (40×10, issue 15): a confirmation counts only if
//! the user could read what it confirms. The job is shown whole (its name and id over several
//! lines); when even that does not fit, the modal says the terminal is too small and `y` is
//! refused until it is larger.

mod tui_fixtures;

use drs_tui::app::Msg;
use tui_fixtures::*;

const ID: &str = "41ce09f3-3333-4c2d-b4d7-5084b0f00003";

#[test]
fn at_40x10_the_delete_modal_shows_the_whole_name_and_id_and_confirms() {
    let mut a = app_with(settings(), jobs(), 40, 10);
    select(&mut a, "billing-cdc-02");
    update(&mut a, key('d'));
    let s = screen_text(&a);
    assert!(s.contains("billing-cdc-02"), "{s}");
    assert!(s.contains(ID), "the whole id:\n{s}");
    assert!(!s.contains("billin…"), "{s}");
    insta::assert_snapshot!("delete_modal_40x10", s);
    assert!(a.modal().and_then(|m| m.drawn).is_some_and(|d| d.whole));
    assert_eq!(update(&mut a, key('y')).len(), 1, "seen whole: y counts");
}

#[test]
fn a_job_too_long_to_show_at_40x10_is_not_confirmed_until_the_terminal_grows() {
    let name = "billing-cdc-02-the-nightly-replica-of-the-eu-ledger";
    let mut jobs = jobs();
    if let Some(j) = jobs.iter_mut().find(|j| j.id == ID) {
        j.name = name.into();
    }
    let mut a = app_with(settings(), jobs, 40, 10);
    select(&mut a, name);
    update(&mut a, key('d'));
    let s = screen_text(&a);
    assert!(s.contains("Too small to show"), "{s}");
    insta::assert_snapshot!("delete_modal_40x10_too_small", s);
    assert!(update(&mut a, key('y')).is_empty(), "not seen: y refused");
    assert!(a.modal().is_some());
    assert!(
        a.status
            .as_deref()
            .is_some_and(|m| m.starts_with("not confirmed")),
        "{:?}",
        a.status
    );
    // Larger: the job is in view whole, and y counts.
    update(&mut a, Msg::Resize(60, 16));
    let s = screen_text(&a);
    assert!(s.contains(name) && s.contains(ID), "{s}");
    assert_eq!(update(&mut a, key('y')).len(), 1);
}
