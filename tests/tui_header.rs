//! The header takes the room the terminal gives it: at 200 columns the three regions of the
//! demo are listed whole (they were cut at 28 cells whatever the width), at 80 they are cut
//! with an ellipsis; one region shows its console name and the whole project id when they fit.

mod common;

use std::time::Duration;

use common::pty::Tui;

const WAIT: Duration = Duration::from_secs(20);

fn header(tui: &Tui) -> String {
    tui.screen().lines().next().unwrap_or_default().to_owned()
}

#[test]
fn regions_listed_whole_when_wide_and_cut_when_narrow() {
    let home = tempfile::tempdir().expect("home");
    let mut tui = Tui::spawn(home.path(), &["--demo"], &[], 200, 50);
    tui.wait_for("the demo's three projects listed", WAIT, |s| {
        s.contains("120/120")
    });
    let wide = header(&tui);
    assert!(
        wide.contains("region cn-north-4,cn-east-3,ap-southeast-1  "),
        "all three regions whole at 200 columns: {wide}"
    );
    tui.resize(80, 24);
    tui.wait_for("the header cut at 80 columns", WAIT, |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains("region cn-north-4,cn-east-3,"))
            && s.lines().next().is_some_and(|h| h.contains('…'))
    });
}

#[test]
fn one_region_shows_its_console_name_and_the_whole_project_id_when_they_fit() {
    let home = tempfile::tempdir().expect("home");
    let mut tui = Tui::spawn(
        home.path(),
        &["--demo", "--region", "cn-east-3"],
        &[],
        200,
        50,
    );
    tui.wait_for("one project listed", WAIT, |s| s.contains("40/40"));
    let wide = header(&tui);
    assert!(
        wide.contains("region cn-east-3 CN East-Shanghai1  project "),
        "the console name beside the code: {wide}"
    );
    let id = wide
        .split("project ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        id.len() == 32 && !id.contains('…'),
        "the project id whole at 200 columns: {wide}"
    );
    // Narrow: the name goes before any field is dropped or the id is cut further.
    tui.resize(60, 24);
    tui.wait_for("the name dropped at 60 columns", WAIT, |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains("cn-east-3") && !h.contains("Shanghai"))
    });
}
