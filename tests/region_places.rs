//! Regions as places (issue 15 item 6, issue 16 item 9), as a user meets them: `drs-tui regions`
//! names each region as the console does, in English and in Chinese, and `-o json` carries the
//! names; in the TUI, `:regions` then Enter switches to the chosen project (the real binary in a
//! pseudo-terminal against a three-project demo service on 127.0.0.1:0).

mod common;

use std::time::Duration;

use common::bin::{run_in_new_home, succeeded};
use common::pty::{Tui, keys, regions_listed, started_over_regions, switch_to_east};
use common::regions::three_projects;
use drs_tui::demo::project_id_of;

const LONG: Duration = Duration::from_secs(25);

async fn regions_output(args: &[&str]) -> String {
    succeeded(&run_in_new_home(&[], args).await)
}

/// The table's row of one region.
fn row<'a>(table: &'a str, region: &str) -> &'a str {
    table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(region))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_lists_the_console_names_in_english_and_in_chinese() {
    let en = regions_output(&["regions"]).await;
    let header = en.lines().next().unwrap_or_default();
    assert!(header.contains("REGION") && header.contains("NAME"), "{en}");
    assert!(row(&en, "cn-north-4").contains("CN North-Beijing4"), "{en}");
    assert!(row(&en, "ap-southeast-3").contains("AP-Singapore"), "{en}");
    assert!(row(&en, "cn-east-3").contains("CN East-Shanghai1"), "{en}");
    let zh = regions_output(&["--language", "zh-cn", "regions"]).await;
    assert!(
        zh.lines().next().unwrap_or_default().contains("名称"),
        "{zh}"
    );
    assert!(row(&zh, "cn-north-4").contains("华北-北京四"), "{zh}");
    assert!(row(&zh, "cn-east-3").contains("华东-上海一"), "{zh}");
    assert!(row(&zh, "ap-southeast-3").contains("亚太-新加坡"), "{zh}");
    // The columns after the name line up although a Chinese name is two cells a character.
    let drs_at = |t: &str, r: &str| {
        let l = row(t, r);
        let cut = l.find("https://drs.").expect("a DRS endpoint");
        unicode_width::UnicodeWidthStr::width(&l[..cut])
    };
    assert_eq!(
        drs_at(&zh, "cn-north-4"),
        drs_at(&zh, "ap-southeast-1"),
        "{zh}"
    );
    assert_eq!(
        drs_at(&zh, "cn-north-4"),
        drs_at(&zh, "cn-north-11"),
        "{zh}"
    );
    // The table's order is unchanged: natural, by code.
    let codes = |t: &str| -> Vec<String> {
        t.lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect()
    };
    assert_eq!(codes(&en), codes(&zh));
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_json_carries_both_names() {
    let json: serde_json::Value =
        serde_json::from_str(&regions_output(&["regions", "-o", "json"]).await).expect("JSON");
    let list = json.as_array().expect("array");
    let north = list
        .iter()
        .find(|r| r["region"] == "cn-north-4")
        .expect("cn-north-4");
    assert_eq!(north["name"], "CN North-Beijing4");
    assert_eq!(north["name_zh"], "华北-北京四");
    // JSON is for scripts: the same whatever the language shown.
    let zh: serde_json::Value = serde_json::from_str(
        &regions_output(&["--language", "zh-cn", "regions", "-o", "json"]).await,
    )
    .expect("JSON");
    assert_eq!(zh, json);
    // A region without a confirmed console name says so with null, not a guess.
    let unnamed = list
        .iter()
        .find(|r| r["region"] == "cn-north-11")
        .expect("cn-north-11");
    assert!(unnamed["name"].is_null(), "{unnamed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_view_enter_switches_to_the_chosen_project_and_the_worker_lists_it() {
    let server = three_projects(12, "").await;
    let (_home, mut tui, screen) = regions_listed(&server);
    // The strip names each region as the console does.
    let strip = screen.lines().nth(1).unwrap_or_default();
    assert!(strip.contains("cn-east-3 CN East-Shanghai1"), "{screen}");

    tui.command("regions");
    let view = tui.wait_text("Enter switch to it");
    // Rows in listing order (by name): ap-southeast-1, cn-east-3, cn-north-4.
    // Each project's id and endpoint (here the demo's, which the region override points at).
    for want in [
        "› ap-southeast-1  CN-Hong Kong  ✓ 12 jobs",
        &project_id_of("cn-east-3"),
        &server.base_url(),
    ] {
        assert!(view.contains(want), "{want:?}:\n{view}");
    }
    let id = project_id_of("cn-east-3");
    let enter_on_east = |tui: &mut Tui| {
        tui.send(b"j");
        tui.wait_text("› cn-east-3");
        tui.send(keys::ENTER);
    };
    switch_to_east(&mut tui, &server, enter_on_east, |header| {
        header.contains(&format!("project {}", &id[..4]))
    });
    // Esc closes the view without switching.
    tui.command("regions");
    tui.wait_text("not listed");
    tui.send(keys::ESC);
    tui.wait_for("the view closed", LONG, |s| {
        !s.contains("Enter switch to it")
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_view_names_a_failed_projects_error_with_its_request_id() {
    let east = project_id_of("cn-east-3");
    let server = three_projects(12, &format!("GET /v5/{east}/jobs=503")).await;
    let (_home, mut tui) = started_over_regions(&server);
    tui.wait_for("the failure announced", LONG, |s| s.contains("1 failed"));
    tui.command("regions");
    let view = tui.wait_for("the reason with its request id", LONG, |s| {
        s.contains("503") && s.contains("request id")
    });
    let line = view
        .lines()
        .find(|l| l.contains("request id"))
        .unwrap_or_default();
    assert!(
        line.contains("503"),
        "the error and its id together:\n{view}"
    );
}
