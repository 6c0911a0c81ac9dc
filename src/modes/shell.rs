//! `drs-tui completions SHELL` and `drs-tui man`: generated from the same command definition
//! the parser uses, so they never disagree with `--help`.
//!
//! Completion is clap_complete's dynamic one (issue 17 item 8): the registration script a shell
//! loads (`drs-tui completions SHELL`, or `COMPLETE=SHELL drs-tui`) calls `COMPLETE=SHELL
//! drs-tui -- <the words of the line>` at each Tab, and [`answer_if_asked`] prints the
//! candidates: subcommands and options at every depth, and the values of
//! [`crate::completions`]. Answering reads the environment, the line and (for `--profile`
//! only) the config file; it sends no request, reads no credentials, writes nothing but the
//! candidates.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Shells, Zsh};

use crate::exit::{ExitCode, Fatal};

/// Prints the completion script for `shell` to stdout: the registration of clap_complete's
/// dynamic completion, which has the shell ask drs-tui itself at each Tab (see
/// [`crate::completions`]). It names the program as drs-tui was started (a bare name is
/// looked up in `PATH` at each Tab, a path is made absolute).
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Fatal> {
    let arg0 = std::env::args_os()
        .next()
        .unwrap_or_else(|| "drs-tui".into());
    let script = registration(shell, &completer_path(&arg0));
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::Ok)
}

/// The variable that asks for completions: its value is the shell (`bash`, `zsh`, `fish`,
/// `powershell`, `elvish`, or a path to one, e.g. `$SHELL`).
pub const VAR: &str = "COMPLETE";

/// The name the scripts register completions for.
const BIN: &str = "drs-tui";

/// When [`VAR`] names a shell: prints its registration script (no `--` on the command line)
/// or the candidates for the line after `--`, and returns the exit code (0, or 1 when no
/// candidates could be computed: the scripts then offer nothing). `None` for a normal run,
/// also when the variable holds something that is not a shell (it may mean something else to
/// another program), so that a stray `COMPLETE=1` never changes what drs-tui does.
///
/// Must run first in `main`: before anything reads the config or writes to the screen.
///
/// This is clap_complete's `CompleteEnv::complete` with two differences: a value that is not
/// a shell is a normal run instead of an error, and the registration printed is
/// [`registration_for`]'s (the same as `drs-tui completions SHELL`).
pub fn answer_if_asked() -> Option<i32> {
    let shell = std::env::var_os(VAR)?;
    let shell = shell_named(&shell)?;
    let args: Vec<OsString> = std::env::args_os().collect();
    let Some(dashes) = args.iter().position(|a| a == "--") else {
        let arg0 = args.first().map_or(OsStr::new(BIN), OsString::as_os_str);
        let script = registration_for(shell, &completer_path(arg0));
        return Some(write_out(&script));
    };
    // Descriptions in the language of the line (`--language`) or of the environment.
    crate::session::set_help_language(&args[dashes + 1..], &crate::config::Env::capture());
    // Stop child processes (none today) from answering completions themselves.
    // SAFETY: called at the very start of `main`, before any other thread exists.
    unsafe { std::env::remove_var(VAR) };
    let mut words = args[dashes + 1..].to_vec();
    if shell.name() == "bash" {
        bash_join_equals(&mut words);
    }
    let mut cmd = crate::cli::command();
    cmd.build();
    let cwd = std::env::current_dir().ok();
    let mut out = Vec::new();
    let done = shell.write_complete(&mut cmd, words, cwd.as_deref(), &mut out);
    Some(match done {
        Ok(()) => write_out(&out),
        Err(_) => 1,
    })
}

/// bash splits `--region=cn-n` into the words `--region`, `=`, `cn-n` (`=` is one of its
/// COMP_WORDBREAKS) and replaces only the last one: the `=` after a long option is dropped
/// (and the index of the word completed, `_CLAP_COMPLETE_INDEX`, moved back), so that the
/// engine completes `cn-n` as the option's value, the part bash replaces.
fn bash_join_equals(words: &mut Vec<OsString>) {
    const INDEX: &str = "_CLAP_COMPLETE_INDEX";
    let Some(mut index) = std::env::var(INDEX)
        .ok()
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let mut i = 1;
    while i < index.min(words.len()) {
        let after_option = words[i - 1]
            .to_str()
            .is_some_and(|w| w.starts_with("--") && w.len() > 2 && !w.contains('='));
        if words[i] == "=" && after_option {
            words.remove(i);
            index -= 1;
        } else {
            i += 1;
        }
    }
    // SAFETY: called at the very start of `main`, before any other thread exists.
    unsafe { std::env::set_var(INDEX, index.to_string()) };
}

fn write_out(bytes: &[u8]) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// The shell `name` (or a path to it) stands for, if any.
fn shell_named(name: &OsStr) -> Option<&'static dyn EnvCompleter> {
    let path = Path::new(name);
    let stem = path.file_stem().unwrap_or(name).to_str()?;
    const SHELLS: Shells<'static> = Shells::builtins();
    SHELLS.completer(stem)
}

