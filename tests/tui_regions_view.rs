//! Issue 15 items 6 and 10, issue 16 item 9 in the pure state machine: `:regions` is a place
//! (rows chosen with j/k, Enter switches through the same request as `:project`), `:region` and
//! `:project` complete from the account's projects first (with their names), and the console's
//! region names stand beside the codes in the strip, the view, and the filter.

mod tui_fixtures;

use crossterm::event::KeyCode;
use drs_tui::api::{Language, ScopeId, ScopeInForce, ScopeListing, ScopeRequest};
use drs_tui::app::{App, Effect, Msg, update};
use drs_tui::i18n;
use tui_fixtures::*;

use tui_fixtures::project as scope;

const NORTH: &str = "1111aaaa2222bbbb3333cccc4444dddd";
const EAST: &str = "5555eeee6666ffff7777aaaa8888bbbb";
const PAY: &str = "9999cccc0000dddd1111eeee2222ffff";
const HK: &str = "abab1212cdcd3434efef5656abab7878";
/// The account's projects by name, as completion offers them.
const ACCOUNT: [&str; 4] = [
    "ap-southeast-1",
    "cn-east-3",
    "cn-north-4",
    "cn-north-4_payments",
];

/// Three projects listed (cn-north-4, cn-east-3, cn-north-4_payments; cn-east-3's listing
/// failed with a request id) of an account that also has ap-southeast-1.
fn account_app(w: u16, h: u16) -> (App, Vec<ScopeId>) {
    let listed = vec![
        scope("cn-north-4", "cn-north-4", NORTH),
        scope("cn-east-3", "cn-east-3", EAST),
        scope("cn-north-4", "cn-north-4_payments", PAY),
    ];
    let mut account = listed.clone();
    account.push(scope("ap-southeast-1", "ap-southeast-1", HK));
    let in_force = ScopeInForce {
        account,
        ..Default::default()
    };
    let states = vec![
        ScopeListing::Listed { jobs: 3 },
        ScopeListing::Failed("503 DRS.M00500 service busy (request id 7d1c2e3f-req)".into()),
        ScopeListing::Listed { jobs: 2 },
    ];
    let (a, _) = app_over(&listed, in_force, (w, h), states);
    (a, listed)
}

