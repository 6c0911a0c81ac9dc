//! The CLI in Chinese has no English left but codes, ids, flags and names (issue 16 item 5):
//! clap's help and errors, `config show`'s sources, the `audit` table. The real binary, in a
//! clean environment; English stays as it was.

mod common;

use common::bin::*;
use common::service::deletable;

/// clap's own English words, none of which may be left in Chinese help.
const CLAP_HELP_WORDS: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "[possible values:",
    "[OPTIONS]",
    "Print this message",
];

/// Environment variables to set.
type Vars<'a> = &'a [(&'a str, &'a str)];

/// `drs-tui ARGS` in `home`'s clean environment plus `env`: exit code, stdout, stderr.
async fn drs(env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_in_new_home(env, args).await;
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test]
async fn help_has_none_of_clap_s_english_whichever_way_chinese_is_chosen() {
    let ways: [(Vars, &[&str]); 3] = [
        (&[], &["--language", "zh-cn"]),
        (&[("DRS_TUI_LANGUAGE", "zh-cn")], &[]),
        (&[("LANG", "zh_CN.UTF-8")], &[]),
    ];
    for (env, pre) in ways {
        for path in [&[][..], &["jobs"], &["jobs", "list"], &["config", "show"]] {
            for flag in ["--help", "-h"] {
                let mut args = pre.to_vec();
                args.extend_from_slice(path);
                args.push(flag);
                let (code, out, err) = drs(env, &args).await;
                assert_eq!(code, Some(0), "{args:?}: {err}");
                for word in CLAP_HELP_WORDS {
                    assert!(!out.contains(word), "{env:?} {args:?}: {word:?} in:\n{out}");
                }
                assert!(out.contains("用法：drs-tui"), "{args:?}:\n{out}");
                assert!(
                    out.contains("-h, --help") && out.contains("显示帮助"),
                    "{out}"
                );
            }
        }
    }
    // What clap wrote in English is there in Chinese.
    let (_, out, _) = drs(&[], &["--language", "zh-cn", "jobs", "list", "--help"]).await;
    let translated = [
        "用法：drs-tui jobs list [选项]",
        "\n选项：\n",
        "\n全局选项：\n",
        "[默认：table] [可选值：table、tsv、json]",
    ];
    assert_has_all(&out, &translated);
    let (_, out, _) = drs(&[], &["--language", "zh-cn", "--help"]).await;
    assert!(
        out.contains("\n命令：\n") && out.contains("显示版本"),
        "{out}"
    );
}

#[tokio::test]
async fn english_help_is_clap_s_as_before() {
    let (code, out, _) = drs(&[("LANG", "C")], &["jobs", "list", "--help"]).await;
    assert_eq!(code, Some(0));
    let clap_s = [
        "Usage: drs-tui jobs list [OPTIONS]",
        "Options:",
        "Global options:",
        "-h, --help",
        "Print help",
        "[default: table]",
    ];
    assert_has_all(&out, &clap_s);
    assert!(!out.contains("用法"), "{out}");
}

#[tokio::test]
async fn a_usage_error_in_chinese_names_its_kind_in_chinese() {
    let (code, out, err) = drs(
        &[],
        &["--language", "zh-cn", "jobs", "list", "--regoin", "x"],
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.starts_with("错误：无法识别的参数 '--regoin'"), "{err}");
    assert!(err.contains("提示：存在相似的参数：'--region'"), "{err}");
    assert!(err.contains("用法：drs-tui jobs list"), "{err}");
    assert!(err.contains("详细信息请运行 '--help'。"), "{err}");
    let english = [
        "error:",
        "unexpected argument",
        "tip:",
        "similar",
        "Usage:",
        "For more information",
    ];
    assert_has_none(&err, &english);
    // A bad value: the possible values in Chinese; a bad number: the parser's reason too.
    let (code, _, err) = drs(&[("LANG", "zh_CN.UTF-8")], &["jobs", "list", "-o", "xml"]).await;
    assert_eq!(code, Some(2));
    assert!(
        err.contains("'--output <OUTPUT>' 的值 'xml' 无效")
            && err.contains("[可选值：table、tsv、json]"),
        "{err}"
    );
    assert!(
        !err.contains("invalid value") && !err.contains("possible values"),
        "{err}"
    );
    let (code, _, err) = drs(
        &[("DRS_TUI_LANGUAGE", "zh-cn")],
        &["--concurrency", "0", "jobs", "list"],
    )
    .await;
    assert_eq!(code, Some(2));
    assert!(
        err.contains("'--concurrency <N>' 的值 '0' 无效：0 超出范围"),
        "{err}"
    );
    // English is clap's.
    let (code, _, err) = drs(&[], &["jobs", "list", "--regoin", "x"]).await;
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: unexpected argument '--regoin' found") && err.contains("Usage:"),
        "{err}"
    );
}

