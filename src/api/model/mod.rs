//! DRS v5 data as the official SDK names it. Parsing is tolerant: unknown fields are ignored,
//! missing or `null` fields take defaults, scalars of the wrong type are stringified, and unknown
//! status or action values are kept verbatim.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use super::sym::{Sym, Syms};

/// Parses an answer's body. The body's UTF-8 is checked once, as a whole, and the text parsed
/// as a `str`: `serde_json::from_slice` checks each string on its own, which was a fifth of
/// parsing a 1,000-job page (most fields are short strings). A body that is not UTF-8 is
/// parsed as bytes, so its error is serde_json's own, with its position.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
}

mod lenient;
pub use lenient::{
    lenient_bool, lenient_string, lenient_syms, lenient_u64, null_default, shrunk_list,
};

/// A job type: the API requires one per list call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum JobType {
    /// Real-time migration.
    #[serde(rename = "migration")]
    Migration,
    /// Real-time synchronization.
    #[serde(rename = "sync")]
    Sync,
    /// Real-time disaster recovery.
    #[serde(rename = "cloudDataGuard")]
    CloudDataGuard,
    /// Traffic replay.
    #[serde(rename = "replay")]
    Replay,
}

impl JobType {
    /// Every job type, in the order "all jobs" lists them.
    pub const ALL: [JobType; 4] = [
        JobType::Migration,
        JobType::Sync,
        JobType::CloudDataGuard,
        JobType::Replay,
    ];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::Migration => "migration",
            JobType::Sync => "sync",
            JobType::CloudDataGuard => "cloudDataGuard",
            JobType::Replay => "replay",
        }
    }

    /// Parses a wire value, case-insensitively.
    pub fn parse(s: &str) -> Option<JobType> {
        JobType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for JobType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobType::parse(s).ok_or_else(|| crate::tr!(UnknownJobType, format!("{s:?}")))
    }
}

/// How a status reads to an operator; drives colours and the "can it be deleted" fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// Transferring or otherwise doing work.
    Running,
    /// Ended: resources released.
    Stopped,
    /// Some step failed.
    Failed,
    /// Starting, stopping, changing: wait for it.
    Transition,
    /// A value this version does not know.
    Unknown,
}

impl StatusKind {
    /// Running or changing: the status will move on by itself (a followed stop is not over).
    pub fn in_motion(self) -> bool {
        matches!(self, StatusKind::Running | StatusKind::Transition)
    }
}

/// Classifies a DRS status value (list or detail set).
pub fn status_kind(status: &str) -> StatusKind {
    match status {
        "RELEASE_RESOURCE_COMPLETE" | "RELEASE_CHILD_TRANSFER_COMPLETE" | "DELETED" => {
            StatusKind::Stopped
        }
        s if s.ends_with("_FAILED") => StatusKind::Failed,
        "FULL_TRANSFER_STARTED"
        | "INCRE_TRANSFER_STARTED"
        | "CHILD_TRANSFER_STARTED"
        | "FULL_TRANSFER_COMPLETE"
        | "CHILD_TRANSFER_COMPLETE" => StatusKind::Running,
        "CREATING"
        | "CONFIGURATION"
        | "STARTJOBING"
        | "WAITING_FOR_START"
        | "RELEASE_RESOURCE_STARTED"
        | "CHANGE_JOB_STARTED"
        | "CHILD_TRANSFER_STARTING"
        | "RELEASE_CHILD_TRANSFER_STARTED"
        | "PAUSING"
        | "REBUILD_NODE_STARTED"
        | "NODE_UPGRADE_START"
        | "NODE_UPGRADE_COMPLETE" => StatusKind::Transition,
        _ => StatusKind::Unknown,
    }
}

/// The actions the server allows on a job right now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobActions {
    /// Actions allowed now, e.g. `DELETE`.
    #[serde(default, deserialize_with = "lenient_syms")]
    pub available_actions: Syms,
    /// Actions not allowed now.
    #[serde(default, deserialize_with = "lenient_syms")]
    pub unavailable_actions: Syms,
    /// The action in progress, if any.
    #[serde(default)]
    pub current_action: Sym,
}

