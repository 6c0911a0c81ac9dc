//! Reading a local file safely (issue 17 item 2): only a regular file, checked before it is
//! opened (a FIFO would block the open, a device such as `/dev/zero` never ends), and at most a
//! cap of bytes. The caller names the file and the setting it came from in its error.

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
}
