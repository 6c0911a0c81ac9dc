//! Deterministic demo jobs that look like a real account, and the status → actions rules.
//!
//! A tiny SplitMix64 generator keeps seeding fast (100,000 jobs well under a second) and the
//! output identical for a given seed on every platform and `rand` version.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::model::{Job, JobActions, Sym};

/// The 22 list-level status values (drs-api.md §1.7).
pub const LIST_STATUSES: [&str; 22] = [
    "CREATING",
    "CREATE_FAILED",
    "CONFIGURATION",
    "STARTJOBING",
    "WAITING_FOR_START",
    "START_JOB_FAILED",
    "FULL_TRANSFER_STARTED",
    "FULL_TRANSFER_FAILED",
    "FULL_TRANSFER_COMPLETE",
    "INCRE_TRANSFER_STARTED",
    "INCRE_TRANSFER_FAILED",
    "RELEASE_RESOURCE_STARTED",
    "RELEASE_RESOURCE_FAILED",
    "RELEASE_RESOURCE_COMPLETE",
    "CHANGE_JOB_STARTED",
    "CHANGE_JOB_FAILED",
    "CHILD_TRANSFER_STARTING",
    "CHILD_TRANSFER_STARTED",
    "CHILD_TRANSFER_COMPLETE",
    "CHILD_TRANSFER_FAILED",
    "RELEASE_CHILD_TRANSFER_STARTED",
    "RELEASE_CHILD_TRANSFER_COMPLETE",
];

/// SplitMix64: small, fast, good enough for fake data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_B00C)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A random version-4 style UUID.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

/// What the server allows for a status; `stoppable` jobs list `FREE_RESOURCE` (the demo's
/// stand-in for the generic `/stop`, see drs-api.md §1.8) and only ended or failed jobs list
/// `DELETE`, matching the documented rule that a job must be ended before it is deleted.
///
/// * running (transfer started/complete): PAUSE, FREE_RESOURCE, CHANGE, CLONE; no DELETE
/// * configured but not started: START, FREE_RESOURCE
/// * ended (`RELEASE_RESOURCE_COMPLETE`, `RELEASE_CHILD_TRANSFER_COMPLETE`): DELETE, CLONE
/// * failed (`*_FAILED`): RETRY, FREE_RESOURCE, DELETE
/// * anything in motion (creating, starting, stopping, changing): nothing, with `current_action`
pub fn actions_for(status: &str) -> JobActions {
    let (avail, current): (&[&str], &str) = match status {
        "FULL_TRANSFER_STARTED"
        | "FULL_TRANSFER_COMPLETE"
        | "INCRE_TRANSFER_STARTED"
        | "CHILD_TRANSFER_STARTED"
        | "CHILD_TRANSFER_COMPLETE" => (&["PAUSE", "FREE_RESOURCE", "CHANGE", "CLONE"], ""),
        "CONFIGURATION" | "WAITING_FOR_START" => (&["START", "FREE_RESOURCE"], ""),
        "RELEASE_RESOURCE_COMPLETE" | "RELEASE_CHILD_TRANSFER_COMPLETE" => {
            (&["DELETE", "CLONE"], "")
        }
        s if s.ends_with("_FAILED") => (&["RETRY", "FREE_RESOURCE", "DELETE"], ""),
        "RELEASE_RESOURCE_STARTED" | "RELEASE_CHILD_TRANSFER_STARTED" => (&[], "FREE_RESOURCE"),
        "CHANGE_JOB_STARTED" => (&[], "CHANGE"),
        "STARTJOBING" | "CHILD_TRANSFER_STARTING" => (&[], "START"),
        "CREATING" => (&[], "CREATE"),
        _ => (&[], ""),
    };
    const ALL: [&str; 8] = [
        "START",
        "PAUSE",
        "FREE_RESOURCE",
        "CHANGE",
        "RETRY",
        "DELETE",
        "CLONE",
        "PRE_CHECK",
    ];
    JobActions {
        available_actions: avail.iter().map(|s| Sym::new(s)).collect(),
        unavailable_actions: ALL
            .iter()
            .filter(|a| !avail.contains(a))
            .map(|s| Sym::new(s))
            .collect(),
        current_action: current.into(),
    }
}

/// Whether `/stop` is allowed for a job now.
pub fn can_stop(job: &Job) -> bool {
    job.job_action
        .available_actions
        .iter()
        .any(|a| a == "FREE_RESOURCE")
}

/// Sets a job's status and the matching actions.
pub fn set_status(job: &mut Job, status: &str) {
    job.status = status.into();
    job.job_action = actions_for(status);
}

