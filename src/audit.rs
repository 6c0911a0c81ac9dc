//! The audit trail: an append-only JSON-lines file with a record of intent before every write
//! request and a record of its outcome after, paired by `op_id`. Each record is flushed and
//! synced to disk before the next step; a write whose intent cannot be recorded is not sent.
//! A failed append is cut back to the last complete record, so a full disk never leaves a
//! partial line; the reader skips (and names) damaged lines. No secret is ever written.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::Job;

/// Where the writes are going, recorded with every intent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditContext {
    /// Profile name.
    pub profile: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Project id.
    pub project_id: Option<String>,
    /// DRS endpoint (without any user info).
    pub endpoint: String,
}

/// One line of the audit file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// RFC 3339 UTC time.
    pub time: String,
    /// `intent` or `outcome`.
    pub record: String,
    /// Pairs an intent with its outcome.
    pub op_id: String,
    /// `delete` or `stop`.
    pub action: String,
    /// The job.
    pub job_id: String,
    /// Job name as last seen.
    #[serde(default)]
    pub name: String,
    /// Job status as last seen.
    #[serde(default)]
    pub status: String,
    /// Where (intent only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<AuditContext>,
    /// The job's listed fields as last seen (intent only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<Job>,
    /// Outcome: `ok`, `failed`, `deleted (confirmed by re-read)`, … (outcome only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// HTTP status of the last answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// `error_code` of the last answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// `error_msg` of the last answer, or the transport error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_msg: Option<String>,
    /// Request id of the last answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Attempts made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// Milliseconds from intent to outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// How the outcome was settled: `response`, `re-read`, `not sent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by: Option<String>,
    /// The run that recorded the intent: while that run is alive (it holds a lock on its run
    /// file), its writes without outcome are in flight, not unsettled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

impl AuditRecord {
    /// The record as read back: its free text (`name`, `status`, `result`, `error_code`,
    /// `error_msg`, `request_id`, `settled_by`) cleaned as server text is
    /// ([`crate::sanitize::clean`]), so a hand-edited trail cannot drive the terminal of whoever
    /// reads it. Ids, times and keys stay exact (they are looked up; printers clean them).
    fn with_clean_text(mut self) -> Self {
        use crate::sanitize::{clean, is_clean};
        let fix = |s: &mut String| {
            if !is_clean(s) {
                *s = clean(s);
            }
        };
        fix(&mut self.name);
        fix(&mut self.status);
        for s in [
            &mut self.result,
            &mut self.error_code,
            &mut self.error_msg,
            &mut self.request_id,
            &mut self.settled_by,
        ]
        .into_iter()
        .flatten()
        {
            fix(s);
        }
        self
    }

    /// A record stamped now for `job`, with every optional part empty.
    pub fn new(record: &str, op_id: &str, action: &str, job: &Job) -> Self {
        AuditRecord {
            time: now(),
            record: record.into(),
            op_id: op_id.into(),
            action: action.into(),
            job_id: job.id.clone(),
            name: job.name.clone(),
            status: job.status.to_string(),
            context: None,
            job: None,
            result: None,
            http_status: None,
            error_code: None,
            error_msg: None,
            request_id: None,
            attempts: None,
            duration_ms: None,
            settled_by: None,
            run_id: None,
        }
    }
}

/// The audit file, shared by every writer in the process.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    file: Arc<Mutex<File>>,
    /// This run's id and its locked run file (the lock lives as long as the process holds the
    /// file; the kernel releases it when the process dies, `kill -9` included).
    run: Option<(String, Arc<File>)>,
}

/// Where the run files of an audit file live: `<audit file>.runs/`.
fn runs_dir(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".runs");
    path.with_file_name(name)
}

