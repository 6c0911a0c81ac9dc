//! `drs-tui completions SHELL` and `drs-tui man`: generated from the same command definition
//! the parser uses, so they never disagree with `--help`.

use std::io::Write;

use crate::exit::{ExitCode, Fatal};

/// Prints the completion script for `shell` to stdout (for bash, repaired and taught the values
/// of `--region`, `--regions`, `--language` and `--profile`: see [`bash_script`]).
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Fatal> {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "drs-tui", &mut buf);
    if shell == clap_complete::Shell::Bash {
        buf = bash_script(&String::from_utf8_lossy(&buf)).into_bytes();
    }
    std::io::stdout().lock().write_all(&buf)?;
    Ok(ExitCode::Ok)
}

/// clap_complete's bash script, made to work for a name with a hyphen and to complete values:
/// - its `case "${cmd}"` arms spell the name `drs__subcmd__tui…` where the loop that finds the
///   subcommand sets `drs__tui…` (clap issue #6421), so no subcommand ever matched and every
///   word after the first was completed as a file name; the arms are renamed to match;
/// - `--region` completes from the region table, `--regions` from `all` and the table (after a
///   comma, the next region of the list), `--language` from its two values, and `--profile`
///   from the config file's profiles (`drs-tui config profiles`, with `--config` if the line
///   has one), instead of file names.
pub fn bash_script(generated: &str) -> String {
    let script = generated.replace("drs__subcmd__tui", "drs__tui");
    let regions = crate::modes::regions::sorted().join(" ");
    let file_reply = r#"COMPREPLY=($(compgen -f "${cur}"))"#;
    let mut out = String::with_capacity(script.len() + 64 * 1024);
    let mut option: Option<&str> = None;
    for line in script.lines() {
        let trimmed = line.trim();
        let values = match option.take() {
            Some(opt) if trimmed == file_reply => match opt {
                "--region" => Some(format!(
                    r#"COMPREPLY=($(compgen -W "{regions}" -- "${{cur}}"))"#
                )),
                "--regions" => Some(format!(
                    r#"COMPREPLY=($(compgen -P "${{cur%"${{cur##*,}}"}}" -W "all {regions}" -- "${{cur##*,}}"))"#
                )),
                "--language" => {
                    Some(r#"COMPREPLY=($(compgen -W "en-us zh-cn" -- "${cur}"))"#.into())
                }
                "--profile" => Some(
                    r#"COMPREPLY=($(compgen -W "$(_drs__tui_profiles "$1")" -- "${cur}"))"#.into(),
                ),
                _ => None,
            },
            _ => None,
        };
        match values {
            Some(v) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(indent);
                out.push_str(&v);
            }
            None => out.push_str(line),
        }
        out.push('\n');
        if let Some(opt) = trimmed.strip_suffix(')')
            && matches!(opt, "--region" | "--regions" | "--language" | "--profile")
        {
            option = Some(opt);
        }
    }
    out.push_str(BASH_PROFILES);
    out
}

/// The profiles of the config file the command line names (`--config PATH`), else of the
/// default one, as `drs-tui config profiles` lists them (the name, then `region …`).
const BASH_PROFILES: &str = r#"
_drs__tui_profiles() {
    local i config=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            --config) config=(--config "${COMP_WORDS[i+1]}") ;;
            --config=*) config=("${COMP_WORDS[i]}") ;;
        esac
    done
    "$1" "${config[@]}" config profiles 2>/dev/null | awk '$2 == "region" { print $1 }'
}
"#;

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
