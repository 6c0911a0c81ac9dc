//! Columns sized by their content (issue 15 item 2): the table of three look-alike regions
//! after a delete and after a stop, at 80×24, 120×36 and 200×50, in English and Chinese; and a
//! property over random widths and job sets: two different statuses never render the same,
//! REGION is whole or absent, and no width moves when a request starts.

use crossterm::event::KeyCode;
use drs_tui::api::{Job, ScopeId, ScopeListing};
use drs_tui::app::{App, Msg, Phase};
use drs_tui::i18n::{Language, scoped};
use proptest::prelude::*;

use super::screen;
use super::tui_fixtures::*;

/// Statuses that read alike when cut at their start or end.
const STATUSES: [&str; 8] = [
    "RELEASE_RESOURCE_COMPLETE",
    "RELEASE_CHILD_TRANSFER_COMPLETE",
    "RELEASE_RESOURCE_STARTED",
    "RELEASE_CHILD_TRANSFER_STARTED",
    "INCRE_TRANSFER_STARTED",
    "FULL_TRANSFER_COMPLETE",
    "CHILD_TRANSFER_STARTED",
    "INCRE_TRANSFER_FAILED",
];
const ENGINES: [&str; 3] = [
    "oracle-to-gaussdbv5",
    "mysql-to-kafka",
    "rediscluster-to-gaussredis",
];
const TYPES: [&str; 3] = ["cloudDataGuard", "migration", "sync"];
const REGIONS: [&str; 3] = ["ap-southeast-1", "ap-southeast-2", "ap-southeast-3"];

fn scopes() -> Vec<ScopeId> {
    region_scopes(&REGIONS)
}

/// Job `i` named `name`, in region `i % 3`: status, engine, type and region in turn.
pub(super) fn probe(i: usize, name: &str) -> Job {
    let mut j = job(
        &format!("{i:08x}-0000-4c2d-b4d7-5084b0f00000"),
        name,
        STATUSES[i % STATUSES.len()],
        &["DELETE", "STOP"],
    );
    j.engine_type = ENGINES[i % 3].into();
    j.job_type = TYPES[(i / 3) % 3].into();
    j.scope = scopes()[i % 3];
    j
}

/// An app over the three regions that listed `jobs`.
fn regional(jobs: &[Job], w: u16, h: u16) -> App {
    regional_failing(jobs, w, h, 0)
}

/// An app over the three regions that listed `jobs`; the first `failed` projects' listings
/// failed (their jobs are not in `jobs`).
pub(super) fn regional_failing(jobs: &[Job], w: u16, h: u16, failed: usize) -> App {
    let scopes = scopes();
    let mut a = App::new(settings(), None);
    update(&mut a, Msg::Resize(w, h));
    update(&mut a, all_scopes(&scopes, Default::default()));
    listed_now(&mut a, jobs);
    let states = scopes.into_iter().enumerate().map(|(i, s)| {
        let state = if i < failed {
            ScopeListing::Failed("503 DRS.M00500: service busy".into())
        } else {
            ScopeListing::Listed { jobs: 8 }
        };
        (s, state)
    });
    scope_states(&mut a, states.collect());
    a
}

/// The table's part of each screen line (between its borders), from its headings down.
fn table_lines(s: &str) -> Vec<String> {
    s.lines()
        .skip_while(|l| !l.starts_with(['┌', '+']))
        .skip(1)
        .take_while(|l| !l.starts_with(['└', '+']))
        .map(|l| {
            l.split(['│', '|'])
                .nth(1)
                .unwrap_or_default()
                .chars()
                .skip(4)
                .collect()
        })
        .collect()
}

/// The column headings' line.
fn heading(a: &App) -> String {
    table_lines(&screen(a))[0].clone()
}

/// Region names are whole wherever they are drawn.
fn regions_whole(s: &str) {
    for l in s.lines() {
        for (i, _) in l.match_indices("ap-sou") {
            let rest = &l[i..];
            assert!(
                REGIONS.iter().any(|r| rest.starts_with(r)),
                "a region cut: {l}"
            );
        }
    }
}

/// Two rows that differ only in their status never read the same.
fn statuses_apart(a: &App, jobs: &[Job]) {
    let s = screen(a);
    let lines = table_lines(&s);
    let mut seen = std::collections::HashMap::new();
    for (pos, line) in lines.iter().skip(1).enumerate() {
        let Some(job) = a.table.row(a.scroll + pos) else {
            break;
        };
        if let Some(j) = jobs.iter().find(|j| j.id == job.id)
            && let Some(other) = seen.insert(line.trim_end().to_owned(), j.status.clone())
        {
            assert_eq!(other, j.status, "two statuses read the same: {line}\n{s}");
        }
    }
}

