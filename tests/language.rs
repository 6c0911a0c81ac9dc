//! drs-tui in the operator's language (issue 10 item 11): `--language zh-cn`, a profile's
//! `language` or a Chinese locale switch drs-tui's own text, CLI and TUI, to Simplified Chinese
//! and ask the service for Chinese messages; the real binary against the demo service.

mod common;

use std::time::Duration;

use common::bin::*;
use common::pty::LONG;
use common::service::deletable;
use common::*;
use drs_tui::demo;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The display column at which `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line.find(needle).expect("needle in line");
    line[..at].width()
}

#[tokio::test]
async fn the_job_table_speaks_chinese_with_the_flag_and_lines_up_double_width_headers() {
    let (server, home) = served(30).await;
    let c = with(against(&server, home.path()), ["--language", "zh-cn"]);
    let stdout = stdout_ok(with(c, ["jobs", "list"])).await;
    let mut lines = stdout.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("任务ID") && header.contains("状态") && header.contains("创建时间"),
        "{header}"
    );
    // Each row's status starts in the display column of the (double-width) 状态 header.
    let status_col = column_of(header, "状态");
    let type_col = column_of(header, "类型");
    // A Chinese name (two columns per character) before the STATUS column.
    let job = find_job(&server, |j| {
        j.job_mode_role != "child" && j.name.chars().any(|c| c.width() == Some(2))
    });
    let row = stdout
        .lines()
        .find(|l| l.starts_with(&job.id))
        .expect("the job's row");
    assert_eq!(column_of(row, &job.status), status_col, "{header}\n{row}");
    assert_eq!(column_of(row, &job.job_type), type_col, "{header}\n{row}");
    assert!(
        stdout.trim_end().ends_with("个任务"),
        "the count line is Chinese: {stdout}"
    );
}

#[tokio::test]
async fn a_chinese_lang_alone_switches_the_cli_and_the_service_messages() {
    let (server, home) = served(10).await;
    // A well-formed id the service does not know: its error comes back in the asked language.
    let missing = "0123456789abcdef0123456789abcdefjb99";
    let in_chinese = || {
        let mut c = against(&server, home.path());
        c.env("LANG", "zh_CN.UTF-8");
        c
    };
    let stderr = stderr_exit(with(in_chinese(), ["jobs", "show", missing]), 1).await;
    assert!(
        stderr.contains(&format!("查看任务 {missing} 失败")),
        "{stderr}"
    );
    assert!(
        stderr.contains("任务不存在"),
        "X-Language: zh-cn was sent: {stderr}"
    );

    let listed = text(&run(with(in_chinese(), ["jobs", "list"])).await.stdout);
    assert!(listed.starts_with("任务ID"), "{listed}");

    // LC_ALL outranks LANG, and the flag outranks both.
    let mut c = in_chinese();
    c.env("LC_ALL", "en_US.UTF-8")
        .args(["jobs", "show", missing]);
    let stderr = text(&run(c).await.stderr);
    assert!(
        stderr.contains("failed") && stderr.contains("Job does not exist"),
        "{stderr}"
    );
    let c = with(in_chinese(), ["--language", "en-us", "jobs", "list"]);
    assert!(text(&run(c).await.stdout).starts_with("ID "));
}

#[tokio::test]
async fn a_profile_language_switches_errors_and_hints() {
    let home = tempfile::tempdir().expect("tmp");
    let toml =
        "default_profile = \"p\"\n[profiles.p]\nregion = \"cn-north-4\"\nlanguage = \"zh-cn\"\n";
    let config = file_in(home.path(), "c.toml", toml);
    let mut c = cmd(home.path());
    c.env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", home.path().join("none"))
        .args(["--config", config.to_str().expect("utf-8"), "jobs", "list"]);
    let stderr = stderr_exit(c, 2).await;
    assert!(
        stderr.contains("未找到凭证") && stderr.contains("--demo"),
        "{stderr}"
    );

    let mut c = cmd(home.path());
    c.env("LANG", "zh_CN.UTF-8")
        .env("DRS_TUI_TOKEN", "t")
        .args(["--region", "cn-nort-4", "jobs", "list"]);
    let stderr = text(&run(c).await.stderr);
    assert!(
        stderr.contains("未知区域") && stderr.contains("cn-north-4"),
        "{stderr}"
    );
}

/// The y/N prompt on a terminal, in Chinese; `n` sends nothing.
#[tokio::test(flavor = "multi_thread")]
async fn the_delete_prompt_asks_in_chinese() {
    let (server, home) = served(30).await;
    let job = deletable(&server);
    let delete = ["--language", "zh-cn", "jobs", "delete", job.id.as_str()];
    let mut tty = on_terminal(&server, home.path(), &delete, (120, 20));
    let screen = tty.wait_text("[y/N");
    assert!(
        screen.contains("即将删除 1 个任务") && screen.contains("确认删除该任务？"),
        "{screen}"
    );
    tty.type_text("n\r");
    assert_eq!(tty.wait_exit(Duration::from_secs(10)), Some(3));
    assert!(tty.screen().contains("已取消"), "{}", tty.screen());
    assert_eq!(server.state.count("DELETE", ""), 0, "n sends nothing");
}

/// The TUI against the demo service in a pseudo-terminal, in `--language zh-cn` or a locale.
fn tui(
    home: &std::path::Path,
    server: &demo::DemoServer,
    extra: &[&str],
    env: &[(&str, &str)],
) -> common::pty::Tui {
    common::pty::Tui::against_with(
        server,
        home,
        common::pty::Against {
            extra,
            env,
            cols: 140,
            rows: 40,
            ..Default::default()
        },
    )
}

/// The TUI in `--language zh-cn`, once it lists all of `server`'s jobs.
fn chinese_list(home: &std::path::Path, server: &demo::DemoServer) -> common::pty::Tui {
    let t = tui(home, server, &["--language", "zh-cn"], &[]);
    let n = server.state.job_ids().len();
    t.wait_for("the job list", LONG, |s| {
        s.contains(&format!("任务 {n}/{n}"))
    });
    t
}

/// Filters the list down to the job with this id.
fn select(t: &mut common::pty::Tui, id: &str) {
    t.send(b"/");
    t.type_text(id);
    t.send(b"\r");
    t.wait_for("the filtered job", LONG, |s| s.contains("任务 1/"));
}

/// Opens a confirmation with `key`; the screen once it offers 取消 (n/Esc).
fn modal(t: &mut common::pty::Tui, key: &[u8], what: &str) -> String {
    t.send(key);
    t.wait_for(what, LONG, |s| s.contains("取消 (n/Esc)"))
}

/// Answers a confirmation `n` and waits for the status that says nothing was sent.
fn cancel(t: &mut common::pty::Tui) {
    t.send(b"n");
    t.wait_for("the cancelled status", LONG, |s| {
        s.contains("已取消：未发送任何请求")
    });
}

/// `q`: the TUI quits with exit 0.
fn quit(mut t: common::pty::Tui) {
    t.send(b"q");
    assert_eq!(t.wait_exit(Duration::from_secs(10)), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tui_footer_and_header_are_chinese_with_the_flag() {
    let (server, home) = served(30).await;
    let n = server.state.job_ids().len();
    let t = tui(home.path(), &server, &["--language", "zh-cn"], &[]);
    let screen = t.wait_for("the Chinese header and footer", LONG, |s| {
        s.contains(&format!("任务 {n}/{n}")) && s.contains("帮助")
    });
    let footer = screen.lines().last().unwrap_or_default();
    for hint in [
        "移动", "筛选", "标记", "删除", "结束", "刷新", "帮助", "退出",
    ] {
        assert!(footer.contains(hint), "footer lacks {hint}: {footer}");
    }
    assert!(!footer.contains("quit"), "{footer}");
    // The table's title and headers, and the short status labels (ours, translated).
    assert!(screen.contains("任务  排序：名称"), "{screen}");
    assert!(
        screen.contains("名称 ▲") && screen.contains("状态") && screen.contains("引擎"),
        "{screen}"
    );
    assert!(
        screen.contains("配置项") && screen.contains("项目"),
        "{screen}"
    );
    quit(t);

    // The locale alone does it too; the same screen in English without it.
    let t = tui(home.path(), &server, &[], &[("LANG", "zh_CN.UTF-8")]);
    t.wait_for("the Chinese footer from LANG", LONG, |s| {
        s.lines().last().is_some_and(|l| l.contains("退出"))
    });
    quit(t);
    let t = tui(home.path(), &server, &[], &[]);
    t.wait_for("the English footer", LONG, |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("quit") && !l.contains("退出"))
    });
    quit(t);
}

/// The delete confirmation in Chinese: title, the request it sends, buttons; `n` sends nothing.
#[tokio::test(flavor = "multi_thread")]
async fn the_delete_modal_speaks_chinese() {
    let (server, home) = served(30).await;
    let job = deletable(&server);
    let mut t = chinese_list(home.path(), &server);
    select(&mut t, &job.id);
    let screen = modal(&mut t, b"d", "the Chinese delete modal");
    let parts = [
        "删除 1 个任务？",
        "将删除：",
        "发送 DELETE",
        "删除 1 个 (y)",
    ];
    assert_has_all(&screen, &parts);
    cancel(&mut t);
    assert_eq!(server.state.count("DELETE", ""), 0, "n sends nothing");
    quit(t);
}

#[tokio::test]
async fn config_show_lines_up_under_chinese_headers() {
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    c.env("LANG", "zh_CN.UTF-8")
        .env("DRS_TUI_TOKEN", "t")
        .args(["--region", "cn-north-4", "--project-id", "p1"]);
    let stdout = stdout_ok(with(c, ["config", "show"])).await;
    let header = stdout.lines().next().expect("header");
    assert!(header.starts_with("设置"), "{header}");
    let region = stdout
        .lines()
        .find(|l| l.starts_with("region "))
        .expect("the region row");
    assert_eq!(
        column_of(region, "cn-north-4"),
        column_of(header, "值"),
        "{stdout}"
    );
    assert_eq!(
        column_of(region, "参数 --region"),
        column_of(header, "来源"),
        "{stdout}"
    );
}

/// `--help` as the operator sees it, in `home`'s clean environment plus `env`.
async fn help(env: &[(&str, &str)], args: &[&str]) -> String {
    succeeded(&run_in_new_home(env, args).await)
}

#[tokio::test]
async fn help_is_chinese_under_a_chinese_locale_with_option_names_intact() {
    let out = help(&[("LANG", "zh_CN.UTF-8")], &["--help"]).await;
    let phrases = [
        "华为云数据复制服务（DRS）v5 任务的终端界面与脚本工具",
        "可用于脚本的任务命令",
        "全局选项",
        "针对内置的模拟 DRS 服务运行",
        "退出码：0 成功",
    ];
    assert_has_all(&out, &phrases);
    let names = [
        "--demo",
        "--language <LANG>",
        "--project-id <ID>",
        "demo-server",
    ];
    assert_has_all(&out, &names);
    assert!(
        !out.contains("Scriptable job commands") && !out.contains("Global options"),
        "{out}"
    );
}

#[tokio::test]
async fn help_follows_the_language_flag_before_parsing() {
    let out = help(&[], &["--language", "zh-cn", "jobs", "list", "--help"]).await;
    let phrases = [
        "列出任务（除非指定 --job-type，否则为所有任务类型）",
        "任务名称或 ID",
        "输出格式",
        "全局选项",
    ];
    assert_has_all(&out, &phrases);
    let names = [
        "--job-type <T>",
        "--no-headers",
        "-o, --output <OUTPUT>",
        "--region",
    ];
    assert_has_all(&out, &names);
    // `--language=` works too, and the flag outranks a Chinese locale.
    let eq = help(&[], &["--language=zh-cn", "jobs", "--help"]).await;
    assert!(eq.contains("可用于脚本的任务命令"), "{eq}");
    let en = help(
        &[("LANG", "zh_CN.UTF-8")],
        &["--language", "en-us", "jobs", "list", "--help"],
    )
    .await;
    assert!(
        en.contains("List jobs (all job types unless --job-type)"),
        "{en}"
    );
}

#[tokio::test]
async fn help_stays_english_under_the_c_locale() {
    let out = help(&[("LANG", "C")], &["--help"]).await;
    assert!(
        out.contains("A terminal UI and scripting tool for Huawei Cloud Data Replication Service")
            && out.contains("Scriptable job commands")
            && out.contains("Global options:"),
        "{out}"
    );
    assert!(
        !out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{out}"
    );
}

/// The filter finds what the table shows (issue 16 item 4): at 100 columns the status column
/// holds the short label, and `/已结束` (Chinese) or `/stopped` (English) finds the stopped jobs,
/// as `/RELEASE_RESOURCE_COMPLETE` does, and nothing else.
#[tokio::test(flavor = "multi_thread")]
async fn the_filter_finds_the_status_label_shown_in_chinese_and_english() {
    let (server, home) = served(60).await;
    let ids = server.state.job_ids();
    let n = ids.len();
    // The stopped jobs, a stopped sub-job included (its label, 子任务已结束 / child stopped,
    // says so too).
    let stopped = ids
        .iter()
        .filter_map(|id| server.state.job(id))
        .filter(|j| {
            [
                "RELEASE_RESOURCE_COMPLETE",
                "RELEASE_CHILD_TRANSFER_COMPLETE",
            ]
            .contains(&&*j.status)
        })
        .count();
    assert!(stopped > 0, "the demo has stopped jobs");
    for (lang, jobs, label) in [("zh-cn", "任务", "已结束"), ("en-us", "jobs", "stopped")] {
        let mut t = common::pty::Tui::against_with(
            &server,
            home.path(),
            common::pty::Against {
                extra: &["--language", lang],
                cols: 100,
                rows: 30,
                ..Default::default()
            },
        );
        t.wait_for("the job list", LONG, |s| {
            s.contains(&format!("{jobs} {n}/{n}"))
        });
        t.send(b"/");
        t.type_text(label);
        t.send(b"\r");
        let screen = t.wait_for("the filtered list", LONG, |s| {
            s.contains(&format!("{jobs} {stopped}/{n}"))
        });
        assert!(
            screen.contains(label),
            "{lang}: the rows show {label}\n{screen}"
        );
        quit(t);
    }
}

/// The stop confirmation in Chinese says 结束 (the console's word: an ended job cannot be
/// restarted), never 停止 (which reads like a pause); `n` sends nothing.
#[tokio::test(flavor = "multi_thread")]
async fn the_stop_modal_says_end_in_chinese() {
    let (server, home) = served(30).await;
    let job = find_job(&server, |j| j.can_stop() && j.job_mode_role != "child");
    let mut t = chinese_list(home.path(), &server);
    let footer = t.screen().lines().last().unwrap_or_default().to_string();
    assert!(
        footer.contains("结束") && !footer.contains("停止"),
        "{footer}"
    );
    select(&mut t, &job.id);
    let screen = modal(&mut t, b"x", "the Chinese stop modal");
    assert!(screen.contains("结束 1 个任务？"), "{screen}");
    assert!(!screen.contains("停止"), "{screen}");
    cancel(&mut t);
    assert_eq!(server.state.count("POST", "/stop"), 0, "n sends nothing");
    quit(t);
}

/// A failed refresh in Chinese keeps the rows and calls them 非最新 (not current), never 已过期,
/// which in Huawei Cloud means an expired subscription.
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_refresh_says_not_current_not_expired() {
    let (server, home) = served(30).await;
    let mut t = chinese_list(home.path(), &server);
    server
        .state
        .set_faults(demo::parse_faults("GET /v5/*/jobs=500").expect("spec"));
    t.send(b"r");
    let screen = t.wait_for("the failed refresh", LONG, |s| s.contains("刷新失败"));
    assert!(screen.contains("非最新"), "{screen}");
    assert!(!screen.contains("过期"), "{screen}");
    quit(t);
}
