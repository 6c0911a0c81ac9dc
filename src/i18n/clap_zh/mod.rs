//! clap's own words in Chinese (issue 16 item 5): the help's headings and usage line, the
//! `-h`/`-V` descriptions, `[default: …]` and `[possible values: …]`, and the parse errors.
//!
//! What clap lets a program set is set on the command ([`command`], [`arg`]): its own `-h` and
//! `-V` with Chinese descriptions, defaults and possible values hidden from clap and written by
//! the catalog into the option's help. What clap writes itself (the `Usage:` line, the
//! `Options:` headings and their ASCII colon, the `help` subcommand's description) is replaced
//! in the rendered help ([`help_text`]), and an error is written from its kind and context
//! ([`errors::message`]), never from clap's English sentence. [`exit`] prints either through
//! clap, so colours, the stream and the exit code stay clap's.

mod errors;
mod tree;

pub use tree::localise;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::T;
use crate::tr;

/// A command's own `-h`/`--help` and, on the root, `-V`/`--version`, described in Chinese
/// (clap's built-in ones say "Print help"); the version's "commit" in Chinese too.
pub fn command(cmd: Command, root: bool) -> Command {
    let long = cmd.get_long_about().is_some() || cmd.get_after_long_help().is_some();
    let mut help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(None::<&str>);
    help = if long {
        help.help(tr!(ClapPrintHelpMore))
            .long_help(tr!(ClapPrintHelpSummary))
    } else {
        help.help(tr!(ClapPrintHelp))
    };
    let mut cmd = cmd
        .disable_help_flag(true)
        .arg(help)
        .subcommand_value_name(tr!(ClapCommandTag))
        .subcommand_help_heading(tr!(ClapCommands));
    if root && cmd.get_version().is_some() {
        static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let v = VERSION.get_or_init(|| version(env!("DRS_TUI_VERSION")));
        cmd = cmd.disable_version_flag(true).version(v.as_str()).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr!(ClapPrintVersion))
                .help_heading(None::<&str>),
        );
    }
    cmd
}

/// `0.4.0 (commit abc, x86_64-…)` as `0.4.0（提交 abc，x86_64-…）` (for Chinese mode only).
fn version(v: &str) -> String {
    let zh =
        |t: T, args: &[&dyn std::fmt::Display]| super::fill(t.text(super::Language::ZhCn), args);
    let Some((number, rest)) = v.split_once(" (commit ") else {
        return v.to_owned();
    };
    let rest = rest.trim_end_matches(')');
    match rest.split_once(", ") {
        Some((commit, target)) => zh(T::ClapVersion, &[&number, &commit, &target]),
        None => zh(T::ClapVersionNoTarget, &[&number, &rest]),
    }
}

/// An option's help with its default and possible values in Chinese at the end, before the
/// final 。 (clap's own `[default: …]` and `[possible values: …]` hidden).
pub fn arg(a: Arg, help: &str) -> Arg {
    let mut extra = Vec::new();
    if !a.get_action().takes_values() {
        return a.help(help.to_owned());
    }
    if !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let d: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        extra.push(tr!(ClapDefault, d.join("、")));
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_owned())
        .collect();
    if !a.is_hide_possible_values_set() && !values.is_empty() {
        extra.push(tr!(ClapPossibleValues, values.join("、")));
    }
    let a = a.hide_default_value(true).hide_possible_values(true);
    if extra.is_empty() {
        return a.help(help.to_owned());
    }
    let (body, end) = match help.strip_suffix('。') {
        Some(body) => (body, "。"),
        None => (help, ""),
    };
    a.help(format!("{body} {}{end}", extra.join(" ")))
}

/// Rendered help (with its colour codes) with clap's words in Chinese: the usage line, the
/// section headings (with a full-width colon), the `help` subcommand and `[OPTIONS]`.
pub fn help_text(ansi: &str) -> String {
    let lines: Vec<String> = ansi.split('\n').map(help_line).collect();
    lines.join("\n")
}