fn completer_for(shell: clap_complete::Shell) -> &'static dyn EnvCompleter {
    match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        // Elvish, and any shell a later clap_complete adds.
        _ => &Elvish,
    }
}

/// The registration script for `shell` (what `drs-tui completions SHELL` prints): it makes the
/// shell ask `completer` (`COMPLETE=SHELL completer -- WORDS…`) at each Tab.
fn registration(shell: clap_complete::Shell, completer: &str) -> Vec<u8> {
    registration_for(completer_for(shell), completer)
}

fn registration_for(shell: &dyn EnvCompleter, completer: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = shell.write_registration(VAR, BIN, BIN, completer, &mut buf);
    if shell.name() == "zsh" {
        // Installed as `_drs-tui` in $fpath, zsh runs this file as the function `_drs-tui` at
        // the first Tab: that must complete too, not only register the completer for the next.
        buf.extend_from_slice(ZSH_AUTOLOADED.as_bytes());
    }
    buf
}

const ZSH_AUTOLOADED: &str = r#"
if [ "$funcstack[1]" = "_drs-tui" ]; then
    _clap_dynamic_completer_drs_tui "$@"
fi
"#;

/// The program the scripts call, from how drs-tui was started (`arg0`): a bare name is looked
/// up in `PATH` at each Tab; a path is made absolute, so that the script works from any
/// directory. The same rule as clap_complete's `CompleteEnv`.
fn completer_path(arg0: &OsStr) -> String {
    let mut path = PathBuf::from(arg0);
    if path.components().count() > 1
        && path.is_relative()
        && let Ok(cwd) = std::env::current_dir()
    {
        path = cwd.join(path);
    }
    path.to_string_lossy().into_owned()
}

/// ` --config PATH` (the path quoted for a POSIX shell when it needs it) when `path` was given,
/// else nothing: what a suggested next command needs to read the same file.
pub fn config_flag(path: Option<&std::path::Path>) -> String {
    let Some(path) = path else {
        return String::new();
    };
    let p = path.display().to_string();
    let plain = !p.is_empty()
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain {
        format!(" --config {p}")
    } else {
        format!(" --config '{}'", p.replace('\'', "'\\''"))
    }
}

/// Prints the man page (roff): clap_mangen's page for `drs-tui` (global options, subcommand
/// list), then a section per subcommand with its usage and its own options, so that one page
/// documents every command.
pub fn man() -> Result<ExitCode, Fatal> {
    let mut cmd = crate::cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand_section(&mut buf, sub, "drs-tui")?;
    }
    std::io::stdout().lock().write_all(&buf)?;
    Ok(ExitCode::Ok)
}

fn subcommand_section(buf: &mut Vec<u8>, sub: &clap::Command, parent: &str) -> std::io::Result<()> {
    let name = format!("{parent} {}", sub.get_name());
    writeln!(buf, ".SH \"{}\"", roff_text(&name.to_uppercase()))?;
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        writeln!(buf, "{}", roff_text(&about.to_string()))?;
    }
    let own = sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help");
    let usage = sub.clone().bin_name(&name).render_usage().to_string();
    writeln!(
        buf,
        ".PP\n{}",
        roff_text(usage.trim_start_matches("Usage: "))
    )?;
    for a in own {
        let mut head = String::new();
        if let Some(s) = a.get_short() {
            head.push_str(&format!("\\fB\\-{s}\\fR, "));
        }
        match a.get_long() {
            Some(l) => head.push_str(&format!("\\fB\\-\\-{}\\fR", roff_text(l))),
            None => head.push_str(&format!("\\fI{}\\fR", roff_text(a.get_id().as_str()))),
        }
        if a.get_long().is_some() && a.get_action().takes_values() {
            let value = a
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| a.get_id().as_str().to_uppercase(), ToString::to_string);
            head.push_str(&format!(" \\fI{}\\fR", roff_text(&value)));
        }
        writeln!(buf, ".TP\n{head}")?;
        let mut help = a.get_help().map(ToString::to_string).unwrap_or_default();
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| match v.get_help() {
                Some(h) => format!("{}: {h}", v.get_name()),
                None => v.get_name().to_string(),
            })
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" ({})", values.join("; ")));
        }
        writeln!(buf, "{}", roff_text(&help))?;
    }
    for s in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand_section(buf, s, &name)?;
    }
    Ok(())
}

/// Text safe in a roff body: backslashes and hyphens escaped, no line starting with a control
/// character.
fn roff_text(s: &str) -> String {
    s.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells_are_known_by_name_or_path_and_nothing_else_is() {
        assert_eq!(
            shell_named(OsStr::new("/bin/bash")).map(|s| s.name()),
            Some("bash")
        );
        assert_eq!(
            shell_named(OsStr::new("pwsh")).map(|s| s.name()),
            Some("powershell")
        );
        assert!(shell_named(OsStr::new("1")).is_none());
        assert!(shell_named(OsStr::new("")).is_none());
    }
}
