//! Settling by re-read: what a job's current state says about a write on it, for writes whose
//! answer was lost or unreadable, and for unsettled writes of earlier runs (`audit --settle`, `U`).

use crate::api::{DrsClient, Job};
use crate::audit::AuditRecord;

use super::WriteAction;

/// What re-reading a job says about a write on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReRead {
    /// Deleted (gone) or stopping/stopped, as the write asked.
    Confirmed,
    /// The job is there, not as the write asked (its status).
    StillPresent(String),
    /// The re-read failed (why).
    Unknown(String),
}

/// Re-reads `job_id` and says whether `action` took effect.
pub async fn reread(client: &DrsClient, action: WriteAction, job_id: &str) -> ReRead {
    match client.show_job(job_id, None).await {
        Err(r) if r.error.api().is_some_and(|a| a.is_job_not_found()) => match action {
            WriteAction::Delete => ReRead::Confirmed,
            WriteAction::Stop { .. } => ReRead::StillPresent("not found".into()),
        },
        Ok(detail) => {
            let status = detail.value.status().to_owned();
            let stopped = status.starts_with("RELEASE_RESOURCE")
                || status.starts_with("RELEASE_CHILD")
                || crate::api::model::status_kind(&status)
                    == crate::api::model::StatusKind::Stopped;
            match action {
                WriteAction::Delete if status == "DELETED" => ReRead::Confirmed,
                WriteAction::Stop { .. } if stopped => ReRead::Confirmed,
                _ => ReRead::StillPresent(status),
            }
        }
        Err(f) => ReRead::Unknown(f.error.to_string()),
    }
}

/// Settles one unsettled intent (from an earlier run) by re-reading its job with `client`,
/// which must point at the intent's endpoint and project; returns the outcome record, which the
/// caller appends. `result` is `deleted (confirmed by re-read)`, `stopping (confirmed by
/// re-read)`, `still present (STATUS)`, or `could not tell: …` (then still unsettled).
pub async fn settle_intent(client: &DrsClient, intent: &AuditRecord) -> AuditRecord {
    let action = match intent.action.as_str() {
        "delete" => WriteAction::Delete,
        _ => WriteAction::Stop {
            force: intent.action == "force-stop",
        },
    };
    let job = Job {
        id: intent.job_id.clone(),
        name: intent.name.clone(),
        status: intent.status.as_str().into(),
        ..Job::default()
    };
    let (result, settled_by, error_msg) = match reread(client, action, &intent.job_id).await {
        ReRead::Confirmed => (
            match action {
                WriteAction::Delete => "deleted (confirmed by re-read)".to_owned(),
                WriteAction::Stop { .. } => "stopping (confirmed by re-read)".to_owned(),
            },
            "re-read",
            None,
        ),
        ReRead::StillPresent(status) => (format!("still present ({status})"), "re-read", None),
        ReRead::Unknown(why) => (
            format!("could not tell: the re-read failed ({why})"),
            "re-read failed",
            Some(why),
        ),
    };
    AuditRecord {
        result: Some(result),
        error_msg,
        attempts: Some(0),
        settled_by: Some(settled_by.into()),
        ..AuditRecord::new("outcome", &intent.op_id, &intent.action, &job)
    }
}

/// What a settle may do with one unsettled intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettleDecision {
    /// Re-read it at its own endpoint and project.
    Settle,
    /// Its answer may still be on its way: it can be settled after this time (RFC 3339).
    TooYoung(String),
    /// Written by a `--demo` run; no other credentials may settle it.
    Demo,
    /// Sent to an endpoint these credentials may not go to (or to an unknown one).
    Elsewhere,
}

/// The rules of one settle: where these credentials may go, and how long an answer may still
/// be on its way (the request timeout plus the shutdown grace).
pub struct SettleRules<'a> {
    /// Whether an intent's recorded endpoint is one the session may send credentials to.
    pub allowed: &'a (dyn Fn(&str) -> bool + Sync),
    /// A `--demo` session (whose credentials are the demo's).
    pub demo: bool,
    /// The session's profile: an intent recorded under another one needs that profile's
    /// credentials.
    pub profile: Option<&'a str>,
    /// How long after its intent a write's answer may still arrive.
    pub window: std::time::Duration,
    /// Now.
    pub now: time::OffsetDateTime,
}

impl SettleRules<'_> {
    /// What to do with `intent`.
    pub fn decide(&self, intent: &AuditRecord) -> SettleDecision {
        let ctx = intent.context.clone().unwrap_or_default();
        if ctx.profile.as_deref() == Some("demo") && !self.demo {
            return SettleDecision::Demo;
        }
        let other_profile =
            matches!((ctx.profile.as_deref(), self.profile), (Some(a), Some(b)) if a != b);
        if other_profile || ctx.endpoint.is_empty() || !(self.allowed)(&ctx.endpoint) {
            return SettleDecision::Elsewhere;
        }
        let fmt = &time::format_description::well_known::Rfc3339;
        // An unreadable time is treated as now: the write waits out the window.
        let sent = time::OffsetDateTime::parse(&intent.time, fmt).unwrap_or(self.now);
        let after = sent + self.window;
        if after > self.now {
            return SettleDecision::TooYoung(crate::audit::format_time(after));
        }
        SettleDecision::Settle
    }
}
