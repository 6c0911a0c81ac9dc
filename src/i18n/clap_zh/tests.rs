use super::*;
use crate::i18n::{Language, scoped};

/// clap's English that must not be left in Chinese help or errors.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print",
    "[default:",
    "default:",
    "possible values",
    "Possible values",
    "[OPTIONS]",
    "COMMAND",
    "error:",
    "tip:",
    "For more information",
    "similar",
    "unexpected",
    "invalid value",
    "required",
    "cannot be used",
    "subcommand(s)",
    "see more",
    "commit",
];

fn english_in(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect()
}

/// What the binary prints for `args`, in Chinese (plain text, no colour codes).
fn zh(args: &[&str]) -> (ErrorKind, String) {
    scoped(Language::ZhCn, || {
        let mut cmd = crate::cli::command();
        let mut argv = vec!["drs-tui"];
        argv.extend_from_slice(args);
        let err = cmd
            .try_get_matches_from_mut(argv)
            .expect_err("help or an error");
        let text = text(&err, &cmd).unwrap_or_else(|| err.render().to_string());
        (err.kind(), strip_ansi(&text))
    })
}

/// Every command path, by name.
fn paths(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    for sc in cmd.get_subcommands() {
        path.push(sc.get_name().to_owned());
        paths(sc, path, out);
        path.pop();
    }
}

#[test]
fn every_commands_help_has_no_clap_english() {
    let mut all = Vec::new();
    paths(&crate::cli::command(), &mut Vec::new(), &mut all);
    assert!(all.len() > 10, "{all:?}");
    all.push(vec!["help".into()]);
    all.push(vec!["help".into(), "jobs".into()]);
    for path in all {
        for flag in ["-h", "--help"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            if args.first() != Some(&"help") {
                args.push(flag);
            }
            let (kind, out) = zh(&args);
            assert_eq!(kind, ErrorKind::DisplayHelp, "{args:?}: {out}");
            // The demo server's fault rules (its after-help) are a test tool's reference,
            // in English in both languages.
            let out = out
                .split("Fault rules")
                .next()
                .unwrap_or_default()
                .to_owned();
            assert!(
                out.starts_with("用法：") || out.contains("\n用法：drs-tui"),
                "{args:?}:\n{out}"
            );
            assert_eq!(english_in(&out), Vec::<&str>::new(), "{args:?}:\n{out}");
        }
    }
}

#[test]
fn help_headings_defaults_and_possible_values_read_in_chinese() {
    let (_, out) = zh(&["jobs", "list", "--help"]);
    assert!(out.contains("用法：drs-tui jobs list [选项]"), "{out}");
    assert!(out.contains("\n选项：\n"), "{out}");
    assert!(out.contains("\n全局选项：\n"), "{out}");
    assert!(out.contains("-h, --help"), "{out}");
    assert!(
        out.contains("输出格式 [默认：table] [可选值：table、tsv、json]。"),
        "{out}"
    );
    let (_, out) = zh(&["--help"]);
    assert!(out.contains("用法：drs-tui [选项] [命令]"), "{out}");
    assert!(out.contains("\n命令：\n"), "{out}");
    assert!(out.contains("-V, --version"), "{out}");
    let (_, out) = zh(&["jobs", "delete", "-h"]);
    assert!(
        out.contains("\n参数：\n") && out.contains("<IDS>..."),
        "{out}"
    );
    // A command with no subcommand given shows its help (on stderr, exit 2), in Chinese.
    let (kind, out) = zh(&["jobs"]);
    assert_eq!(kind, ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand);
    assert!(out.contains("用法：drs-tui jobs [选项] <命令>"), "{out}");
    assert_eq!(english_in(&out), Vec::<&str>::new(), "{out}");
}

#[test]
fn the_version_says_commit_in_chinese() {
    assert_eq!(
        version("0.4.0 (commit abc123, x86_64-unknown-linux-gnu)"),
        "0.4.0（提交 abc123，x86_64-unknown-linux-gnu）"
    );
    assert_eq!(version("0.4.0 (commit abc123)"), "0.4.0（提交 abc123）");
    assert_eq!(version("0.4.0"), "0.4.0");
}