/// One job as the list call returns it (`JobListResp`; children use the same shape).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Job id.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// Job name.
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    /// Status, kept verbatim (see [`status_kind`]).
    #[serde(default)]
    pub status: Sym,
    /// Free-text description.
    #[serde(default, deserialize_with = "lenient_string")]
    pub description: String,
    /// Creation time as the server formats it.
    #[serde(default, deserialize_with = "lenient_string")]
    pub create_time: String,
    /// Engine pair, e.g. `oracle-to-gaussdbv5`.
    #[serde(default)]
    pub engine_type: Sym,
    /// `eip`, `vpc` or `vpn`.
    #[serde(default)]
    pub net_type: Sym,
    /// `period` or `on_demand`.
    #[serde(default)]
    pub charging_mode: Sym,
    /// Whether billing is active.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub billing_tag: Option<bool>,
    /// `up`, `down` or `non-dbs`.
    #[serde(default)]
    pub job_direction: Sym,
    /// `migration`, `sync`, `cloudDataGuard` (kept verbatim).
    #[serde(default)]
    pub job_type: Sym,
    /// `FULL_TRANS`, `FULL_INCR_TRANS` or `INCR_TRANS`.
    #[serde(default)]
    pub task_type: Sym,
    /// Enterprise project id.
    #[serde(default)]
    pub enterprise_project_id: Sym,
    /// `single`, `sync_child`, `multi_to_single`.
    #[serde(default)]
    pub job_mode: Sym,
    /// `parent`, `child`, `master`, `slave`.
    #[serde(default)]
    pub job_mode_role: Sym,
    /// Cross-AZ primary/standby job.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_multi_az: Option<bool>,
    /// Node role.
    #[serde(default)]
    pub node_role: Sym,
    /// Whether the node runs the new framework.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub node_new_framework: Option<bool>,
    /// What the server allows now.
    #[serde(default, deserialize_with = "null_default")]
    pub job_action: JobActions,
    /// Sub-jobs (kept without spare capacity: a parent holds them as long as it is listed).
    #[serde(default, deserialize_with = "shrunk_list")]
    pub children: Vec<Job>,
    /// Where the job lives when several projects are listed (`--regions`); not part of the
    /// API's JSON. Two bytes in padding: a job is no larger for it.
    #[serde(skip)]
    pub scope: super::scope::ScopeId,
}

/// Whether a job can be deleted now, and what stands in the way if not: the one rule every
/// delete path asks ([`Job::delete_readiness`]). The confirmation modal offers or skips a job by
/// it, stop-then-delete waits for `Ready` by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeleteReadiness {
    /// The service allows deleting it now: `DELETE` among its available actions (the service's
    /// own verdict), or, when the service says nothing about actions, an ended status
    /// (`RELEASE_RESOURCE_COMPLETE`, `RELEASE_CHILD_TRANSFER_COMPLETE`).
    Ready,
    /// Not deletable yet, but it can be stopped: stop it first, then delete it.
    StopFirst,
    /// Changing state (starting, stopping, …): wait until it settles.
    Settling,
    /// Neither deletable nor stoppable now (a failure without `DELETE`, an unknown status).
    Blocked,
}

impl Job {
    /// What a delete of this job needs now (see [`DeleteReadiness`]).
    pub fn delete_readiness(&self) -> DeleteReadiness {
        let actions = &self.job_action;
        let offered = actions
            .available_actions
            .iter()
            .any(|a| a.eq_ignore_ascii_case("DELETE"));
        if offered || (actions.said_nothing() && self.status_kind() == StatusKind::Stopped) {
            DeleteReadiness::Ready
        } else if self.can_stop() {
            DeleteReadiness::StopFirst
        } else if self.status_kind() == StatusKind::Transition {
            DeleteReadiness::Settling
        } else {
            DeleteReadiness::Blocked
        }
    }

    /// Whether a delete may be sent now ([`DeleteReadiness::Ready`]).
    pub fn can_delete(&self) -> bool {
        self.delete_readiness() == DeleteReadiness::Ready
    }

    /// Whether the generic `/stop` ("end task") call applies. DRS has no plain STOP action
    /// value: `STOP_JOB` (Oracle→GaussDB) and `FREE_RESOURCE` (release resources) are the ones
    /// that signal it (drs-api.md §1.8, unverified), so a running job is offered too and the
    /// service decides.
    pub fn can_stop(&self) -> bool {
        let actions = &self.job_action;
        let offered = actions.available_actions.iter().any(|a| {
            ["STOP", "STOP_JOB", "FREE_RESOURCE"]
                .iter()
                .any(|s| a.eq_ignore_ascii_case(s))
        });
        let kind = self.status_kind();
        offered
            || (kind == StatusKind::Running && actions.current_action.is_empty())
            || (actions.said_nothing() && kind == StatusKind::Transition)
    }

    /// How the status reads.
    pub fn status_kind(&self) -> StatusKind {
        status_kind(&self.status)
    }