/// The table after a delete (one job deleted) and after a stop (one job stopped), checked and
/// snapshotted; the headings do not move while a request is in flight.
fn after_writes(lang: Language, w: u16, h: u16) {
    scoped(lang, || {
        let jobs: Vec<Job> = (0..24)
            .map(|i| probe(i, &format!("billing-cdc-{i:02}")))
            .collect();
        let mut a = regional(&jobs, w, h);
        let before = heading(&a);
        select(&mut a, "billing-cdc-00");
        press(&mut a, "dy");
        let id = jobs[0].id.clone();
        update(&mut a, progress(&id, Phase::Deleting));
        assert_eq!(heading(&a), before, "a request moved the columns");
        delete_answered(&mut a, deleted(&id));
        update(&mut a, code(KeyCode::Home));
        let s = screen(&a);
        regions_whole(&s);
        statuses_apart(&a, &jobs);
        let lang_tag = if lang == Language::ZhCn { "zh" } else { "en" };
        insta::assert_snapshot!(format!("widths_after_delete_{lang_tag}_{w}x{h}"), s);

        select(&mut a, "billing-cdc-04");
        press(&mut a, "xy");
        let id = jobs[4].id.clone();
        update(&mut a, stop_msg(&id, stopped(&id)));
        update(&mut a, code(KeyCode::Home));
        let s = screen(&a);
        regions_whole(&s);
        statuses_apart(&a, &jobs);
        insta::assert_snapshot!(format!("widths_after_stop_{lang_tag}_{w}x{h}"), s);
    });
}

#[test]
fn widths_after_a_delete_and_a_stop_english() {
    for (w, h) in [(80, 24), (120, 36), (200, 50)] {
        after_writes(Language::EnUs, w, h);
    }
}

#[test]
fn widths_after_a_delete_and_a_stop_chinese() {
    for (w, h) in [(80, 24), (120, 36), (200, 50)] {
        after_writes(Language::ZhCn, w, h);
    }
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,12}(-[a-z0-9]{1,8}){0,4}",
        "[订单库同步华东区生产]{1,10}-[0-9]{2}",
        "[a-z]{1,6}[🚀📦]{1,2}[a-z]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Random widths, random job sets with CJK and emoji names: every known status present in
    /// one probe job each (all named alike, all of one random job type, so each reads as the
    /// console labels it for that type), two of them never read the same; regions are never
    /// cut; a request in flight does not move a column.
    #[test]
    fn statuses_stay_apart_and_widths_hold_at_any_width(
        w in 40u16..250,
        h in 24u16..40,
        others in proptest::collection::vec((names(), 0usize..24), 0..12),
        chinese in any::<bool>(),
        phase in 0usize..4,
        kind in 0usize..4,
        offset in 0usize..29,
    ) {
        let lang = if chinese { Language::ZhCn } else { Language::EnUs };
        let kinds = ["cloudDataGuard", "migration", "sync", "replay"];
        // Every known status, from a random one on (the screen shows only so many rows).
        let known: Vec<&str> = drs_tui::ui::status::LABELS.iter().map(|(s, _)| *s).collect();
        let statuses: Vec<&str> = (0..known.len()).map(|i| known[(i + offset) % known.len()]).collect();
        scoped(lang, || {
            let mut jobs: Vec<Job> = statuses.iter().enumerate().map(|(i, status)| {
                let mut j = probe(i, "probe");
                // Alike but for the status.
                j.status = (*status).into();
                j.engine_type = ENGINES[0].into();
                j.job_type = kinds[kind].into();
                j.scope = scopes()[0];
                j
            }).collect();
            jobs.extend(others.iter().enumerate().map(|(k, (n, i))| {
                let mut j = probe(*i, n);
                j.id = format!("ffff{k:04}-0000-4c2d-b4d7-5084b0f00000");
                j
            }));
            let mut a = regional(&jobs, w, h);
            update(&mut a, code(KeyCode::Home));
            let before = heading(&a);
            regions_whole(&screen(&a));
            statuses_apart(&a, &jobs[..statuses.len()]);
            let p = [Phase::Deleting, Phase::Stopping, Phase::Queued, Phase::Pending { secs_left: 9 }];
            update(&mut a, Msg::OpProgress { job_id: jobs[1].id.clone(), phase: p[phase].clone() });
            prop_assert_eq!(heading(&a), before);
            Ok(())
        })?;
    }
}