/// The region strip (the screen's second line) of [`account_app`] at `w`×`h`.
fn strip_at(w: u16, h: u16) -> String {
    let (a, _) = account_app(w, h);
    screen_text(&a)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

fn tab(a: &mut App, typed: &str) -> (Vec<String>, Vec<String>, String) {
    update(a, code(KeyCode::Esc));
    update(a, key(':'));
    type_text(a, typed);
    update(a, code(KeyCode::Tab));
    let line = a.command_line().expect("the command line is open").clone();
    (line.candidates, line.notes, line.input)
}

#[test]
fn region_completion_offers_the_accounts_projects_first_with_their_names() {
    let (mut a, _) = account_app(160, 40);
    let (values, notes, _) = tab(&mut a, "region ");
    assert_eq!(
        values,
        [&["all"][..], &ACCOUNT].concat(),
        "the account's regions and sub-projects, not the 34 of the table"
    );
    assert_eq!(
        notes,
        [
            "",
            "CN-Hong Kong",
            "CN East-Shanghai1",
            "CN North-Beijing4",
            "CN North-Beijing4"
        ]
    );
    // A prefix that fits an account project stays among them.
    let (values, _, input) = tab(&mut a, "region cn-e");
    assert_eq!(
        input, "region cn-east-3",
        "one fit completes at once: {values:?}"
    );
    // The rest of the region table only when the prefix fits none of the account's.
    let (values, notes, _) = tab(&mut a, "region cn-south-");
    assert_eq!(values, ["cn-south-1", "cn-south-2", "cn-south-4"]);
    assert_eq!(notes[0], "CN South-Guangzhou");
    // The console's name finds its code.
    let (_, _, input) = tab(&mut a, "region shanghai1");
    assert_eq!(input, "region cn-east-3");
}

#[test]
fn region_completion_notes_are_in_the_language_shown() {
    i18n::scoped(Language::ZhCn, || {
        let (mut a, _) = account_app(160, 40);
        let (values, notes, _) = tab(&mut a, "region cn-n");
        assert_eq!(values, ["cn-north-4", "cn-north-4_payments"]);
        assert_eq!(notes, ["华北-北京四", "华北-北京四"]);
        let (_, _, input) = tab(&mut a, "region 华东-上海一");
        assert_eq!(input, "region cn-east-3");
    });
}

#[test]
fn project_completion_offers_names_with_their_ids_and_ids_by_prefix() {
    let (mut a, _) = account_app(160, 40);
    let (values, notes, _) = tab(&mut a, "project ");
    assert_eq!(values, ACCOUNT, "names, not bare hex ids");
    assert_eq!(notes, [HK, EAST, NORTH, PAY]);
    let (values, _, input) = tab(&mut a, "project 5555");
    assert_eq!(input, format!("project {EAST}"), "{values:?}");
    // Without an IAM listing (one configured project), ids with their region's name.
    let mut one = app();
    let (values, notes, _) = tab(&mut one, "project ");
    assert!(
        values.is_empty(),
        "no scope, no account: {values:?} {notes:?}"
    );
}

#[test]
fn regions_view_chooses_a_row_and_enter_switches_to_that_project() {
    let (mut a, listed) = account_app(160, 40);
    command(&mut a, "regions");
    assert!(a.regions_open());
    let s = screen_text(&a);
    for want in [
        "cn-east-3  CN East-Shanghai1  ✗ failed",
        EAST,
        "https://drs.cn-east-3.myhuaweicloud.com",
        "503 DRS.M00500 service busy (request id 7d1c2e3f-req)",
        "cn-north-4  CN North-Beijing4  ✓ 3 jobs",
        "ap-southeast-1  CN-Hong Kong  not listed",
        "Enter switch to it",
    ] {
        assert!(s.contains(want), "{want:?} in the view:\n{s}");
    }
    insta::assert_snapshot!("regions_view_160x40", s);
    // j moves the choice; the footer offers the view's keys.
    update(&mut a, key('j'));
    let s = screen_text(&a);
    assert!(s.contains("› cn-east-3"), "{s}");
    let effects = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::SetScope(ScopeRequest::Project(EAST.into()))]
    );
    assert!(!a.regions_open(), "Enter closes the view");
    // The worker's answer: the header shows the project in force.
    let e = update(
        &mut a,
        Msg::ScopesSet {
            scopes: vec![listed[1]],
            label: EAST.into(),
            in_force: ScopeInForce::default(),
        },
    );
    assert!(matches!(&e[..], [Effect::ListJobs { .. }]), "{e:?}");
    let header = screen_text(&a)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(header.contains("region cn-east-3"), "{header}");
    assert!(
        header.contains("project 5555eeee6666ffff7777aaaa8888bbbb"),
        "the whole id where the line has room: {header}"
    );
    // The account is kept: the view still offers the way back.
    command(&mut a, "regions");
    let s = screen_text(&a);
    assert!(
        s.contains("cn-north-4  CN North-Beijing4  not listed"),
        "{s}"
    );
    update(&mut a, key('j'));
    let effects = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::SetScope(ScopeRequest::Project(NORTH.into()))]
    );
}

#[test]
fn regions_view_esc_closes_and_enter_on_the_only_project_does_nothing() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (mut a, _) = account_app(100, 30);
    command(&mut a, "regions");
    // The table under the view takes no click or wheel.
    let rows = a.table_rows();
    let selected = |a: &App| a.table.selected().map(|j| j.id.clone());
    let before = selected(&a);
    for kind in [
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::ScrollDown,
    ] {
        update(
            &mut a,
            Msg::Mouse(MouseEvent {
                kind,
                column: rows.x + 2,
                row: rows.y + 3,
                modifiers: KeyModifiers::NONE,
            }),
        );
    }
    assert_eq!(selected(&a), before);
    assert!(a.regions_open());
    update(&mut a, key('k'));
    update(&mut a, code(KeyCode::Esc));
    assert!(!a.regions_open());
    // Only the configured project: nothing to switch to, and the view says so.
    let mut one = app();
    update(&mut one, key(':'));
    type_text(&mut one, "regions");
    update(&mut one, code(KeyCode::Enter));
    let s = screen_text(&one);
    assert!(s.contains("CN North-Beijing4"), "{s}");
    assert!(update(&mut one, code(KeyCode::Enter)).is_empty());
}