    /// The job type, if it is one this version knows.
    pub fn job_type(&self) -> Option<JobType> {
        JobType::parse(&self.job_type)
    }
}

impl JobActions {
    /// The service listed no action at all (neither allowed nor refused nor in progress): the
    /// status is all there is to go by.
    pub fn said_nothing(&self) -> bool {
        self.available_actions.is_empty()
            && self.unavailable_actions.is_empty()
            && self.current_action.is_empty()
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod size {
    /// `--regions` tags each job with its project (a two-byte `ScopeId` in padding the job
    /// already had), and the action lists are one pointer each: 240 bytes a job (was 256).
    #[test]
    fn a_job_with_its_scope_is_no_larger() {
        assert_eq!(std::mem::size_of::<super::Job>(), 240);
    }
}

/// One page of `GET /v5/{project_id}/jobs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListJobsResponse {
    /// Total matching jobs, independent of paging.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total_count: u64,
    /// This page's jobs.
    #[serde(default, deserialize_with = "null_default")]
    pub jobs: Vec<Job>,
}

/// `GET /v5/{project_id}/jobs/{job_id}`: `{"job": {...}}`. The detail object varies by `type`,
/// so it is kept as JSON with accessors for the fields the UI shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JobDetailResponse {
    /// The job detail (`JobDetailResp`).
    #[serde(default)]
    pub job: serde_json::Value,
}

impl JobDetailResponse {
    /// The detail's status, or "" when absent.
    pub fn status(&self) -> &str {
        self.job
            .get("status")
            .and_then(|v| v.as_str())
            .unwrap_or("")
    }

    /// The job's status and actions as the detail says them (its other fields left empty):
    /// enough to ask [`Job::delete_readiness`] of a re-read job.
    pub fn status_and_actions(&self) -> Job {
        let job_action = self
            .job
            .get("job_action")
            .and_then(|a| JobActions::deserialize(a).ok())
            .unwrap_or_default();
        Job {
            status: Sym::new(self.status()),
            job_action,
            ..Job::default()
        }
    }
}

/// One item of a batch response (`DeleteJobResp` / `ActionBaseResp`), and the stop response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionResult {
    /// Job id.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// Job name.
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    /// `success` or `failed` (kept verbatim).
    #[serde(default, deserialize_with = "lenient_string")]
    pub status: String,
    /// Error code for a failed item.
    #[serde(default, deserialize_with = "lenient_string")]
    pub error_code: String,
    /// Error message for a failed item.
    #[serde(default, deserialize_with = "lenient_string")]
    pub error_msg: String,
}

impl ActionResult {
    /// Whether this item succeeded: no error code and a status that is not a failure.
    pub fn succeeded(&self) -> bool {
        self.error_code.is_empty() && !self.status.eq_ignore_ascii_case("failed")
    }
}

