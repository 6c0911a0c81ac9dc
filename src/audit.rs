//! The audit trail: an append-only JSON-lines file with a record of intent before every write
//! request and a record of its outcome after. Each record is flushed and synced to disk before
//! the next step; a write whose intent cannot be recorded is not sent. No secret is ever written.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
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
}

impl AuditRecord {
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
        }
    }
}

/// The audit file, shared by every writer in the process.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    file: Arc<Mutex<File>>,
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
        opts.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(path)?;
        Ok(AuditLog {
            path: path.to_path_buf(),
            file: Arc::new(Mutex::new(file)),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record and syncs it to disk before returning.
    pub fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut file = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("audit log lock poisoned"))?;
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()
    }

    /// Appends from async code without blocking the runtime's workers.
    pub async fn append_async(&self, record: AuditRecord) -> std::io::Result<()> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.append(&record))
            .await
            .map_err(std::io::Error::other)?
    }
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Reads every record of an audit file; bad lines are reported with their line number.
pub fn read(path: &Path) -> Result<Vec<AuditRecord>, String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: AuditRecord = serde_json::from_str(&line).map_err(|e| {
            format!(
                "{} line {}: not an audit record: {e}",
                path.display(),
                i + 1
            )
        })?;
        out.push(rec);
    }
    Ok(out)
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
        .map_err(|_| format!("--since {s:?}: expected a time (2026-11-29T10:00:00Z), a date or a duration like 30m, 2h, 7d"))?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" | "" => 3600,
        "d" => 86400,
        _ => {
            return Err(format!(
                "--since {s:?}: unknown unit {unit:?} (use s, m, h or d)"
            ));
        }
    };
    // A huge count must be an error, not an overflow panic.
    n.checked_mul(scale)
        .and_then(|secs| now.checked_sub(time::Duration::seconds(secs)))
        .ok_or_else(|| format!("--since {s:?}: too far back to be a date"))
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
