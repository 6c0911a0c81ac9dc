//! Local files handled safely (issue 17 item 2). Read: only a regular file, checked before it
//! is opened (a FIFO would block the open, a device such as `/dev/zero` never ends), and at
//! most a cap of bytes; the caller names the file and the setting it came from in its error.
//! Written: whole or not at all, through a temp file created exclusively beside it and renamed
//! over it ([`write_private`], [`write_new_private`]).

use std::io::{self, Read};
use std::path::Path;

/// The most a CA bundle may hold: 16 MiB (the Mozilla bundle is about 0.2 MiB).
pub const MAX_CA_BUNDLE_BYTES: u64 = 16 * 1024 * 1024;
/// The most the TUI's command history may hold: 1 MiB.
pub const MAX_HISTORY_BYTES: u64 = 1024 * 1024;
/// The most the SDK credentials file may hold: 1 MiB.
pub const MAX_CREDENTIALS_BYTES: u64 = 1024 * 1024;
/// The most the project-id cache may hold: 1 MiB.
pub const MAX_PROJECT_CACHE_BYTES: u64 = 1024 * 1024;

/// The bytes of `path`, if it is a regular file (after following symlinks) of at most `cap`
/// bytes. Anything else is an error of kind `InvalidInput` (not a regular file) or
/// `InvalidData` (too large) saying why; a missing file is `NotFound`, as from `open`.
/// `/dev/null` reads as empty (`--config /dev/null` is the usual "no file").
pub fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    if cfg!(unix) && path == Path::new("/dev/null") {
        return Ok(Vec::new());
    }
    check_regular(&std::fs::metadata(path)?)?;
    let file = std::fs::File::open(path)?;
    // Checked again on what was opened: the path may have been replaced in between.
    let meta = file.metadata()?;
    check_regular(&meta)?;
    if meta.len() > cap {
        return Err(too_large(cap));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(cap));
    }
    Ok(bytes)
}

/// Whether `path` could be read by [`read_regular`] (a regular file of at most `cap` bytes),
/// from its metadata alone: for files another library reads.
pub fn check_regular_path(path: &Path, cap: u64) -> io::Result<()> {
    if cfg!(unix) && path == Path::new("/dev/null") {
        return Ok(());
    }
    let meta = std::fs::metadata(path)?;
    check_regular(&meta)?;
    if meta.len() > cap {
        return Err(too_large(cap));
    }
    Ok(())
}

/// Whether an error from [`read_regular`] is a refusal (not a regular file, too large) rather
/// than a missing or unreadable file.
pub fn is_refusal(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData
    )
}

fn check_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = describe(&meta.file_type());
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        crate::tr!(FileNotRegular, what),
    ))
}

fn too_large(cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        crate::tr!(FileTooLarge, cap / 1024),
    )
}

/// What a file that is not a regular file is, in words.
fn describe(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return crate::tr!(FileKindFifo);
        }
        if t.is_char_device() || t.is_block_device() {
            return crate::tr!(FileKindDevice);
        }
        if t.is_socket() {
            return crate::tr!(FileKindSocket);
        }
    }
    if t.is_dir() {
        crate::tr!(FileKindDir)
    } else {
        crate::tr!(FileKindOther)
    }
}

/// Writes `bytes` to `path` whole or not at all, private to the user: into a temp file with a
/// random name in the same directory, created exclusively (`O_CREAT|O_EXCL`: no file or symlink
/// already at that name is ever opened, so nothing planted there is followed or overwritten),
/// synced, then renamed over `path`. Mode 0600 on Unix, or narrower when the file it replaces
/// was (an existing file's mode is never widened). A `path` that is a FIFO, a device or a
/// directory is refused (`InvalidInput`), not replaced.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mode = match std::fs::metadata(path) {
        Ok(meta) => {
            check_regular(&meta)?;
            private_mode(Some(&meta))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => private_mode(None),
        Err(e) => return Err(e),
    };
    let tmp = written_temp(path, bytes, mode)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// Writes a new file at `path` (0600 on Unix) whole or not at all, as [`write_private`] does;
/// never over anything already there: that is an `AlreadyExists` error.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = written_temp(path, bytes, private_mode(None))?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// The temp file beside `path` holding `bytes`, synced (removed again if anything fails).
/// `tempfile` makes its name random and opens it with `create_new`, which is `O_EXCL`.
fn written_temp(path: &Path, bytes: &[u8], mode: u32) -> io::Result<tempfile::NamedTempFile> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// 0600, narrowed to what the replaced file allowed its owner (Unix; unused elsewhere).
fn private_mode(existing: Option<&std::fs::Metadata>) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Some(meta) = existing {
            return meta.permissions().mode() & 0o600;
        }
    }
    #[cfg(not(unix))]
    let _ = existing;
    0o600
}

/// Makes the rename itself durable (Unix: the directory is synced); best effort.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_at_most_the_cap_are_read() {
        let dir = tempfile::tempdir().expect("tmp");
        let ok = dir.path().join("ok");
        std::fs::write(&ok, b"12345").expect("write");
        assert_eq!(read_regular(&ok, 5).expect("read"), b"12345");
        let e = read_regular(&ok, 4).expect_err("too large");
        assert!(is_refusal(&e) && e.to_string().contains("KiB"), "{e}");
        let e = read_regular(dir.path(), 5).expect_err("a directory");
        assert!(is_refusal(&e) && e.to_string().contains("directory"), "{e}");
        let e = read_regular(&dir.path().join("missing"), 5).expect_err("missing");
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        #[cfg(unix)]
        {
            let e = read_regular(Path::new("/dev/zero"), 5).expect_err("a device");
            assert!(is_refusal(&e) && e.to_string().contains("device"), "{e}");
        }
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f.json");
        write_private(&path, b"one").expect("write");
        write_private(&path, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("f.json")], "no temp left");
        let e = write_new_private(&path, b"three").expect_err("exists");
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let e = write_private(dir.path(), b"x").expect_err("a directory");
        assert!(is_refusal(&e), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_write_is_private_and_never_widens_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tmp");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let path = dir.path().join("cache");
        std::fs::write(&path, b"old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write_private(&path, b"new").expect("write");
        assert_eq!(mode(&path), 0o600, "0644 narrowed to 0600");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
        write_private(&path, b"newer").expect("write");
        assert_eq!(mode(&path), 0o400, "0400 stays 0400");
        assert_eq!(std::fs::read(&path).expect("read"), b"newer");
        let fresh = dir.path().join("fresh");
        write_new_private(&fresh, b"x").expect("write");
        assert_eq!(mode(&fresh), 0o600);
    }
}
