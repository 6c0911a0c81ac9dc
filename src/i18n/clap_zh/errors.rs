//! A clap parse error written in Chinese from its kind and context (what clap's own
//! `RichFormatter` writes in English): the sentence, the tips, the usage line and where to find
//! more, with clap's colours.

use std::fmt::Write as _;

use clap::builder::Styles;
use clap::builder::styling::Style;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::tr;

/// `s` in `style` (the colour codes are dropped by clap when colour is off).
fn styled(style: &Style, s: impl std::fmt::Display) -> String {
    format!("{style}{s}{style:#}")
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<&str> {
    match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> &[String] {
    match err.get(kind) {
        Some(ContextValue::Strings(s)) => s,
        _ => &[],
    }
}

fn number(err: &clap::Error, kind: ContextKind) -> Option<isize> {
    match err.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

/// The whole message: `错误：…`, tips, usage and `详细信息请运行 '--help'。`.
pub fn message(err: &clap::Error, styles: &Styles) -> String {
    let mut out = styled(styles.get_error(), tr!(ClapError));
    out.push_str(&sentence(err, styles));
    let tips = tips(err, styles);
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            let _ = write!(out, "\n  {}{tip}", styled(styles.get_valid(), tr!(ClapTip)));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        out.push_str("\n\n");
        out.push_str(&super::help_text(&usage.ansi().to_string()));
    }
    match help_flag(err) {
        Some(flag) => {
            let flag = styled(styles.get_literal(), flag);
            let _ = write!(out, "\n\n{}\n", tr!(ClapMoreInfo, flag));
        }
        None => out.push('\n'),
    }
    out
}

/// Where clap's message sends the reader for more (`--help`, or `help` where there is no
/// flag): read from clap's own rendering, the one place it is kept.
fn help_flag(err: &clap::Error) -> Option<String> {
    let english = err.render().to_string();
    let (_, rest) = english.split_once("For more information, try '")?;
    Some(rest.split_once('\'')?.0.to_owned())
}

/// The first sentence, from the error's kind and context.
fn sentence(err: &clap::Error, styles: &Styles) -> String {
    let bad = |s: &str| styled(styles.get_invalid(), s);
    let lit = |s: &str| styled(styles.get_literal(), s);
    let arg = string(err, ContextKind::InvalidArg);
    let value = string(err, ContextKind::InvalidValue);
    let text = match err.kind() {
        ErrorKind::ArgumentConflict => conflict(err, styles),
        ErrorKind::NoEquals => arg.map(|a| tr!(ClapNoEquals, bad(a))),
        ErrorKind::InvalidValue => match (arg, value) {
            (Some(a), Some("")) => Some(tr!(ClapValueMissing, bad(a))),
            (Some(a), Some(v)) => Some(tr!(ClapInvalidValue, bad(v), lit(a))),
            _ => None,
        }
        .map(|s| s + &values_list(err, ContextKind::ValidValue, styles)),
        ErrorKind::InvalidSubcommand => {
            string(err, ContextKind::InvalidSubcommand).map(|s| tr!(ClapUnknownSubcommand, bad(s)))
        }
        ErrorKind::MissingRequiredArgument => {
            let args = strings(err, ContextKind::InvalidArg);
            (!args.is_empty()).then(|| {
                let mut s = tr!(ClapMissingArgs).to_owned();
                for a in args {
                    let _ = write!(s, "\n  {}", styled(styles.get_valid(), a));
                }
                s
            })
        }
        ErrorKind::MissingSubcommand => string(err, ContextKind::InvalidSubcommand).map(|s| {
            tr!(ClapMissingSubcommand, bad(s))
                + &values_list(err, ContextKind::ValidSubcommand, styles)
        }),
        ErrorKind::TooManyValues => match (arg, value) {
            (Some(a), Some(v)) => Some(tr!(ClapTooManyValues, bad(v), lit(a))),
            _ => None,
        },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => counts(err, styles),
        ErrorKind::ValueValidation => match (arg, value) {
            (Some(a), Some(v)) => Some(match std::error::Error::source(err) {
                Some(why) => tr!(ClapInvalidValueBecause, bad(v), lit(a), why),
                None => tr!(ClapInvalidValue, bad(v), lit(a)),
            }),
            _ => None,
        },
        ErrorKind::UnknownArgument => arg.map(|a| tr!(ClapUnknownArg, bad(a))),
        ErrorKind::InvalidUtf8 => Some(tr!(ClapInvalidUtf8).to_owned()),
        _ => None,
    };
    text.unwrap_or_else(|| {
        // No context to build a sentence from (a message clap was given as text): say it is
        // bad usage; the detail, if any, follows as the parser wrote it.
        match std::error::Error::source(err) {
            Some(why) => format!("{}：{why}", tr!(ClapBadUsage)),
            None => tr!(ClapBadUsage).to_owned(),
        }
    })
}

fn conflict(err: &clap::Error, styles: &Styles) -> Option<String> {
    let bad = |s: &str| styled(styles.get_invalid(), s);
    let prior = err.get(ContextKind::PriorArg);
    if let Some(a) = string(err, ContextKind::InvalidArg) {
        return Some(match prior {
            Some(ContextValue::String(p)) if p == a => tr!(ClapArgTwice, bad(a)),
            Some(ContextValue::String(p)) => tr!(ClapArgConflict, bad(a), bad(p)),
            Some(ContextValue::Strings(ps)) => {
                let mut s = tr!(ClapArgConflictMany, bad(a));
                for p in ps {
                    let _ = write!(s, "\n  {}", bad(p));
                }
                s
            }
            _ => tr!(ClapArgConflictOthers, bad(a)),
        });
    }
    let sub = string(err, ContextKind::InvalidSubcommand)?;
    let prior = match prior {
        Some(ContextValue::String(p)) => p.clone(),
        Some(ContextValue::Strings(ps)) => ps.join("、"),
        _ => String::new(),
    };
    Some(tr!(ClapSubcommandConflict, bad(sub), bad(&prior)))
}

fn counts(err: &clap::Error, styles: &Styles) -> Option<String> {
    let a = string(err, ContextKind::InvalidArg)?;
    let actual = number(err, ContextKind::ActualNumValues)?;
    let a = styled(styles.get_literal(), a);
    let good = |n: isize| styled(styles.get_valid(), n);
    let bad = styled(styles.get_invalid(), actual);
    Some(if err.kind() == ErrorKind::TooFewValues {
        tr!(
            ClapTooFewValues,
            good(number(err, ContextKind::MinValues)?),
            a,
            bad
        )
    } else {
        let expected = number(err, ContextKind::ExpectedNumValues)?;
        tr!(ClapWrongValues, good(expected), a, bad)
    })
}

/// `\n  [可选值：a、b]` (or `[子命令：…]`) when the context lists them.
fn values_list(err: &clap::Error, kind: ContextKind, styles: &Styles) -> String {
    let values = strings(err, kind);
    if values.is_empty() {
        return String::new();
    }
    let list: Vec<String> = values
        .iter()
        .map(|v| styled(styles.get_valid(), v))
        .collect();
    let list = list.join("、");
    let text = if kind == ContextKind::ValidSubcommand {
        tr!(ClapSubcommands, list)
    } else {
        tr!(ClapPossibleValues, list)
    };
    format!("\n  {text}")
}

/// The tips: similar subcommands, arguments and values, and clap's suggestions.
fn tips(err: &clap::Error, styles: &Styles) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, word) in [
        (ContextKind::SuggestedSubcommand, tr!(ClapWordSubcommand)),
        (ContextKind::SuggestedArg, tr!(ClapWordArgument)),
        (ContextKind::SuggestedValue, tr!(ClapWordValue)),
    ] {
        let names: Vec<String> = match err.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(s)) => s.clone(),
            _ => continue,
        };
        if names.is_empty() {
            continue;
        }
        let quoted: Vec<String> = names
            .iter()
            .map(|n| format!("'{}'", styled(styles.get_valid(), n)))
            .collect();
        let list = quoted.join("、");
        out.push(if names.len() == 1 {
            tr!(ClapSimilar, word, list)
        } else {
            tr!(ClapSimilarMany, word, list)
        });
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = err.get(ContextKind::Suggested) {
        out.extend(suggestions.iter().map(|s| suggestion(&s.to_string())));
    }
    out
}

/// One of clap's suggestion sentences in Chinese; one this does not know stays as clap wrote
/// it (the unit tests cover every sentence clap writes).
fn suggestion(en: &str) -> String {
    let quoted = |s: &str| -> Vec<String> {
        s.split('\'')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let q = quoted(en);
    if en.starts_with("to pass '") && q.len() == 2 {
        return tr!(ClapTipAsValue, q[0], q[1]);
    }
    if en.starts_with("subcommand '") && en.contains("remove the '--'") && !q.is_empty() {
        return tr!(ClapTipDoubleDash, q[0]);
    }
    if en.starts_with('\'') && en.ends_with("' exists") && q.len() == 1 {
        return tr!(ClapTipExists, q[0]);
    }
    en.to_owned()
}

#[cfg(test)]
pub(super) fn suggestion_for_tests(en: &str) -> String {
    suggestion(en)
}
