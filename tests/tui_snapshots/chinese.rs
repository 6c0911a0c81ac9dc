//! The screens a Chinese-speaking operator reads (issue 16 items 2, 3, 5, 6, 8), at 80×24 and
//! 160×45 over the demo's seeded jobs: the table, the detail of each job type, the delete and
//! stop modals, help, an outcome's record and the quit box with a request in flight. Each
//! screen is checked for the words it must show (and the English it must not) before it is
//! snapshotted.

use crossterm::event::KeyCode;
use drs_tui::api::Job;
use drs_tui::app::{App, Focus, Phase};
use drs_tui::i18n::{Language, scoped};

use super::screen;
use super::tui_fixtures::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

/// The demo's seeded jobs (as `--demo` lists them).
fn demo_jobs() -> Vec<Job> {
    drs_tui::demo::seed_jobs(60, 1)
}

fn demo(w: u16, h: u16) -> App {
    app_with(settings(), demo_jobs(), w, h)
}

/// [`demo`] at `w`×`h` with `job` selected.
fn demo_on(w: u16, h: u16, job: &Job) -> App {
    let mut a = demo(w, h);
    select(&mut a, &job.name);
    a
}

/// A job that can be stopped (its resources freed) and has no children.
fn stoppable_alone(j: &Job) -> bool {
    j.job_action
        .available_actions
        .iter()
        .any(|x| x == "FREE_RESOURCE")
        && j.children.is_empty()
}

/// The first top-level job of `job_type` whose status satisfies `ok`.
fn first_of(job_type: &str, ok: impl Fn(&Job) -> bool) -> Job {
    demo_jobs()
        .into_iter()
        .find(|j| j.job_type == job_type && ok(j))
        .unwrap_or_else(|| panic!("the demo seeds no {job_type} job"))
}

/// Runs `check` at each of [`SIZES`] with Chinese shown.
fn at_each_size_in_chinese(check: impl Fn(u16, u16)) {
    scoped(Language::ZhCn, || {
        for (w, h) in SIZES {
            check(w, h);
        }
    });
}

/// The first ended (deletable) top-level job of `job_type`.
fn ended(job_type: &str) -> Job {
    first_of(job_type, |j| j.status == "RELEASE_RESOURCE_COMPLETE")
}

/// Fails naming the English words left on a Chinese screen.
fn no_english(s: &str, words: &[&str]) {
    for w in words {
        assert!(
            !s.contains(w),
            "English {w:?} left on a Chinese screen:\n{s}"
        );
    }
}

