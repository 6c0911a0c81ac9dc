//! The values shell completion offers (issue 17 item 8), attached to the arguments in
//! [`crate::cli`] for clap_complete's dynamic engine: `--region` and `--regions` from the region
//! table, `--profile` from the config file's profiles, `--language` from its two values. The
//! protocol that asks for them (`COMPLETE=SHELL drs-tui -- WORDS…`) and the registration
//! scripts are in [`crate::modes::shell`].
//!
//! Nothing here sends a request or reads credentials: `--profile` reads the config file alone
//! (through [`crate::local_file::read_regular`], capped, refusing FIFOs and devices), and only
//! the profiles' names and regions of it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap_complete::engine::CompletionCandidate;

use crate::api::endpoint::{DRS_REGIONS, drs_endpoint};
use crate::tr;

/// `--region`: the regions of the table that start with `current`, in natural order, each
/// described by its DRS endpoint.
pub fn region(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    sorted_regions()
        .into_iter()
        .filter(|r| r.starts_with(current))
        .map(|r| CompletionCandidate::new(r).help(Some(drs_endpoint(r).into())))
        .collect()
}

/// `--regions`: `all` or a comma-separated list. The word after the last comma is completed
/// from the regions not yet in the list; the list so far is kept in front of each candidate.
pub fn regions(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let (before, word) = match current.rfind(',') {
        Some(i) => current.split_at(i + 1),
        None => ("", current),
    };
    let chosen: Vec<&str> = before.split(',').map(str::trim).collect();
    let mut out = Vec::new();
    if before.is_empty() && "all".starts_with(word) {
        out.push(CompletionCandidate::new("all").help(Some(tr!(CompRegionsAll).into())));
    }
    out.extend(
        sorted_regions()
            .into_iter()
            .filter(|r| r.starts_with(word) && !chosen.contains(r))
            .map(|r| {
                CompletionCandidate::new(format!("{before}{r}")).help(Some(drs_endpoint(r).into()))
            }),
    );
    out
}

/// `--language`: the two languages, each named in itself.
pub fn languages() -> Vec<CompletionCandidate> {
    vec![
        CompletionCandidate::new("en-us").help(Some("English".into())),
        CompletionCandidate::new("zh-cn").help(Some("简体中文".into())),
    ]
}

/// `--profile`: the profiles of the config file the line names (`--config PATH`), else of the
/// default one, that start with `current`, each described by its region. No file, a file
/// that cannot be read or parsed: no candidates, and nothing said.
pub fn profile(current: &OsStr) -> Vec<CompletionCandidate> {
    let line: Vec<OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    let path = config_on_line(&line).or_else(crate::config::default_config_path);
    match (current.to_str(), path) {
        (Some(current), Some(path)) => profiles_in(&path, current),
        _ => Vec::new(),
    }
}

/// The profiles of the config file at `path` that start with `current`.
pub fn profiles_in(path: &Path, current: &str) -> Vec<CompletionCandidate> {
    let Ok(bytes) = crate::local_file::read_regular(path, crate::config::MAX_CONFIG_BYTES) else {
        return Vec::new();
    };
    let Some(file) = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| toml::from_str::<ProfileNames>(t).ok())
    else {
        return Vec::new();
    };
    file.profiles
        .into_iter()
        // A name the shell would print raw (control characters) is not offered.
        .filter(|(name, _)| name.starts_with(current) && crate::sanitize::is_clean(name))
        .map(|(name, p)| {
            let region = p
                .region
                .map_or_else(|| "-".to_owned(), |r| crate::sanitize::clean(&r));
            let help = if file.default_profile.as_deref() == Some(name.as_str()) {
                tr!(CompProfileDefault, region)
            } else {
                tr!(CompProfile, region)
            };
            CompletionCandidate::new(name).help(Some(help.into()))
        })
        .collect()
}

/// What completion reads of a config file: the profiles' names and regions, nothing else
/// (the other keys, credentials among them, are skipped unread into any value).
#[derive(serde::Deserialize)]
struct ProfileNames {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: std::collections::BTreeMap<String, ProfileRegion>,
}

#[derive(serde::Deserialize)]
struct ProfileRegion {
    region: Option<String>,
}

/// The `--config PATH` (or `--config=PATH`) of a command line's words, the last one winning
/// as in parsing; a leading `~/` is the home directory (the shell has not expanded it yet).
pub fn config_on_line(words: &[OsString]) -> Option<PathBuf> {
    let mut found = None;
    let mut words = words.iter();
    while let Some(w) = words.next() {
        if w == "--config" {
            found = words.next().cloned();
        } else if let Some(v) = w.to_str().and_then(|w| w.strip_prefix("--config=")) {
            found = Some(v.into());
        }
    }
    let found = found.filter(|p| !p.is_empty())?;
    match found.to_str().and_then(|p| p.strip_prefix("~/")) {
        Some(rest) => std::env::var_os("HOME").map(|home| Path::new(&home).join(rest)),
        None => Some(found.into()),
    }
}

fn sorted_regions() -> Vec<&'static str> {
    let mut regions = DRS_REGIONS.to_vec();
    regions.sort_unstable_by(|a, b| crate::app::jobs::natural_cmp(a, b));
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(c: Vec<CompletionCandidate>) -> Vec<String> {
        c.iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn regions_complete_the_word_after_the_last_comma_leaving_out_those_chosen() {
        let got = values(regions(OsStr::new("cn-north-4,cn-north-")));
        assert!(got.contains(&"cn-north-4,cn-north-1".to_owned()), "{got:?}");
        assert!(
            !got.contains(&"cn-north-4,cn-north-4".to_owned()),
            "{got:?}"
        );
        assert!(got.iter().all(|g| g.starts_with("cn-north-4,cn-north-")));
        assert_eq!(values(regions(OsStr::new("a")))[0], "all");
        assert!(!values(regions(OsStr::new("cn-north-4,"))).contains(&"cn-north-4,all".into()));
    }

    #[test]
    fn config_on_line_takes_the_last_and_both_spellings() {
        let w = |s: &[&str]| s.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(config_on_line(&w(&["drs-tui", "jobs"])), None);
        assert_eq!(
            config_on_line(&w(&["drs-tui", "--config", "a.toml", "--config=b.toml"])),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(config_on_line(&w(&["drs-tui", "--config"])), None);
    }
}