/// Creates and locks this run's file; `None` (every intent then counts as a dead run's once it
/// lacks an outcome) when that is impossible.
fn start_run(path: &Path) -> Option<(String, Arc<File>)> {
    let dir = runs_dir(path);
    std::fs::create_dir_all(&dir).ok()?;
    // Run files of runs that ended are not needed any more (their intents without outcome are
    // unsettled whether or not the file is there).
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name();
            if let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".lock")) {
                run_alive(path, id);
            }
        }
    }
    let id = format!("{:016x}", rand::random::<u64>());
    let mut opts = OpenOptions::new();
    opts.create(true).write(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(dir.join(format!("{id}.lock"))).ok()?;
    file.try_lock().ok()?;
    Some((id, Arc::new(file)))
}

/// Whether the run `run_id` of the audit file at `path` is still alive (its run file is
/// locked). A dead run's file is removed.
pub fn run_alive(path: &Path, run_id: &str) -> bool {
    if run_id.is_empty() || !run_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return false;
    }
    let file_path = runs_dir(path).join(format!("{run_id}.lock"));
    let Ok(file) = OpenOptions::new().write(true).open(&file_path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            let _ = std::fs::remove_file(&file_path);
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(_) => false,
    }
}

/// One settle at a time per audit trail: held while unsettled writes are re-read and their
/// outcomes appended, so two settles never give one write two outcomes.
#[derive(Debug)]
pub struct SettleLock {
    _file: File,
}

impl SettleLock {
    /// Takes the lock of the audit file at `path` if it is free; `Ok(None)` when another
    /// settle holds it.
    pub fn try_acquire(path: &Path) -> std::io::Result<Option<SettleLock>> {
        let file = settle_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(SettleLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// Waits for the lock (blocking: call it off the async threads).
    pub fn acquire(path: &Path) -> std::io::Result<SettleLock> {
        let file = settle_lock_file(path)?;
        file.lock()?;
        Ok(SettleLock { _file: file })
    }
}

fn settle_lock_file(path: &Path) -> std::io::Result<File> {
    let dir = runs_dir(path);
    std::fs::create_dir_all(&dir)?;
    let mut opts = OpenOptions::new();
    opts.create(true).write(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(dir.join("settle.lock"))
}

/// Splits unsettled intents into those of dead runs (truly unsettled) and the number still in
/// flight in a running drs-tui (this process's own run included).
pub fn unsettled_of_dead_runs(path: &Path, intents: Vec<AuditRecord>) -> (Vec<AuditRecord>, usize) {
    let mut alive: HashMap<String, bool> = HashMap::new();
    let mut dead = Vec::new();
    let mut in_flight = 0;
    for i in intents {
        let live = i.run_id.as_deref().is_some_and(|r| {
            *alive
                .entry(r.to_owned())
                .or_insert_with(|| run_alive(path, r))
        });
        if live {
            in_flight += 1;
        } else {
            dead.push(i);
        }
    }
    (dead, in_flight)
}

/// The default audit file: `<state dir>/audit.jsonl`.
pub fn default_path() -> Option<PathBuf> {
    crate::config::state_dir().map(|d| d.join("audit.jsonl"))
}

impl AuditLog {
    /// Opens (creating, mode 0600 on Unix) the file for appending.
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let mut opts = OpenOptions::new();
        opts.create(true).read(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(path)?;
        // Only a regular file gets run files beside it (not /dev/full, a FIFO, …).
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        Ok(AuditLog {
            path: path.to_path_buf(),
            file: Arc::new(Mutex::new(file)),
            run: if regular { start_run(path) } else { None },
        })
    }

    /// This run's id, recorded with every intent.
    pub fn run_id(&self) -> Option<String> {
        self.run.as_ref().map(|(id, _)| id.clone())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record and syncs it to disk before returning. On failure the file is cut
    /// back to where it ended, so no partial line stays behind. Other processes appending to
    /// the same file wait on an advisory lock meanwhile (their lines never interleave, and a
    /// cut never removes theirs).
    pub fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut file = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("audit log lock poisoned"))?;
        // Not every file supports locks (/dev/full, some network filesystems): append anyway.
        let locked = file.lock().is_ok();
        let result = append_line(&mut file, &line);
        if locked {
            let _ = file.unlock();
        }
        result
    }

    /// Appends from async code without blocking the runtime's workers.
    pub async fn append_async(&self, record: AuditRecord) -> std::io::Result<()> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.append(&record))
            .await
            .map_err(std::io::Error::other)?
    }
}