#[test]
fn table_in_chinese() {
    at_each_size_in_chinese(|w, h| {
        let a = demo(w, h);
        let s = screen(&a);
        // Job types (their short forms where room is short) and statuses by job type, in
        // Chinese at every width; the codes beside them where there is room.
        let wants: &[&str] = if w >= 160 {
            &["迁移", "灾备", "增量迁移中", "初始化中", "录制回放  replay"]
        } else {
            // 80x24 shows the first rows in pinyin order: no DR job in full transfer
            // among them (160x45 shows one).
            &["迁移", "灾备", "增量迁移中", "灾备中"]
        };
        for want in wants {
            assert!(s.contains(want), "{want} at {w}x{h}:\n{s}");
        }
        // The table's part of the screen (left of the detail pane) has no English type.
        let table: String = s
            .lines()
            .map(|l| l.split("││").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        no_english(
            &table,
            &["cloudDataGuard", " migration ", " sync ", " replay "],
        );
        no_english(&s, &["类型：", "列出中"]);
        insta::assert_snapshot!(format!("zh_table_{w}x{h}"), s);
    });
}

#[test]
fn detail_of_each_job_type_in_chinese() {
    let cases = [
        ("migration", "实时迁移"),
        ("sync", "实时同步"),
        ("cloudDataGuard", "实时灾备"),
        ("replay", "录制回放"),
    ];
    at_each_size_in_chinese(|w, h| {
        for (job_type, shown) in cases {
            let job = first_of(job_type, |_| true);
            let mut a = demo_on(w, h, &job);
            if w < 120 {
                update(&mut a, code(KeyCode::Tab));
                assert_eq!(a.focus, Focus::Detail);
            }
            let s = screen(&a);
            assert!(s.contains(shown), "{shown} at {w}x{h}:\n{s}");
            // The code beside its words.
            assert!(s.contains(job_type), "{job_type} at {w}x{h}:\n{s}");
            // Every coded value in words, its code beside it.
            for (words, code) in [
                (&["全量", "增量"][..], &job.task_type),
                (&["VPC网络", "公网网络", "VPN、专线网络"][..], &job.net_type),
                (&["按需计费", "包年/包月"][..], &job.charging_mode),
                (&["单任务", "多对一"][..], &job.job_mode),
            ] {
                assert!(
                    words.iter().any(|x| s.contains(x)),
                    "{words:?} at {w}x{h}:\n{s}"
                );
                assert!(s.contains(code.as_str()), "{code} at {w}x{h}:\n{s}");
            }
            no_english(
                &s,
                &[
                    "可执行      START",
                    "可执行      PAUSE",
                    "可执行      DELETE",
                ],
            );
            insta::assert_snapshot!(format!("zh_detail_{job_type}_{w}x{h}"), s);
        }
    });
}

#[test]
fn delete_and_stop_modals_in_chinese() {
    at_each_size_in_chinese(|w, h| {
        let mut a = demo_on(w, h, &ended("sync"));
        update(&mut a, key('d'));
        let s = screen(&a);
        assert!(s.contains("已结束"), "{w}x{h}:\n{s}");
        insta::assert_snapshot!(format!("zh_delete_modal_{w}x{h}"), s);

        let running = first_of("cloudDataGuard", stoppable_alone);
        let mut a = demo_on(w, h, &running);
        update(&mut a, key('x'));
        let s = screen(&a);
        assert!(s.contains("结束"), "{w}x{h}:\n{s}");
        no_english(&s, &["停止"]);
        insta::assert_snapshot!(format!("zh_stop_modal_{w}x{h}"), s);
    });
}

#[test]
fn help_in_chinese() {
    at_each_size_in_chinese(|w, h| {
        let mut a = demo(w, h);
        update(&mut a, key('?'));
        let s = screen(&a);
        no_english(&s, &["modal ↑↓", "mouse"]);
        insta::assert_snapshot!(format!("zh_help_{w}x{h}"), s);
    });
}

#[test]
fn outcome_record_in_chinese() {
    at_each_size_in_chinese(|w, h| {
        let ended = ended("migration");
        let mut a = demo_on(w, h, &ended);
        press(&mut a, "dy");
        delete_answered(&mut a, deleted(&ended.id));
        for _ in 0..3 {
            if a.focus == Focus::Outcomes {
                break;
            }
            update(&mut a, code(KeyCode::Tab));
        }
        update(&mut a, code(KeyCode::Enter));
        let s = screen(&a);
        for want in ["结果 1 / 1：删除", "删除  DELETE", "应答  response"] {
            assert!(s.contains(want), "{want} at {w}x{h}:\n{s}");
        }
        insta::assert_snapshot!(format!("zh_outcome_record_{w}x{h}"), s);
    });
}

#[test]
fn quit_box_with_a_stop_in_flight_in_chinese() {
    at_each_size_in_chinese(|w, h| {
        let running = first_of("sync", stoppable_alone);
        let mut a = demo_on(w, h, &running);
        press(&mut a, "xy");
        update(&mut a, progress(&running.id, Phase::Stopping));
        update(&mut a, key('q'));
        assert!(
            a.quit_confirm,
            "{w}x{h}: q with a stop in flight asks first"
        );
        let s = screen(&a);
        no_english(&s, &["留下"]);
        insta::assert_snapshot!(format!("zh_quit_box_{w}x{h}"), s);
    });
}