const EN_NAMES: [&str; 12] = [
    "orders-db-sync",
    "crm-migration",
    "billing-to-kafka",
    "inventory-dr",
    "user-profile-replay",
    "payments-cdc",
    "analytics-feed",
    "erp-oracle-to-gauss",
    "session-cache-move",
    "audit-log-stream",
    "catalog-sync",
    "hr-archive",
];
const ZH_NAMES: [&str; 10] = [
    "订单库同步",
    "会员中心迁移",
    "财务系统容灾",
    "日志回放",
    "库存数据同步",
    "支付流水入湖",
    "核心账务迁移",
    "营销活动缓存迁移",
    "风控特征同步",
    "客服工单归档",
];
const LONG_NAMES: [&str; 3] = [
    "prod-core-banking-oracle-19c-to-gaussdb-distributed-nightly-full-plus-incremental-sync-cluster",
    "legacy-warehouse-mysql57-shard-07-to-taurusdb-with-kafka-fanout-for-realtime-analytics-pipeline",
    "华东区生产环境核心交易数据库到分布式GaussDB的全量加增量实时同步任务（含历史归档库与报表库）",
];
const DESCRIPTIONS: [&str; 5] = [
    "",
    "nightly reporting feed",
    "cut-over planned for Q4",
    "由数据平台组维护",
    "do not stop during business hours",
];

fn engines_for(job_type: &str) -> &'static [&'static str] {
    match job_type {
        "migration" => &[
            "mysql-to-mysql",
            "redis-to-gaussredis",
            "rediscluster-to-gaussredis",
            "oracle-to-gaussdbv5",
        ],
        "sync" => &[
            "oracle-to-gaussdbv5",
            "mysql-to-kafka",
            "taurus-to-kafka",
            "mysql-to-mysql",
        ],
        "cloudDataGuard" => &["mysql-to-mysql", "taurus-to-taurus"],
        _ => &["mysql-to-taurus", "mysql-to-mysql"],
    }
}

/// Seconds since the epoch of the newest seeded job (2026-11-27T09:00:00Z).
const NEWEST: i64 = 1_795_770_000;
/// Seeded jobs spread over about eight months before [`NEWEST`].
const SPREAD_SECS: u64 = 240 * 24 * 3600;

fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn base_job(rng: &mut Rng, i: usize, name: String, job_type: &str, status: &str) -> Job {
    let engine = rng.pick(engines_for(job_type));
    let secs = NEWEST - rng.below(SPREAD_SECS) as i64;
    let mut job = Job {
        id: rng.uuid(),
        name,
        description: rng.pick(&DESCRIPTIONS).into(),
        create_time: rfc3339(secs),
        engine_type: engine.into(),
        net_type: if job_type == "cloudDataGuard" {
            rng.pick(&["eip", "vpn"])
        } else {
            rng.pick(&["vpc", "vpc", "eip", "vpn"])
        }
        .into(),
        charging_mode: rng.pick(&["on_demand", "on_demand", "period"]).into(),
        billing_tag: Some(rng.below(4) != 0),
        job_direction: rng.pick(&["up", "up", "down", "non-dbs"]).into(),
        job_type: job_type.into(),
        task_type: rng
            .pick(&[
                "FULL_INCR_TRANS",
                "FULL_INCR_TRANS",
                "FULL_TRANS",
                "INCR_TRANS",
            ])
            .into(),
        enterprise_project_id: if i.is_multiple_of(5) {
            "0".into()
        } else {
            rng.pick(&["0", "8f2a4c1e-7b3d-4e5f-9a6b-1c2d3e4f5a6b"])
                .into()
        },
        job_mode: "single".into(),
        job_mode_role: Default::default(),
        is_multi_az: Some(rng.below(6) == 0),
        node_role: Default::default(),
        node_new_framework: Some(rng.below(3) != 0),
        ..Job::default()
    };
    set_status(&mut job, status);
    job
}

fn random_status(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0..=39 => "INCRE_TRANSFER_STARTED",
        40..=64 => "RELEASE_RESOURCE_COMPLETE",
        65..=71 => "FULL_TRANSFER_STARTED",
        72..=76 => "CONFIGURATION",
        77..=81 => "INCRE_TRANSFER_FAILED",
        82..=85 => "FULL_TRANSFER_COMPLETE",
        86..=88 => "WAITING_FOR_START",
        _ => LIST_STATUSES[rng.below(LIST_STATUSES.len() as u64) as usize],
    }
}

