//! Shell completion (issue 17 item 8), with the real binary: bash itself loading the script that
//! `drs-tui completions bash` prints and completing lines with it (its function called as bash
//! calls it, and Tab typed in an interactive bash in a PTY), the registration scripts of
//! the other shells, and the completion protocol those scripts speak (`COMPLETE=SHELL drs-tui --
//! WORDS…`), which answers zsh, fish and PowerShell the same way. Unix only: the tests run
//! bash, sh and mkfifo.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::bin::*;
use drs_tui::i18n::{Language, T};

/// `drs-tui config init` in `home`: the example's profiles (lab, prod-cn, staging).
async fn config_init(home: &Path) {
    stdout_ok(with(cmd(home), ["config", "init"])).await;
}

/// What bash completes for each of `lines` (the words of a command line, the last one being
/// completed), in `cwd`, after `source <(drs-tui completions bash)`: the candidates of each.
async fn bash_completes(home: &Path, cwd: &Path, lines: &[Vec<&str>]) -> Vec<Vec<String>> {
    let mut driver = String::from(
        r#"source <(drs-tui completions bash) || exit 9
# The function completes the command as bash will call it.
complete -p drs-tui | grep -qx 'complete .*-F _clap_complete_drs_tui drs-tui' || exit 8
comp() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _clap_complete_drs_tui drs-tui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    local IFS=' '
    echo "reply: ${COMPREPLY[*]}"
}
"#,
    );
    for words in lines {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        driver.push_str(&format!("comp {}\n", quoted.join(" ")));
    }
    // The binary is first in `PATH`, so that the script finds `drs-tui` by its name, as an
    // installed one is found.
    let mut bash = shell(home, "bash");
    bash.current_dir(cwd)
        .args(["--norc", "--noprofile", "-c", &driver]);
    let out = run(bash).await;
    assert!(out.status.success(), "bash: {}", text(&out.stderr));
    // Completing writes nothing to the terminal (bash's stderr is the terminal).
    assert_eq!(text(&out.stderr), "", "stderr while completing");
    let replies: Vec<Vec<String>> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("reply:"))
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    assert_eq!(replies.len(), lines.len(), "{}", text(&out.stdout));
    replies
}

/// Asserts that `got` (the candidates for `line`) holds each of `want`.
fn has(line: &[&str], got: &[String], want: &[&str]) {
    for w in want {
        assert!(got.iter().any(|g| g == w), "{line:?} lacks {w}: {got:?}");
    }
}

#[tokio::test]
async fn bash_completes_subcommands_options_and_values_at_every_depth() {
    let home = tempfile::tempdir().expect("tmp");
    // A file where bash runs: the old script offered file names for every word after the first.
    let cwd = home.path().join("work");
    std::fs::create_dir_all(&cwd).expect("cwd");
    std::fs::write(cwd.join("jobs-notes.txt"), "").expect("file");
    config_init(home.path()).await;
    let lines: Vec<Vec<&str>> = vec![
        vec!["drs-tui", "j"],
        vec!["drs-tui", "jobs", "--"],
        vec!["drs-tui", "jobs", ""],
        vec!["drs-tui", "jobs", "list", "--"],
        vec!["drs-tui", "jobs", "delete", "--"],
        vec!["drs-tui", "config", "s"],
        vec!["drs-tui", "--region", "cn-n"],
        vec!["drs-tui", "--region", "cn-north-1"],
        vec!["drs-tui", "jobs", "list", "--regions", "cn-north-4,cn-e"],
        vec!["drs-tui", "--regions", "a"],
        vec!["drs-tui", "--profile", ""],
        vec!["drs-tui", "jobs", "list", "--profile", "s"],
        vec!["drs-tui", "--language", ""],
        vec!["drs-tui", "completions", ""],
    ];
    let got = bash_completes(home.path(), &cwd, &lines).await;
    assert_eq!(got[0], ["jobs"]);
    has(
        &lines[1],
        &got[1],
        &["--help", "--region", "--regions", "--profile"],
    );
    assert!(got[1].iter().all(|w| w.starts_with("--")), "{:?}", got[1]);
    has(&lines[2], &got[2], &["list", "show", "delete", "stop"]);
    assert!(
        !got[2].iter().any(|w| w.contains("notes")),
        "no file names: {:?}",
        got[2]
    );
    has(
        &lines[3],
        &got[3],
        &[
            "--job-type",
            "--status",
            "--name",
            "--output",
            "--no-headers",
            "--region",
        ],
    );
    has(
        &lines[4],
        &got[4],
        &["--yes", "--dry-run", "--ignore-not-found", "--output"],
    );
    for not_here in ["--no-headers", "--ascii", "--undo-grace"] {
        assert!(
            !got[4].iter().any(|w| w == not_here),
            "{not_here} offered for jobs delete: {:?}",
            got[4]
        );
    }
    assert_eq!(got[5], ["show"]);
    has(
        &lines[6],
        &got[6],
        &["cn-north-1", "cn-north-4", "cn-north-9"],
    );
    assert!(got[6].iter().all(|w| w.starts_with("cn-n")), "{:?}", got[6]);
    assert_eq!(got[7], ["cn-north-1", "cn-north-11", "cn-north-12"]);
    assert_eq!(
        got[8],
        [
            "cn-north-4,cn-east-2",
            "cn-north-4,cn-east-3",
            "cn-north-4,cn-east-4",
            "cn-north-4,cn-east-5"
        ]
    );
    has(&lines[9], &got[9], &["all", "ap-southeast-1", "af-south-1"]);
    let mut profiles = got[10].clone();
    profiles.sort();
    assert_eq!(
        profiles,
        ["lab", "prod-cn", "staging"],
        "from the config file"
    );
    assert_eq!(got[11], ["staging"]);
    assert_eq!(got[12], ["en-us", "zh-cn"]);
    has(&lines[13], &got[13], &["bash", "zsh", "fish", "powershell"]);
}

