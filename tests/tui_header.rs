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
    // At 103 columns `projects 3` goes, and its room keeps the list whole.
    tui.resize(103, 30);
    tui.wait_for("the list whole at 103 columns", WAIT, |s| {
        s.lines().next().is_some_and(|h| {
            h.contains("region cn-north-4,cn-east-3,ap-southeast-1  ") && !h.contains("projects")
        })
    });
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

/// After `:profile` to a read-only profile over three regions, the region field says what the
/// regions cover, not the profile's name (the profile has its own field): it read
/// `region ro: all (3 projects)`.
#[tokio::test(flavor = "multi_thread")]
async fn after_a_profile_switch_over_regions_the_region_field_names_regions_only() {
    let server = common::regions::three_projects(10, "").await;
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("config").join("drs-tui");
    std::fs::create_dir_all(&dir).expect("config dir");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "[profiles.ro]\nregion = \"cn-north-4\"\nread_only = true\n",
    )
    .expect("config");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("0600");
    }
    let mut tui = common::pty::over_regions(&server, home.path());
    common::pty::all_listed(&tui, &server);
    tui.command("profile ro");
    let screen = tui.wait_for("the read-only profile over every region", WAIT, |s| {
        header_of(s).contains("[READ-ONLY]") && header_of(s).contains("profile ro")
    });
    let head = header_of(&screen);
    assert!(head.contains("region all (3 projects)"), "{head}");
    assert!(!head.contains("ro:"), "the profile is not a region: {head}");
}

fn header_of(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// At 40 columns the badges come before the job count when the line is cut: `[READ-ONLY]`
/// was cut to `[READ-ON` after `jobs 120/120  [DEMO]`.
#[test]
fn a_badge_is_never_what_the_edge_cuts() {
    let home = tempfile::tempdir().expect("home");
    let tui = Tui::spawn(home.path(), &["--demo", "--read-only"], &[], 40, 12);
    let screen = tui.wait_for("the listing, the badges whole at 40 columns", WAIT, |s| {
        header_of(s).contains("[READ-ONLY]") && header_of(s).contains("jobs 1")
    });
    let head = header_of(&screen);
    assert!(head.contains("[DEMO]"), "{head}");
    assert!(
        head.find("[READ-ONLY]") < head.find("jobs 1"),
        "the count after them, cut if need be: {head}"
    );
}
