//! The `:` command lines kept between sessions (in the state directory, private to the user).

use std::io;

/// Where `:` command lines are kept between sessions.
pub fn path() -> Option<std::path::PathBuf> {
    crate::config::state_dir().map(|d| d.join("command-history"))
}

/// The saved command lines, oldest first; none when the file is missing or unreadable.
pub fn load(path: &std::path::Path) -> Vec<String> {
    let bytes = match crate::local_file::read_regular(path, crate::local_file::MAX_HISTORY_BYTES) {
        Ok(b) => b,
        Err(e) => {
            if crate::local_file::is_refusal(&e) {
                tracing::warn!("{}", crate::tr!(HistoryRefused, path.display(), e));
            }
            return Vec::new();
        }
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
    lines
}

/// Saves the command lines (private to the user: they may name projects).
pub fn save(path: &std::path::Path, lines: &[String]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = lines.join("\n");
    text.push('\n');
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write as _;
        let mut f = options.open(&tmp)?;
        f.write_all(text.as_bytes())?;
    }
    std::fs::rename(&tmp, path)
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
        assert!(super::load(&fifo).is_empty());
        assert!(super::load(std::path::Path::new("/dev/zero")).is_empty());
        let file = dir.path().join("kept");
        std::fs::write(&file, ":filter a\n:sort name\n").expect("write");
        assert_eq!(super::load(&file), [":filter a", ":sort name"]);
    }
}