#[test]
fn the_strip_shows_names_whole_where_there_is_room_and_codes_when_narrow() {
    let strip = strip_at(160, 40);
    assert!(
        strip.contains("cn-north-4 CN North-Beijing4 ✓ 3 jobs")
            && strip.contains("cn-east-3 CN East-Shanghai1 ✗ failed"),
        "{strip}"
    );
    for w in [80, 100, 120] {
        let strip = strip_at(w, 30);
        // Either a name is whole or no name is shown: never a cut one.
        let names = ["CN North-Beijing4", "CN East-Shanghai1"];
        let whole = names.iter().all(|n| strip.contains(n));
        let none = !strip.contains("CN ");
        assert!(whole || none, "{w}: {strip}");
        assert!(strip.contains("cn-east-3"), "{w}: {strip}");
    }
    i18n::scoped(Language::ZhCn, || {
        let strip = strip_at(160, 40);
        assert!(strip.contains("cn-east-3 华东-上海一"), "{strip}");
        insta::assert_snapshot!("region_strip_names_zh_160", strip);
    });
}

#[test]
fn the_filter_finds_a_regions_jobs_by_its_console_name() {
    let (mut a, _) = account_app(160, 40);
    let north = a
        .table
        .all()
        .iter()
        .filter(|j| j.scope.region() == "cn-north-4")
        .count();
    assert!(north > 0);
    for filter in ["华北-北京四", "Beijing4", "north-beijing4"] {
        update(&mut a, code(KeyCode::Esc));
        filter_by(&mut a, filter);
        let shown: Vec<String> = a.table.rows().map(|j| j.scope.region()).collect();
        assert_eq!(shown.len(), north, "{filter}: {shown:?}");
        assert!(
            shown.iter().all(|r| r == "cn-north-4"),
            "{filter}: {shown:?}"
        );
    }
}

#[test]
fn regions_view_holds_its_borders_at_every_size_in_both_languages() {
    for lang in [Language::EnUs, Language::ZhCn] {
        i18n::scoped(lang, || {
            for (w, h) in [(40, 10), (60, 20), (80, 24), (100, 30), (200, 50)] {
                let (mut a, _) = account_app(w, h);
                command(&mut a, "regions");
                update(&mut a, key('j'));
                let s = screen_text(&a);
                let lines: Vec<&str> = s.lines().collect();
                let top = lines
                    .iter()
                    .position(|l| l.contains(&format!("┌{}", tr_title(lang))))
                    .unwrap_or_else(|| panic!("{lang:?} {w}x{h}: the view\n{s}"));
                let left = cells(lines[top]).iter().position(|c| *c == '┌');
                let left = left.expect("corner");
                // Every row of the box has its two side borders where the corners are.
                let right = cells(lines[top]).iter().rposition(|c| *c == '┐');
                let right = right.expect("corner");
                for l in &lines[top + 1..] {
                    let chars = cells(l);
                    if chars.get(left) == Some(&'└') {
                        break;
                    }
                    assert_eq!(chars.get(left), Some(&'│'), "{lang:?} {w}x{h}:\n{s}");
                    assert_eq!(chars.get(right), Some(&'│'), "{lang:?} {w}x{h}:\n{s}");
                }
                assert!(
                    s.contains("cn-east-3"),
                    "{lang:?} {w}x{h}: the chosen row\n{s}"
                );
                if (w, h) == (100, 30) && lang == Language::ZhCn {
                    insta::assert_snapshot!("regions_view_zh_100x30", s);
                }
            }
        });
    }
}

fn tr_title(lang: Language) -> &'static str {
    match lang {
        Language::EnUs => " Projects ",
        Language::ZhCn => " 项目 ",
    }
}

/// A screen line as cells: a double-width character, then a blank for its second cell.
fn cells(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in line.chars() {
        out.push(c);
        if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
            out.push(' ');
        }
    }
    out
}
