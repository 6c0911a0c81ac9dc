//! The `:` command lines kept between sessions (in the state directory, private to the user).

use std::io;

/// Where `:` command lines are kept between sessions.
pub fn path() -> Option<std::path::PathBuf> {
    crate::config::state_dir().map(|d| d.join("command-history"))
}

/// The saved command lines, oldest first; none when the file is missing or unreadable. A
/// file that may not be read (a FIFO would block, a device never ends, or too large) gives
/// none too, and the second value says why, naming the file (for the status line).
pub fn load(path: &std::path::Path) -> (Vec<String>, Option<String>) {
    let bytes = match crate::local_file::read_regular(path, crate::local_file::MAX_HISTORY_BYTES) {
        Ok(b) => b,
        Err(e) if crate::local_file::is_refusal(&e) => {
            let why = crate::tr!(HistoryRefused, path.display(), e);
            tracing::warn!("{why}");
            return (Vec::new(), Some(why));
        }
        Err(_) => return (Vec::new(), None),
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<String> = text
        .lines()
        .map(crate::sanitize::clean)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let over = lines
        .len()
        .saturating_sub(crate::app::command_line::MAX_HISTORY);
    lines.drain(..over);
    (lines, None)
}

/// Saves the command lines (private to the user: they may name projects), through a temp
/// file created exclusively beside the file and renamed over it
/// ([`crate::local_file::write_private`]).
pub fn save(path: &std::path::Path, lines: &[String]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = lines.join("\n");
    text.push('\n');
    crate::local_file::write_private(path, text.as_bytes())
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn a_fifo_or_a_device_as_history_is_no_history_and_does_not_block() {
        let dir = tempfile::tempdir().expect("tmp");
        let fifo = dir.path().join("command-history");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        // Opening the FIFO would block this test forever: it must not be opened.
        let (lines, why) = super::load(&fifo);
        assert!(lines.is_empty());
        let why = why.expect("said why");
        assert!(
            why.contains("command-history") && why.contains("FIFO"),
            "{why}"
        );
        let (lines, why) = super::load(std::path::Path::new("/dev/zero"));
        assert!(lines.is_empty() && why.is_some_and(|w| w.contains("/dev/zero")));
        let file = dir.path().join("kept");
        std::fs::write(&file, ":filter a\n:sort name\n").expect("write");
        assert_eq!(
            super::load(&file),
            (vec![":filter a".to_string(), ":sort name".into()], None)
        );
        // A refused file is not replaced either.
        assert!(super::save(&fifo, &[":x".into()]).is_err());
        assert!(super::load(&dir.path().join("missing")) == (Vec::new(), None));
    }
}
