//! Daily log rotation at start-up: yesterday's log becomes `drs-tui.log.YYYY-MM-DD` and only the
//! newest [`KEEP`] rotated files are kept. The live log keeps one stable path (the one
//! `--log-file` names and the README points to), and the file is still opened by our own code,
//! so its permissions stay ours to choose.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use time::{Date, OffsetDateTime};

/// Rotated files kept beside the live log.
pub const KEEP: usize = 7;

/// Rotates `path` if it was last written before `today` (UTC), then prunes old rotations.
/// Best effort: a log that cannot be rotated is simply appended to.
pub fn rotate(path: &Path, today: Date) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let Some(written) = meta.modified().ok().map(day_of) else {
        return;
    };
    if written < today {
        let rotated = rotated_name(path, written);
        if !rotated.exists()
            && let Err(e) = std::fs::rename(path, &rotated)
        {
            eprintln!(
                "drs-tui: cannot rotate the log {} ({e}); appending to it",
                path.display()
            );
        }
    }
    prune(path);
}

/// `drs-tui.log` → `drs-tui.log.2026-11-28`.
fn rotated_name(path: &Path, day: Date) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    ));
    path.with_file_name(name)
}

/// The rotated siblings of `path`, oldest first (their names sort by date).
pub fn rotated(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(base)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{base}.");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let date = name.strip_prefix(&prefix)?;
            is_date(date).then(|| e.path())
        })
        .collect();
    found.sort();
    found
}

fn prune(path: &Path) {
    let all = rotated(path);
    let extra = all.len().saturating_sub(KEEP);
    for old in &all[..extra] {
        let _ = std::fs::remove_file(old);
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn day_of(t: SystemTime) -> Date {
    OffsetDateTime::from(t).date()
}

/// Today's date in UTC, the day rotation is measured in.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn set_mtime(path: &Path, days_ago: u64) {
        let f = std::fs::File::options()
            .append(true)
            .open(path)
            .expect("open");
        f.set_modified(SystemTime::now() - Duration::from_secs(days_ago * 86_400))
            .expect("mtime");
    }

    #[test]
    fn an_old_log_is_rotated_and_only_seven_rotations_are_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let log = dir.path().join("drs-tui.log");
        for d in 1..=9u8 {
            std::fs::write(dir.path().join(format!("drs-tui.log.2020-01-0{d}")), "old")
                .expect("write");
        }
        std::fs::write(dir.path().join("drs-tui.log.notes"), "not a rotation").expect("write");
        std::fs::write(&log, "yesterday\n").expect("write");
        set_mtime(&log, 1);
        rotate(&log, today());
        assert!(!log.exists(), "yesterday's log was moved aside");
        let kept = rotated(&log);
        assert_eq!(kept.len(), KEEP, "{kept:?}");
        let newest = kept.last().expect("newest");
        assert_eq!(
            std::fs::read_to_string(newest).expect("read"),
            "yesterday\n"
        );
        assert!(
            !dir.path().join("drs-tui.log.2020-01-03").exists(),
            "oldest pruned"
        );
        assert!(
            dir.path().join("drs-tui.log.notes").exists(),
            "other files untouched"
        );
    }

    #[test]
    fn todays_log_is_appended_to() {
        let dir = tempfile::tempdir().expect("tmp");
        let log = dir.path().join("drs-tui.log");
        std::fs::write(&log, "today\n").expect("write");
        rotate(&log, today());
        assert_eq!(std::fs::read_to_string(&log).expect("read"), "today\n");
        assert!(rotated(&log).is_empty());
        // No log yet: nothing to do, no error.
        rotate(&dir.path().join("none.log"), today());
    }
}
