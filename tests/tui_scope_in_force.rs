//! The screen shows the scope in force (issue 14 item 2): after `:profile` to a read-only
//! profile the header says READ-ONLY and `d` offers and sends nothing; back on a writable
//! profile the badge is gone; `:project ID` puts the project in the project field. The real
//! binary in a pseudo-terminal against the demo service.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Tui;
use drs_tui::demo::{self, DemoServer};

const LONG: Duration = Duration::from_secs(20);

/// Two profiles at the demo service: `multi` writable, `east` read-only.
fn write_config(home: &Path, server: &DemoServer) {
    let dir = home.join("config").join("drs-tui");
    std::fs::create_dir_all(&dir).expect("config dir");
    let profile = |name: &str, read_only: bool| {
        format!(
            "[profiles.{name}]\nregion = \"cn-north-4\"\nendpoint = \"{}\"\nproject_id = \"{}\"\nread_only = {read_only}\n[profiles.{name}.credentials]\ntype = \"token\"\ntoken = \"{}\"\n",
            server.base_url(),
            demo::DEMO_PROJECT_ID,
            demo::DEMO_TOKEN
        )
    };
    let text = format!("{}\n{}", profile("multi", false), profile("east", true));
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("config");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
}

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or("")
}

fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

fn deletes(server: &DemoServer) -> usize {
    server
        .state
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count()
}

fn command(tui: &mut Tui, line: &str) {
    tui.send(b":");
    tui.type_text(line);
    tui.send(b"\r");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_switch_changes_the_badge_the_footer_and_the_write_keys() {
    let server = common::server(30).await;
    let home = tempfile::tempdir().expect("tmp");
    write_config(home.path(), &server);
    let audit = home.path().join("audit.jsonl");
    let args = [
        "--profile",
        "multi",
        "--audit-log",
        audit.to_str().expect("utf-8"),
    ];
    let mut tui = Tui::spawn(home.path(), &args, &[], 160, 40);
    let n = server.state.job_ids().len();
    let screen = tui.wait_for("the list", LONG, |s| s.contains(&format!("jobs {n}/{n}")));
    assert!(header(&screen).contains("multi"), "{screen}");
    assert!(!screen.contains("READ-ONLY"), "{screen}");
    assert!(footer(&screen).contains("d delete"), "{screen}");

    command(&mut tui, "profile east");
    let screen = tui.wait_for("the read-only profile", LONG, |s| {
        header(s).contains("east") && s.contains("[READ-ONLY]")
    });
    assert!(!header(&screen).contains("multi"), "{screen}");
    tui.wait_for("the listing", LONG, |s| {
        s.contains(&format!("jobs {n}/{n}"))
    });
    // A key puts the hints back in place of the switch's message.
    tui.send(b"j");
    let screen = tui.wait_for("the hints", LONG, |s| footer(s).contains("move"));
    assert!(
        !footer(&screen).contains("delete"),
        "no d in a read-only scope: {screen}"
    );
    assert!(!footer(&screen).contains("x stop"), "no x either: {screen}");
    // `d` opens nothing and sends nothing.
    tui.send(b"d");
    tui.send(b"y");
    let screen = tui.keys_taken();
    assert!(!screen.contains("Delete 1 job"), "no modal: {screen}");
    assert_eq!(deletes(&server), 0);

    command(&mut tui, "profile multi");
    tui.wait_for("the writable profile again", LONG, |s| {
        header(s).contains("multi") && !s.contains("READ-ONLY")
    });
    tui.send(b"k");
    let screen = tui.wait_for("the write keys back", LONG, |s| {
        footer(s).contains("d delete")
    });
    assert!(!header(&screen).contains("east"), "{screen}");

    // :project ID: the project field names it (whole, the line has room); the region field
    // keeps the region (it showed the project id).
    command(&mut tui, &format!("project {}", demo::DEMO_PROJECT_ID));
    let shown = format!("project {}", demo::DEMO_PROJECT_ID);
    let screen = tui.wait_for("the project switch", LONG, |s| {
        s.contains(&format!("now showing project {}", demo::DEMO_PROJECT_ID))
    });
    let head = header(&screen);
    assert!(head.contains(&shown), "{head}");
    assert!(head.contains("region cn-north-4"), "{head}");
    assert_eq!(
        head.matches(demo::DEMO_PROJECT_ID).count(),
        1,
        "the id in the project field only: {head}"
    );
    tui.quit(LONG);
}
