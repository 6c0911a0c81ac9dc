//! drs-tui builds on Windows and macOS as well as Linux: every Unix-only API in the crate's
//! own code (src/ and build.rs) sits behind a `cfg(unix)` guard. A grep-level check, because
//! CI runs on Linux only: a Unix-only path outside a guard compiles here and breaks elsewhere.
//!
//! It follows `{}` blocks: a line that names a Unix-only path is fine inside a block (a
//! function, a module, an `impl`, a bare `{ }`) whose item carries `#[cfg(unix)]` (or
//! `cfg(all(unix, …))`, `cfg(target_family = "unix")`), or right under such an attribute.
//! `cfg!(unix)` is no guard: the code in both branches must compile everywhere.

use std::path::{Path, PathBuf};

/// Paths that exist only on Unix targets.
const UNIX_ONLY: &[&str] = &[
    "std::os::unix",
    "tokio::signal::unix",
    "signal::unix::",
    "libc::",
    "use libc",
    "nix::",
    "std::os::fd",
];

/// Known, owned elsewhere, and being fixed there: (file, exact trimmed line). Each entry must
/// name who removes it; an entry whose line is gone or guarded is simply unused.
const PENDING: &[(&str, &str)] = &[];

fn is_unix_guard(attr: &str) -> bool {
    let a: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    (a.starts_with("#[cfg(") || a.starts_with("#![cfg("))
        && (a.contains("(unix") || a.contains(",unix") || a.contains("target_family=\"unix\""))
        && !a.contains("not(unix") // not(unix) guards the fallback, not the Unix code
        && !a.starts_with("#[cfg(any(") // any(unix, windows) guards nothing
}

/// Unguarded uses of Unix-only paths: (line number, line).
fn unguarded(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // One entry per open `{`: whether that block is guarded.
    let mut blocks: Vec<bool> = Vec::new();
    let mut pending_guard = false;
    let mut in_block_comment = false;
    for (n, raw) in source.lines().enumerate() {
        let line = strip_comments(raw, &mut in_block_comment);
        let trimmed = line.trim();
        if trimmed.starts_with("#[") || trimmed.starts_with("#![") {
            if is_unix_guard(trimmed) {
                pending_guard = true;
            }
            // An attribute and an item on one line: the item part follows.
            let Some(end) = trimmed.find(']') else {
                continue;
            };
            if trimmed[end + 1..].trim().is_empty() {
                continue;
            }
        }
        let guarded = blocks.last().copied().unwrap_or(false) || pending_guard;
        if !guarded && UNIX_ONLY.iter().any(|p| line.contains(p)) {
            found.push((n + 1, raw.trim().to_string()));
        }
        for c in code_chars(&line) {
            match c {
                '{' => {
                    let g = blocks.last().copied().unwrap_or(false) || pending_guard;
                    blocks.push(g);
                    pending_guard = false;
                }
                '}' => {
                    blocks.pop();
                }
                ';' => pending_guard = false,
                _ => {}
            }
        }
    }
    found
}

/// The line without `//` and `/* */` comments (string contents are left alone here).
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if *in_block {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                *in_block = false;
            }
            continue;
        }
        if !in_str && c == '/' && chars.peek() == Some(&'/') {
            break;
        }
        if !in_str && c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            *in_block = true;
            continue;
        }
        if c == '"' {
            in_str = !in_str;
        }
        out.push(c);
    }
    out
}

/// The characters outside string and char literals (braces in format strings do not count).
fn code_chars(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut in_str = false;
    let mut escaped = false;
    let mut prev = ' ';
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') && prev != '\\' {
            // A char literal like '{'.
            i += 3;
            continue;
        } else if c == '\'' && chars.get(i + 1) == Some(&'\\') {
            // An escaped char literal like '\''.
            if let Some(end) = chars[i + 2..].iter().position(|&x| x == '\'') {
                i += end + 3;
                continue;
            }
        } else {
            out.push(c);
        }
        prev = c;
        i += 1;
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir)
        .expect("readable source dir")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_unix_only_api_outside_a_cfg_unix_guard() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("build.rs")];
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 20, "found the sources: {files:?}");
    let mut problems = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("readable source");
        for (n, line) in unguarded(&text) {
            if PENDING.contains(&(rel.as_str(), line.as_str())) {
                continue;
            }
            problems.push(format!("{rel}:{n}: {line}"));
        }
    }
    assert!(
        problems.is_empty(),
        "Unix-only APIs outside a #[cfg(unix)] guard (they break the Windows build; add the guard and a portable fallback):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_must_and_accepts_guards() {
    let bad = "fn run() {\n    use tokio::signal::unix::{SignalKind, signal};\n}\n";
    assert_eq!(unguarded(bad).len(), 1);
    let cfg_macro = "fn f() {\n    if cfg!(unix) {\n        let _ = std::os::unix::ffi::OsStrExt::as_bytes;\n    }\n}\n";
    assert_eq!(unguarded(cfg_macro).len(), 1, "cfg!() is no guard");
    let not_unix = "#[cfg(not(unix))]\nfn f() {\n    use std::os::unix::fs::PermissionsExt;\n}\n";
    assert_eq!(unguarded(not_unix).len(), 1);
    let after_guarded_fn =
        "#[cfg(unix)]\nfn a() {\n    let s = \"{\";\n}\nfn b() {\n    libc::getuid();\n}\n";
    assert_eq!(
        unguarded(after_guarded_fn).len(),
        1,
        "the guard ends with its block"
    );

    let good = r#"
#[cfg(unix)]
fn readable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let _ = format!("{} {{", path.display());
    true
}
fn open() {
    let mut opts = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(unix)]
    use std::os::unix::ffi::OsStrExt;
    // std::os::unix in a comment is fine
}
#[cfg(all(unix, not(target_os = "macos")))]
mod m {
    fn f() { let c = '{'; tokio::signal::unix::signal(x); }
}
"#;
    assert_eq!(unguarded(good), Vec::<(usize, String)>::new());
}