/// Writes `line` at the end of `file`, cutting the file back to its old end when any part of
/// that fails. A file that does not end in a newline (a crash of an older version mid-line)
/// gets one first, so the new record starts on a line of its own.
fn append_line(file: &mut File, line: &[u8]) -> std::io::Result<()> {
    let end = file.seek(SeekFrom::End(0))?;
    let mut buf = Vec::with_capacity(line.len() + 1);
    if end > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(end - 1))?;
        if file.read_exact(&mut last).is_ok() && last[0] != b'\n' {
            buf.push(b'\n');
        }
    }
    buf.extend_from_slice(line);
    let written = file
        .write_all(&buf)
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_data());
    if let Err(e) = written {
        // Back to the last complete record; if even that fails the reader still skips the
        // partial line and names it.
        if file.set_len(end).and_then(|()| file.sync_data()).is_err() {
            tracing::error!(error = %e, "audit append failed and could not be cut back");
        }
        return Err(e);
    }
    Ok(())
}

/// Now, as RFC 3339 UTC with exactly three fraction digits (`2026-11-29T10:00:00.123Z`), so
/// that the file sorts as text.
pub fn now() -> String {
    format_time(OffsetDateTime::now_utc())
}

/// A time as the audit trail writes it: UTC, fixed millisecond precision.
pub fn format_time(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

/// An audit file as read: its records, and the lines that were skipped because they are
/// not records (line number, why).
#[derive(Debug, Default)]
pub struct AuditRead {
    /// Records in file order.
    pub records: Vec<AuditRecord>,
    /// Skipped lines: 1-based line number and the reason.
    pub damaged: Vec<(usize, String)>,
}

impl AuditRead {
    /// One warning per damaged line, naming the file and the line.
    pub fn warnings(&self, path: &Path) -> Vec<String> {
        self.damaged
            .iter()
            .map(|(n, why)| crate::tr!(AuditDamaged, path.display(), n, why))
            .collect()
    }
}

/// A trail that is not a regular file (a FIFO would block the open, a device never end) is
/// refused before it is opened (issue 17 item 2); a missing one is left to the open.
fn refuse_non_regular(path: &Path) -> Result<(), String> {
    match crate::local_file::check_regular_path(path, u64::MAX) {
        Err(e) if crate::local_file::is_refusal(&e) => {
            Err(crate::tr!(AuditCannotRead, path.display(), e))
        }
        _ => Ok(()),
    }
}

/// Reads every record of an audit file; damaged lines are skipped and listed, so one bad line
/// never hides the rest.
pub fn read_all(path: &Path) -> Result<AuditRead, String> {
    refuse_non_regular(path)?;
    let mut file = File::open(path).map_err(|e| crate::tr!(AuditCannotRead, path.display(), e))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| crate::tr!(AuditCannotRead, path.display(), e))?;
    Ok(parse_lines(&bytes, 1))
}

/// Reads the last `max_bytes` of an audit file (whole lines only): enough to find the writes
/// of recent runs without reading a years-long trail at every start.
pub fn read_tail(path: &Path, max_bytes: u64) -> Result<AuditRead, String> {
    refuse_non_regular(path)?;
    let mut file = File::open(path).map_err(|e| crate::tr!(AuditCannotRead, path.display(), e))?;
    let len = file
        .metadata()
        .map_err(|e| crate::tr!(AuditCannotRead, path.display(), e))?
        .len();
    let start = len.saturating_sub(max_bytes);
    file.seek(SeekFrom::Start(start))
        .and_then(|_| {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map(|_| bytes)
        })
        .map(|bytes| {
            // Starting mid-file: the first (partial) line is not ours to judge.
            let skip = if start > 0 {
                memchr::memchr(b'\n', &bytes).map_or(bytes.len(), |i| i + 1)
            } else {
                0
            };
            let mut read = parse_lines(&bytes[skip..], 0);
            // Line numbers are unknown in a tail: report positions as unknown (0).
            for d in &mut read.damaged {
                d.0 = 0;
            }
            read
        })
        .map_err(|e| crate::tr!(AuditCannotRead, path.display(), e))
}