fn help_line(line: &str) -> String {
    let plain = strip_ansi(line);
    if plain.starts_with("Usage:") {
        return usage_line(line);
    }
    // A section heading: clap's own, or the catalog's (Chinese) ones such as 全局选项. Text
    // that clap copies from elsewhere (the demo server's fault rules) is left alone.
    if let Some(name) = plain.strip_suffix(':').filter(|n| !n.contains(' ')) {
        let zh = match name {
            "Options" => Some(tr!(ClapOptions)),
            "Arguments" => Some(tr!(ClapArguments)),
            "Commands" => Some(tr!(ClapCommands)),
            other if !other.is_ascii() => Some(other),
            _ => None,
        };
        if let Some(zh) = zh {
            return line.replacen(&format!("{name}:"), &format!("{zh}："), 1);
        }
    }
    line.replace(
        T::ClapHelpSubcommand.text(super::Language::EnUs),
        tr!(ClapHelpSubcommand),
    )
    .replace(
        T::ClapHelpSubcommandArg.text(super::Language::EnUs),
        tr!(ClapHelpSubcommandArg),
    )
    .replace("[COMMAND]", &format!("[{}]", tr!(ClapCommandTag)))
}

/// `Usage: drs-tui [OPTIONS] <COMMAND>` as `用法：drs-tui [选项] <命令>` (no space after the
/// full-width colon); the colour codes around the heading stay.
fn usage_line(line: &str) -> String {
    let Some(at) = line.find("Usage:") else {
        return line.to_owned();
    };
    let mut rest = &line[at + "Usage:".len()..];
    let mut codes = String::new();
    while let Some(code) = leading_escape(rest) {
        codes.push_str(code);
        rest = &rest[code.len()..];
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let rest = rest
        .replace("[OPTIONS]", tr!(ClapOptionsTag))
        .replace("[COMMAND]", &format!("[{}]", tr!(ClapCommandTag)))
        .replace("<COMMAND>", &format!("<{}>", tr!(ClapCommandTag)));
    format!("{}{}{codes}{rest}", &line[..at], tr!(ClapUsage))
}

/// The ANSI escape sequence `s` starts with, if any.
fn leading_escape(s: &str) -> Option<&str> {
    let body = s.strip_prefix("\x1b[")?;
    let end = body.find(|c: char| ('@'..='~').contains(&c))?;
    Some(&s[..2 + end + 1])
}

/// `s` without its ANSI escape sequences.
pub(crate) fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(code) = leading_escape(rest) {
            rest = &rest[code.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Writes a ready text: what [`exit`] hands clap to print, so that clap picks the stream,
/// the colours and the exit code as for its own messages.
struct Ready;

impl ErrorFormatter for Ready {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        match error.get(ContextKind::Custom) {
            Some(ContextValue::StyledStr(s)) => s.clone(),
            _ => StyledStr::new(),
        }
    }
}

/// The text clap would print for `err`, with clap's words in Chinese (help with its headings
/// and usage line; an error from its kind and context). `None` for the version, which needs
/// no change, and in English.
pub fn text(err: &clap::Error, cmd: &Command) -> Option<String> {
    if super::language() != super::Language::ZhCn {
        return None;
    }
    match err.kind() {
        ErrorKind::DisplayVersion => None,
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Some(help_text(&err.render().ansi().to_string()))
        }
        _ => Some(errors::message(err, cmd.get_styles())),
    }
}

/// Prints `err` as clap would (help and version to stdout with exit 0, errors to stderr with
/// exit 2), in the language in force, and exits.
pub fn exit(err: clap::Error, cmd: &Command) -> ! {
    let Some(text) = text(&err, cmd) else {
        err.exit()
    };
    let mut ready = clap::error::Error::<Ready>::new(err.kind()).with_cmd(cmd);
    ready.insert(
        ContextKind::Custom,
        ContextValue::StyledStr(StyledStr::from(text)),
    );
    ready.exit()
}

#[cfg(test)]
mod tests;