#[tokio::test]
async fn config_show_in_chinese_names_its_sources_in_chinese() {
    let home = tempfile::tempdir().expect("tmp");
    let run_show = |language: &'static str| {
        let mut c = cmd(home.path());
        c.env("DRS_TUI_TOKEN", "t")
            .env("DRS_TUI_REGION", "cn-north-4")
            .args([
                "--language",
                language,
                "--project-id",
                "0123456789abcdef0123456789abcdef",
                "config",
                "show",
            ]);
        run(c)
    };
    let zh = succeeded(&run_show("zh-cn").await);
    let sources = [
        "config.toml（不存在）",
        "环境变量 DRS_TUI_REGION",
        "参数 --project-id",
        "参数 --language",
        "默认（无）",
        "环境变量",
        "现成的 IAM Token [REDACTED]",
    ];
    assert_has_all(&zh, &sources);
    // The sources column has no English word left (setting names, flags and variables are
    // codes).
    for line in zh.lines().skip(1) {
        let source = line.rsplit("  ").next().unwrap_or_default();
        for word in [
            "flag", "env", "default", "absent", "profile", "SDK file", "locale",
        ] {
            assert!(
                !source.contains(word),
                "{word:?} in the source of {line:?}\n{zh}"
            );
        }
    }
    let en = text(&run_show("en-us").await.stdout);
    let sources = [
        "config.toml (absent)",
        "env DRS_TUI_REGION",
        "default (none)",
        "IAM token [REDACTED]",
    ];
    assert_has_all(&en, &sources);
}

#[tokio::test]
async fn the_audit_table_in_chinese() {
    let (server, home) = served(30).await;
    let job = deletable(&server);
    stdout_ok(with(
        against(&server, home.path()),
        ["jobs", "delete", "--yes", &job.id],
    ))
    .await;

    let audit = |language: &'static str| {
        let mut c = cmd(home.path());
        c.args(["--language", language, "audit"]);
        run(c)
    };
    let zh = text(&audit("zh-cn").await.stdout);
    let lines: Vec<&str> = zh.lines().collect();
    assert_eq!(lines.len(), 2, "intent and outcome:\n{zh}");
    assert!(
        lines[0].contains("删除") && lines[0].contains("准备发送  任务状态 "),
        "{zh}"
    );
    assert!(
        lines[1].contains("结果  200 OK（尝试 1 次，") && lines[1].contains("核实方式：服务应答）"),
        "{zh}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.contains("位于 ") && l.contains(&job.id)),
        "{zh}"
    );
    let english = [
        " delete ",
        "intent",
        "outcome",
        "status",
        "attempts",
        "settled by",
        "response",
        " in ",
        "project ",
    ];
    assert_has_none(&zh, &english);
    // English as before.
    let en = text(&audit("en-us").await.stdout);
    assert!(
        en.contains("  delete     ")
            && en.contains("intent   status ")
            && en.contains("settled by response)"),
        "{en}"
    );
}

#[tokio::test]
async fn region_errors_read_as_one_sentence_in_chinese() {
    let (code, _, err) = drs(
        &[("DRS_TUI_TOKEN", "t")],
        &[
            "--language",
            "zh-cn",
            "--region",
            "cn-nrth-4",
            "--project-id",
            "0123456789abcdef0123456789abcdef",
            "jobs",
            "list",
        ],
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cn-north-4"), "{err}");
    assert!(
        !err.contains("？。") && !err.contains("; did you mean"),
        "{err}"
    );
    let (code, _, err) = drs(
        &[("DRS_TUI_TOKEN", "t")],
        &["--language", "zh-cn", "--regions", " , ", "jobs", "list"],
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--regions 需要 `all` 或以逗号分隔的列表"),
        "{err}"
    );
    assert!(!err.contains("needs"), "{err}");
}
