//! Generates the i18n catalog's code from src/i18n/catalog/*.toml (see build/i18n.rs), and sets
//! `DRS_TUI_VERSION` for `--version`: the package version, plus the git commit and the target
//! triple when built from a git checkout of this crate. Outside a checkout (a crate tarball, a
//! source archive) or without git, it is just the package version: never a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/i18n.rs"]
mod i18n;
// The same parser as the crate's `fill`: one definition of what an argument is.
#[allow(dead_code)]
#[path = "src/i18n/placeholder.rs"]
mod placeholder;

fn main() {
    catalog();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "unknown".into());
    let target = std::env::var("TARGET").unwrap_or_default();
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let full = match git_commit(&dir) {
        Some(commit) if !target.is_empty() => format!("{version} (commit {commit}, {target})"),
        Some(commit) => format!("{version} (commit {commit})"),
        None => version,
    };
    println!("cargo:rustc-env=DRS_TUI_VERSION={full}");
}

/// Writes `$OUT_DIR/i18n_catalog.rs`, which src/i18n/mod.rs includes; a catalog error stops the
/// build with the file, line and key at fault.
fn catalog() {
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    if let Err(e) = i18n::generate(&dir, "src/i18n/catalog", &out.join("i18n_catalog.rs")) {
        eprintln!("error in the i18n catalog: {e}");
        std::process::exit(1);
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// The short commit of HEAD, only when this crate is the top of its own checkout: an unpacked
/// tarball inside some other repository must not report that repository's commit.
fn git_commit(dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    // Rebuild the string when HEAD moves (a commit, a checkout); worktrees keep HEAD apart.
    // Only paths that exist: cargo reruns the script, and so rebuilds the crate, on every
    // build for a missing one. Only this branch's ref: not all of refs/heads, which other
    // worktrees' commits touch.
    let mut watch = vec!["HEAD".to_string(), "packed-refs".into()];
    watch.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for path in &watch {
        if let Some(p) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", path],
        ) && Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    Some(commit)
}