/// A batch response: `{"jobs": [ActionResult…]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    /// Per-job results.
    #[serde(default, deserialize_with = "null_default")]
    pub jobs: Vec<ActionResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_json_reads_text_and_bytes_alike_and_names_bad_utf8() {
        let page = r#"{"total_count":2,"jobs":[{"id":"a","name":"\u4efb\u52a1-1","job_action":{"available_actions":["DELETE","CLONE"]}},{"id":"b","name":"任务-2"}]}"#;
        let p: ListJobsResponse = parse_json(page.as_bytes()).expect("parses");
        let names: Vec<&str> = p.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["任务-1", "任务-2"]);
        assert_eq!(
            p.jobs[0].job_action.available_actions.as_slice(),
            ["DELETE", "CLONE"]
        );
        // Not UTF-8: serde_json's own error, with its position, as from bytes.
        let bad = b"{\"total_count\":1,\"jobs\":[{\"id\":\"\xff\"}]}";
        let e = parse_json::<ListJobsResponse>(bad).expect_err("refused");
        let from_bytes = serde_json::from_slice::<ListJobsResponse>(bad).expect_err("refused");
        assert_eq!(e.to_string(), from_bytes.to_string());
        assert!(e.to_string().contains("column"), "{e}");
    }

    #[test]
    fn tolerates_odd_fields() {
        let j: Job = serde_json::from_str(
            r#"{"id":"a","name":null,"status":"BRAND_NEW_STATUS","billing_tag":"true",
                "job_action":{"available_actions":["DELETE",1]},"children":null,"extra":{"x":1},
                "description":{"nested":true},"create_time":1700000000}"#,
        )
        .expect("parses");
        assert_eq!(j.name, "");
        assert_eq!(j.status, "BRAND_NEW_STATUS");
        assert_eq!(j.status_kind(), StatusKind::Unknown);
        assert_eq!(j.billing_tag, Some(true));
        assert!(j.can_delete());
        assert_eq!(j.create_time, "1700000000");
        assert!(j.children.is_empty());
        for (v, want) in [
            ("true", Some(true)),
            ("\"False\"", Some(false)),
            ("1", Some(true)),
            ("0.0", Some(false)),
            ("\"yes\"", None),
            ("null", None),
            ("[true]", None),
            ("{}", None),
        ] {
            let j: Job =
                serde_json::from_str(&format!(r#"{{"is_multi_az":{v}}}"#)).expect("parses");
            assert_eq!(j.is_multi_az, want, "{v}");
        }
    }

    #[test]
    fn action_lists_tolerate_every_shape() {
        let a = |v: &str| -> Syms {
            let j: JobActions =
                serde_json::from_str(&format!(r#"{{"available_actions":{v}}}"#)).expect("parses");
            j.available_actions
        };
        assert_eq!(
            a(r#"["DELETE",1,null,"",true,{"x":1}]"#),
            ["DELETE", "1", "true"]
        );
        assert_eq!(a(r#""DELETE""#), ["DELETE"]);
        assert!(a(r#""""#).is_empty());
        assert!(a("null").is_empty());
        assert_eq!(a("7"), ["7"]);
        assert!(a(r#"{"a":[1]}"#).is_empty());
    }

    #[test]
    fn delete_readiness_is_the_services_verdict_then_the_status() {
        let job = |status: &str, actions: &str| -> Job {
            serde_json::from_str(&format!(
                r#"{{"status":"{status}","job_action":{actions}}}"#
            ))
            .expect("parses")
        };
        let none = "null";
        use DeleteReadiness::*;
        for (status, actions, want) in [
            // The service's own verdict first, whatever the status says.
            (
                "INCRE_TRANSFER_STARTED",
                r#"{"available_actions":["delete"]}"#,
                Ready,
            ),
            (
                "RELEASE_RESOURCE_COMPLETE",
                r#"{"available_actions":["CLONE"],"unavailable_actions":["DELETE"]}"#,
                Blocked,
            ),
            // Nothing said about actions: an ended status is deletable.
            ("RELEASE_RESOURCE_COMPLETE", none, Ready),
            ("RELEASE_CHILD_TRANSFER_COMPLETE", none, Ready),
            // Running: stop first (offered, or running with nothing in progress).
            ("INCRE_TRANSFER_STARTED", none, StopFirst),
            (
                "WAITING_FOR_START",
                r#"{"available_actions":["FREE_RESOURCE"]}"#,
                StopFirst,
            ),
            (
                "FULL_TRANSFER_FAILED",
                r#"{"available_actions":["FREE_RESOURCE"]}"#,
                StopFirst,
            ),
            // Changing: wait, unless nothing at all is said (then stopping is tried).
            (
                "RELEASE_RESOURCE_STARTED",
                r#"{"current_action":"FREE_RESOURCE"}"#,
                Settling,
            ),
            ("STARTJOBING", none, StopFirst),
            (
                "FULL_TRANSFER_FAILED",
                r#"{"available_actions":["RETRY"]}"#,
                Blocked,
            ),
            ("SOMETHING_NEW", none, Blocked),
        ] {
            let j = job(status, actions);
            assert_eq!(j.delete_readiness(), want, "{status} {actions}");
            assert_eq!(j.can_delete(), want == Ready, "{status} {actions}");
        }
    }

    #[test]
    fn a_re_read_detail_gives_status_and_actions() {
        let d: JobDetailResponse = serde_json::from_str(
            r#"{"job":{"status":"RELEASE_RESOURCE_COMPLETE","job_action":{"available_actions":["DELETE"]},"children":"odd"}}"#,
        )
        .expect("parses");
        let j = d.status_and_actions();
        assert_eq!(j.status, "RELEASE_RESOURCE_COMPLETE");
        assert_eq!(j.delete_readiness(), DeleteReadiness::Ready);
        let bare: JobDetailResponse =
            serde_json::from_str(r#"{"job":{"status":"INCRE_TRANSFER_STARTED"}}"#).expect("parses");
        assert_eq!(
            bare.status_and_actions().delete_readiness(),
            DeleteReadiness::StopFirst
        );
    }

    #[test]
    fn list_total_count_as_string() {
        let r: ListJobsResponse =
            serde_json::from_str(r#"{"total_count":"12","jobs":[]}"#).expect("parses");
        assert_eq!(r.total_count, 12);
    }
}
