//! The `:` command lines kept between sessions (in the state directory, private to the user).

use std::io;

/// Where `:` command lines are kept between sessions.
pub fn path() -> Option<std::path::PathBuf> {
    crate::config::state_dir().map(|d| d.join("command-history"))
}

/// The saved command lines, oldest first; none when the file is missing or unreadable.
pub fn load(path: &std::path::Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
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