/// `n` top-level jobs (parents carry 1–3 children in `children`), deterministic for `seed`,
/// sorted newest first (ties by id). With `n >= 30` every list status appears at least once.
pub fn seed_jobs(n: usize, seed: u64) -> Vec<Job> {
    let mut rng = Rng::new(seed);
    let mut jobs = Vec::with_capacity(n);
    for i in 0..n {
        let job_type = match rng.below(100) {
            0..=34 => "migration",
            35..=69 => "sync",
            70..=89 => "cloudDataGuard",
            _ => "replay",
        };
        // With 30 or more jobs, the first 22 take every list status once.
        let status = match LIST_STATUSES.get(i) {
            Some(s) if n >= 30 => s,
            _ => random_status(&mut rng),
        };
        let name = match rng.below(20) {
            0 => format!("{}-{i}", rng.pick(&LONG_NAMES)),
            1..=6 => format!("{}-{:02}", rng.pick(&ZH_NAMES), i % 100),
            _ => format!("{}-{:02}", rng.pick(&EN_NAMES), i % 100),
        };
        let mut job = base_job(&mut rng, i, name, job_type, status);
        if i % 17 == 5 {
            make_parent(&mut rng, &mut job, i);
        }
        jobs.push(job);
    }
    sort_newest_first(&mut jobs);
    jobs
}

fn make_parent(rng: &mut Rng, job: &mut Job, i: usize) {
    job.job_mode = "multi_to_single".into();
    job.job_mode_role = "parent".into();
    let count = 1 + rng.below(3) as usize;
    for c in 1..=count {
        let status = rng.pick(&[
            "CHILD_TRANSFER_STARTED",
            "CHILD_TRANSFER_STARTED",
            "CHILD_TRANSFER_COMPLETE",
            "CHILD_TRANSFER_FAILED",
            "RELEASE_CHILD_TRANSFER_COMPLETE",
        ]);
        let mut child = base_job(
            rng,
            i,
            format!("{}-child-{c}", job.name),
            &job.job_type.clone(),
            status,
        );
        child.engine_type = job.engine_type.clone();
        child.job_mode = "multi_to_single".into();
        child.job_mode_role = "child".into();
        child.create_time = job.create_time.clone();
        job.children.push(child);
    }
}

/// Sorts by `create_time` descending, then id, the list's default order.
pub fn sort_newest_first(jobs: &mut [Job]) {
    jobs.sort_by(|a, b| {
        b.create_time
            .cmp(&a.create_time)
            .then_with(|| a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_per_seed() {
        let a = seed_jobs(200, 7);
        let b = seed_jobs(200, 7);
        let c = seed_jobs(200, 8);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 200);
    }

    #[test]
    fn looks_like_a_real_account() {
        let jobs = seed_jobs(60, 1);
        for s in LIST_STATUSES {
            assert!(jobs.iter().any(|j| j.status == s), "missing {s}");
        }
        for t in ["migration", "sync", "cloudDataGuard", "replay"] {
            assert!(jobs.iter().any(|j| j.job_type == t), "missing {t}");
        }
        assert!(jobs.iter().any(|j| j.name.chars().count() >= 80));
        assert!(jobs.iter().any(|j| j.name.chars().any(|c| c > '\u{2e80}')));
        let parents: Vec<_> = jobs
            .iter()
            .filter(|j| j.job_mode_role == "parent")
            .collect();
        assert!(!parents.is_empty());
        assert!(parents.iter().all(|p| (1..=3).contains(&p.children.len())));
        assert!(
            jobs.windows(2)
                .all(|w| w[0].create_time >= w[1].create_time)
        );
        assert!(jobs[0].create_time.ends_with('Z') && jobs[0].create_time.len() == 20);
        let mut ids: Vec<_> = jobs.iter().map(|j| &j.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 60);
    }

    #[test]
    fn actions_follow_status() {
        assert!(
            !actions_for("INCRE_TRANSFER_STARTED")
                .available_actions
                .contains(&"DELETE".into())
        );
        assert!(
            actions_for("RELEASE_RESOURCE_COMPLETE")
                .available_actions
                .contains(&"DELETE".into())
        );
        assert!(
            actions_for("INCRE_TRANSFER_FAILED")
                .available_actions
                .contains(&"DELETE".into())
        );
        assert_eq!(
            actions_for("RELEASE_RESOURCE_STARTED").current_action,
            "FREE_RESOURCE"
        );
    }

    #[test]
    fn seeds_many_quickly() {
        let t = std::time::Instant::now();
        let jobs = seed_jobs(100_000, 3);
        assert_eq!(jobs.len(), 100_000);
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
    }
}