#[test]
fn parse_errors_are_written_in_chinese_from_their_kind() {
    let cases: &[(&[&str], ErrorKind, &[&str])] = &[
        (
            &["--bogus"],
            ErrorKind::UnknownArgument,
            &[
                "错误：无法识别的参数 '--bogus'",
                "用法：drs-tui [选项] [命令]",
                "详细信息请运行 '--help'。",
            ],
        ),
        (
            &["jobs", "list", "--regoin", "x"],
            ErrorKind::UnknownArgument,
            &["提示：存在相似的参数：'--region'"],
        ),
        (
            &["jobs", "lst"],
            ErrorKind::InvalidSubcommand,
            &[
                "无法识别的子命令 'lst'",
                "提示：存在相似的子命令：",
                "'list'",
            ],
        ),
        (
            &["jobs", "list", "-o", "xml"],
            ErrorKind::InvalidValue,
            &[
                "'--output <OUTPUT>' 的值 'xml' 无效",
                "[可选值：table、tsv、json]",
            ],
        ),
        (
            &["jobs", "list", "-o"],
            ErrorKind::InvalidValue,
            &["'--output <OUTPUT>' 需要一个值，但未给出"],
        ),
        (
            &["jobs", "delete"],
            ErrorKind::MissingRequiredArgument,
            &["缺少以下必需参数：", "<IDS>..."],
        ),
        (
            &["audit", "--settle", "--unsettled"],
            ErrorKind::ArgumentConflict,
            &["不能与 '--unsettled' 同时使用"],
        ),
        (
            &["audit", "--settle", "--settle"],
            ErrorKind::ArgumentConflict,
            &["参数 '--settle' 不能多次使用"],
        ),
        (
            &["--concurrency", "0", "jobs", "list"],
            ErrorKind::ValueValidation,
            &["'--concurrency <N>' 的值 '0' 无效：0 超出范围"],
        ),
        (
            &["jobs", "list", "--", "x"],
            ErrorKind::UnknownArgument,
            &["无法识别的参数 'x'"],
        ),
        (
            &["jobs", "show", "a", "b"],
            ErrorKind::UnknownArgument,
            &["无法识别的参数 'b'"],
        ),
    ];
    for (args, kind, want) in cases {
        let (k, out) = zh(args);
        assert_eq!(k, *kind, "{args:?}: {out}");
        for w in *want {
            assert!(out.contains(w), "{args:?}: {w:?} missing from:\n{out}");
        }
        assert_eq!(english_in(&out), Vec::<&str>::new(), "{args:?}:\n{out}");
    }
}

#[test]
fn clap_suggestions_are_all_translated() {
    scoped(Language::ZhCn, || {
        assert_eq!(
            suggestion_of("to pass '-x' as a value, use '-- -x'"),
            "如需将 '-x' 作为值传入，请使用 '-- -x'"
        );
        assert_eq!(suggestion_of("'jobs --yes' exists"), "存在 'jobs --yes'");
        assert_eq!(
            suggestion_of("subcommand 'list' exists; to use it, remove the '--' before it"),
            "存在子命令 'list'：如需使用，请删去它前面的 '--'"
        );
    });
}

fn suggestion_of(en: &str) -> String {
    errors::suggestion_for_tests(en)
}

#[test]
fn english_is_left_to_clap() {
    scoped(Language::EnUs, || {
        let mut cmd = crate::cli::command();
        let err = cmd
            .try_get_matches_from_mut(["drs-tui", "--bogus"])
            .expect_err("error");
        assert!(text(&err, &cmd).is_none());
        let out = err.render().to_string();
        assert!(
            out.contains("error: unexpected argument '--bogus' found")
                && out.contains("Usage: drs-tui [OPTIONS] [COMMAND]"),
            "{out}"
        );
        let err = cmd
            .try_get_matches_from_mut(["drs-tui", "jobs", "list", "--help"])
            .expect_err("help");
        let out = err.render().to_string();
        assert!(
            out.contains("Options:")
                && out.contains("Print help")
                && out.contains("[default: table]"),
            "{out}"
        );
    });
}

#[test]
fn help_lines_keep_their_colour_codes() {
    scoped(Language::ZhCn, || {
        let line = "\x1b[1m\x1b[4mUsage:\x1b[0m \x1b[1mdrs-tui\x1b[0m [OPTIONS] [COMMAND]";
        assert_eq!(
            help_text(line),
            "\x1b[1m\x1b[4m用法：\x1b[0m\x1b[1mdrs-tui\x1b[0m [选项] [命令]"
        );
        assert_eq!(
            help_text("\x1b[1m\x1b[4mOptions:\x1b[0m"),
            "\x1b[1m\x1b[4m选项：\x1b[0m"
        );
        assert_eq!(
            help_text("\x1b[1m全局选项:\x1b[0m"),
            "\x1b[1m全局选项：\x1b[0m"
        );
        assert_eq!(strip_ansi("\x1b[1;31ma\x1b[0mb"), "ab");
    });
}