fn parse_lines(bytes: &[u8], first_line: usize) -> AuditRead {
    let mut out = AuditRead::default();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<AuditRecord>(line) {
            Ok(rec) => out.records.push(rec.with_clean_text()),
            Err(e) => out.damaged.push((first_line + i, e.to_string())),
        }
    }
    out
}

/// Reads every record of an audit file, skipping damaged lines (see [`read_all`]).
pub fn read(path: &Path) -> Result<Vec<AuditRecord>, String> {
    read_all(path).map(|r| r.records)
}

/// `settled_by` values of outcomes that did not settle the write: it still counts as unsettled.
pub const UNSETTLED_OUTCOMES: [&str; 2] = ["interrupted", "re-read failed"];

/// Intents whose write has no outcome that settles it (none at all, or only `interrupted` /
/// `re-read failed` ones), oldest first.
pub fn unsettled(records: &[AuditRecord]) -> Vec<AuditRecord> {
    let mut settled: HashMap<&str, bool> = HashMap::new();
    for r in records.iter().filter(|r| r.record == "outcome") {
        let ok = !r
            .settled_by
            .as_deref()
            .is_some_and(|s| UNSETTLED_OUTCOMES.contains(&s));
        // The latest outcome of an op decides (a later settle supersedes an interruption).
        settled.insert(&r.op_id, ok);
    }
    records
        .iter()
        .filter(|r| {
            r.record == "intent" && !settled.get(r.op_id.as_str()).copied().unwrap_or(false)
        })
        .cloned()
        .collect()
}

/// Parses `--since`: an RFC 3339 time, a date (`2026-11-29`), or a duration ago (`30m`, `2h`, `7d`).
pub fn parse_since(s: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let date_fmt = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(s, &date_fmt) {
        return Ok(d.midnight().assume_utc());
    }
    let (num, unit) = s.split_at(s.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len());
    let n: i64 = num
        .parse()
        .map_err(|_| crate::tr!(SinceBad, format!("{s:?}")))?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" | "" => 3600,
        "d" => 86400,
        _ => {
            return Err(crate::tr!(SinceUnit, format!("{s:?}"), format!("{unit:?}")));
        }
    };
    // A huge count must be an error, not an overflow panic.
    n.checked_mul(scale)
        .and_then(|secs| now.checked_sub(time::Duration::seconds(secs)))
        .ok_or_else(|| crate::tr!(SinceTooFar, format!("{s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_forms() {
        let now = OffsetDateTime::parse("2026-11-29T12:00:00Z", &Rfc3339).expect("t");
        assert_eq!(
            parse_since("2h", now).expect("2h"),
            OffsetDateTime::parse("2026-11-29T10:00:00Z", &Rfc3339).expect("t")
        );
        assert_eq!(
            parse_since("2026-11-28", now).expect("date"),
            OffsetDateTime::parse("2026-11-28T00:00:00Z", &Rfc3339).expect("t")
        );
        assert!(parse_since("yesterday", now).is_err());
        // Overflowing counts are clear errors, never a panic.
        for huge in [
            "99999999999d",
            "9223372036854775807s",
            "999999999999999h",
            "-99999999999d",
        ] {
            let e = parse_since(huge, now).unwrap_err();
            assert!(e.contains("too far"), "{huge}: {e}");
        }
        assert!(parse_since("99999999999999999999999d", now).is_err());
    }

    #[test]
    fn appends_and_reads_back() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a/audit.jsonl");
        let log = AuditLog::open(&path).expect("open");
        let job = Job {
            id: "j".into(),
            name: "n".into(),
            status: "RELEASE_RESOURCE_COMPLETE".into(),
            ..Job::default()
        };
        let rec = AuditRecord::new("intent", "1", "delete", &job);
        log.append(&rec).expect("append");
        log.append(&rec).expect("append");
        assert_eq!(read(&path).expect("read"), vec![rec.clone(), rec]);
    }
}