/// An interactive bash in a pseudo-terminal: keys in, the screen read with vt100.
struct Interactive {
    screen: Arc<Mutex<vt100::Parser>>,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Interactive {
    fn bash(home: &Path) -> Interactive {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let size = PtySize {
            rows: 40,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("pty");
        let mut sh = CommandBuilder::new("bash");
        sh.env_clear();
        // `shell`'s environment: `cmd`'s, with the binary first in PATH.
        for (k, v) in shell(home, "bash").get_envs() {
            if let Some(v) = v {
                sh.env(k, v);
            }
        }
        sh.env("TERM", "xterm");
        sh.env("PS1", "$ ");
        sh.env("INPUTRC", "/dev/null");
        sh.args(["--norc", "--noprofile", "-i"]);
        sh.cwd(home);
        let child = pair.slave.spawn_command(sh).expect("bash");
        drop(pair.slave);
        let mut out = pair.master.try_clone_reader().expect("reader");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).expect("rows"),
            std::num::NonZeroU16::new(160).expect("cols"),
            0,
        )));
        let fed = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = out.read(&mut buf) {
                if let Ok(mut p) = fed.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Interactive {
            screen,
            keys: pair.master.take_writer().expect("writer"),
            child,
            _master: pair.master,
        }
    }

    fn keys(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).expect("keys");
        self.keys.flush().expect("flush");
    }

    /// Waits (10 s at most) until the screen shows `text`; the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self
                .screen
                .lock()
                .map(|p| p.screen().contents())
                .unwrap_or_default();
            if now.contains(text) {
                return now;
            }
            assert!(Instant::now() < deadline, "no {text:?} on screen:\n{now}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Interactive {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Tab key as a person presses it in bash (readline, with `complete -p` as registered):
/// each line is typed with a Tab and then `X`, so the screen shows what the Tab inserted and
/// whether a space followed it; Ctrl-U clears the line for the next.
#[test]
fn tab_in_an_interactive_bash_completes_words_and_lists_choices() {
    let home = tempfile::tempdir().expect("tmp");
    succeeded(&run_blocking(with(cmd(home.path()), ["config", "init"])));
    let mut bash = Interactive::bash(home.path());
    bash.keys("source <(drs-tui completions bash); echo loaded\r");
    bash.wait_for("\nloaded");
    for (typed, shown) in [
        ("drs-tui jobs li\tX", "$ drs-tui jobs list X"),
        (
            "drs-tui jobs list --no-h\tX",
            "$ drs-tui jobs list --no-headers X",
        ),
        ("drs-tui --profile st\tX", "$ drs-tui --profile staging X"),
        ("drs-tui --language z\tX", "$ drs-tui --language zh-cn X"),
        // `=` is a word break for bash: the value after it is completed all the same.
        ("drs-tui --language=z\tX", "$ drs-tui --language=zh-cn X"),
        ("drs-tui --profile=\tl\tX", "$ drs-tui --profile=lab X"),
        ("drs-tui --config=/nonexistent jobs li\tX", "jobs list X"),
    ] {
        bash.keys(typed);
        bash.wait_for(shown);
        bash.keys("\x15");
    }
    // Two Tabs list the choices: after a comma, the list so far and each next region.
    bash.keys("drs-tui --regions cn-north-4,cn-east-\t\t");
    let screen = bash.wait_for("cn-north-4,cn-east-5");
    assert!(screen.contains("cn-north-4,cn-east-2"), "{screen}");
    bash.keys("\x15");
    // The regions that start with cn-north-1.
    bash.keys("drs-tui --region cn-north-1\t\t");
    let screen = bash.wait_for("cn-north-12");
    assert!(screen.contains("cn-north-11"), "{screen}");
}

#[tokio::test]
async fn profiles_come_from_the_config_file_the_line_names_and_nothing_is_said_without_one() {
    let home = tempfile::tempdir().expect("tmp");
    let toml = "default_profile = \"elsewhere\"\n[profiles.elsewhere]\nregion = \"cn-east-3\"\n\
         [profiles.second]\n";
    let other = file_in(home.path(), "other.toml", toml);
    let other = other.display().to_string();
    let equals = format!("--config={other}");
    let lines: Vec<Vec<&str>> = vec![
        // No config file at the default path: no candidates, no message.
        vec!["drs-tui", "--profile", ""],
        vec![
            "drs-tui",
            "--config",
            &other,
            "jobs",
            "list",
            "--profile",
            "",
        ],
        vec!["drs-tui", &equals, "--profile", "e"],
        vec!["drs-tui", "--config", "~/other.toml", "--profile", ""],
        vec![
            "drs-tui",
            "--config",
            "/nonexistent/x.toml",
            "--profile",
            "",
        ],
    ];
    let got = bash_completes(home.path(), home.path(), &lines).await;
    assert!(got[0].is_empty(), "{:?}", got[0]);
    assert_eq!(got[1], ["elsewhere", "second"]);
    assert_eq!(got[2], ["elsewhere"]);
    assert_eq!(got[3], ["elsewhere", "second"], "~/ is the home directory");
    assert!(got[4].is_empty(), "{:?}", got[4]);
}

/// `COMPLETE=shell drs-tui -- WORDS…` as the registration scripts call it, with `extra`
/// variables: the candidates' lines.
async fn protocol(home: &Path, shell: &str, extra: &[(&str, &str)], words: &[&str]) -> String {
    let mut c = cmd(home);
    c.env("COMPLETE", shell)
        .envs(extra.iter().copied())
        .arg("--");
    c.args(words);
    let out = run(c).await;
    assert!(
        out.status.success(),
        "{shell} {words:?}: {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr), "", "{shell} {words:?}");
    text(&out.stdout)
}

#[tokio::test]
async fn zsh_fish_and_powershell_get_candidates_with_descriptions() {
    let home = tempfile::tempdir().expect("tmp");
    config_init(home.path()).await;
    // zsh: `value:description`, separated by _CLAP_IFS; the index is the word completed.
    let zsh_env = [("_CLAP_COMPLETE_INDEX", "3"), ("_CLAP_IFS", "\n")];
    let zsh = protocol(
        home.path(),
        "zsh",
        &zsh_env,
        &["drs-tui", "jobs", "list", "--"],
    )
    .await;
    assert!(
        zsh.lines()
            .any(|l| l.starts_with("--no-headers:Leave out the header line")),
        "{zsh}"
    );
    assert!(zsh.lines().any(|l| l.starts_with("--region:")), "{zsh}");
    // fish and PowerShell: `value<TAB>description`, the last word completed.
    let fish = protocol(home.path(), "fish", &[], &["drs-tui", "jobs", ""]).await;
    for sub in ["list", "show", "delete", "stop"] {
        assert!(
            fish.lines().any(|l| l.starts_with(&format!("{sub}\t"))),
            "fish lacks {sub}: {fish}"
        );
    }
    let ps = protocol(
        home.path(),
        "powershell",
        &[],
        &["drs-tui", "--region", "cn-n"],
    )
    .await;
    assert!(
        ps.lines()
            .any(|l| l == "cn-north-4\thttps://drs.cn-north-4.myhuaweicloud.com"),
        "{ps}"
    );
    let ps = protocol(home.path(), "pwsh", &[], &["drs-tui", "--profile", "p"]).await;
    assert!(ps.lines().any(|l| l.starts_with("prod-cn\t")), "{ps}");
    // A path to the shell ($SHELL) works too.
    let fish = protocol(home.path(), "/usr/bin/fish", &[], &["drs-tui", "reg"]).await;
    assert!(fish.starts_with("regions\t"), "{fish}");
}

#[tokio::test]
async fn descriptions_follow_the_language_of_the_line_or_the_environment() {
    let home = tempfile::tempdir().expect("tmp");
    let about = T::HelpCmdJobs.text(Language::ZhCn);
    let about = about.trim_end_matches('。');
    let words = ["drs-tui", "--language", "zh-cn", "jo"];
    let fish = protocol(home.path(), "fish", &[], &words).await;
    assert!(fish.starts_with(&format!("jobs\t{about}")), "{fish}");
    let env = [("DRS_TUI_LANGUAGE", "zh-cn")];
    let fish = protocol(home.path(), "fish", &env, &["drs-tui", "jo"]).await;
    assert!(fish.starts_with(&format!("jobs\t{about}")), "{fish}");
    let fish = protocol(home.path(), "fish", &[], &["drs-tui", "jo"]).await;
    assert!(fish.starts_with("jobs\tScriptable job commands"), "{fish}");
}

#[tokio::test]
async fn every_subcommand_is_completed_from_its_parent() {
    let home = tempfile::tempdir().expect("tmp");
    let paths = subcommand_paths();
    assert!(paths.len() >= 12, "{paths:?}");
    for p in &paths {
        let (name, parents) = p.split_last().expect("name");
        let mut words = vec!["drs-tui"];
        words.extend(parents.iter().map(String::as_str));
        words.push(&name[..1]);
        let got = protocol(home.path(), "fish", &[], &words).await;
        assert!(
            got.lines()
                .any(|l| l.split('\t').next() == Some(name.as_str())),
            "{words:?} does not offer {name}: {got}"
        );
    }
}

#[tokio::test]
async fn each_shell_gets_a_registration_that_calls_drs_tui_by_name() {
    let home = tempfile::tempdir().expect("tmp");
    let expect: [(&str, &[&str]); 5] = [
        (
            "bash",
            &[
                "-F _clap_complete_drs_tui drs-tui",
                r#"COMPLETE="bash" \"#,
                r#""drs-tui" -- "${words[@]}""#,
            ],
        ),
        (
            "zsh",
            &[
                "#compdef drs-tui",
                "compdef _clap_dynamic_completer_drs_tui drs-tui",
                r#"COMPLETE="zsh" \"#,
                r#"drs-tui -- "${words[@]}""#,
                // Autoloaded from $fpath as _drs-tui, the first Tab completes too.
                r#"if [ "$funcstack[1]" = "_drs-tui" ]; then"#,
            ],
        ),
        (
            "fish",
            &[
                "--command drs-tui",
                "(COMPLETE=fish drs-tui -- (commandline",
            ],
        ),
        (
            "powershell",
            &[
                "-CommandName drs-tui",
                r#"$env:COMPLETE = "powershell""#,
                "& drs-tui -- $args",
            ],
        ),
        (
            "elvish",
            &["arg-completer[drs-tui]", "COMPLETE=\"elvish\" drs-tui --"],
        ),
    ];
    for (shell, parts) in expect {
        // Run as an installed binary is: by its name, found in PATH (no COMPLETE set).
        let by_name = with(
            common::bin::shell(home.path(), "sh"),
            ["-c", &format!("drs-tui completions {shell}")],
        );
        let out = run(by_name).await;
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for part in parts {
            assert!(
                script.contains(part),
                "{shell} script lacks {part:?}: {script}"
            );
        }
        // `COMPLETE=shell drs-tui` prints the same script.
        let mut env_way = common::bin::shell(home.path(), "sh");
        env_way.env("COMPLETE", shell).args(["-c", "drs-tui"]);
        let out = run(env_way).await;
        assert_eq!(text(&out.stdout), script, "{shell}");
    }
    // Run by a path, the script calls that path, made absolute.
    let mut c = cmd(home.path());
    c.args(["completions", "bash"]);
    let out = run(c).await;
    assert!(
        text(&out.stdout).contains(&format!("\"{BIN}\" --")),
        "{}",
        text(&out.stdout)
    );
    // A bad shell name is a usage error.
    let mut c = cmd(home.path());
    c.args(["completions", "tcsh"]);
    assert_eq!(run(c).await.status.code(), Some(2));
}

#[tokio::test]
async fn a_stray_complete_variable_changes_nothing_and_a_fifo_config_does_not_block() {
    let home = tempfile::tempdir().expect("tmp");
    // COMPLETE means something else to other programs: a value that is not a shell is ignored.
    for value in ["1", "", "0", "yes"] {
        let mut c = cmd(home.path());
        c.env("COMPLETE", value).args(["regions", "-o", "json"]);
        let out = run(c).await;
        assert!(
            out.status.success(),
            "COMPLETE={value}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).starts_with("[{"), "COMPLETE={value}");
    }
    // A FIFO as the config file: no candidates at once, nothing said (a read would block).
    let fifo = home.path().join("fifo.toml");
    mkfifo(&fifo);
    let fifo = fifo.display().to_string();
    let words = ["drs-tui", "--config", &fifo, "--profile", ""];
    let got = protocol(home.path(), "fish", &[], &words).await;
    assert_eq!(got, "");
}
