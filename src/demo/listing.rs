//! The read side of the API: the job list (filters, sort, paging) and the job detail view.

use serde_json::{Value, json};

use crate::api::model::Job;

use super::errors::{DemoError, Lang};
use super::state::DemoState;

/// Page size when `limit` is absent (the documented default of sibling v5 list calls).
pub const DEFAULT_LIMIT: usize = 10;

const JOB_TYPES: [&str; 4] = ["migration", "sync", "cloudDataGuard", "replay"];
const SORT_KEYS: [&str; 6] = [
    "name",
    "status",
    "create_time",
    "net_type",
    "job_direction",
    "pay_mode",
];
const DETAIL_TYPES: [&str; 16] = [
    "overview",
    "detail",
    "network",
    "precheck",
    "progress",
    "log",
    "compare",
    "file",
    "is_writable",
    "cloud_connection",
    "diagnosis",
    "diagnosis_history",
    "repair_progress",
    "repair_detail",
    "repair_export_status",
    "db_table_details",
];

pub(super) fn first<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

pub(super) fn fnv(s: &str, salt: u8) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(salt);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The source and target database instance ids of a job (derived from its id, stable).
pub fn instance_ids(job: &Job) -> [String; 2] {
    [b's', b't'].map(|salt| {
        format!(
            "{:016x}{:016x}in01",
            fnv(&job.id, salt),
            fnv(&job.id, salt + 1)
        )
    })
}

/// The source and target database IPs of a job (derived from its id, stable).
pub fn instance_ips(job: &Job) -> [String; 2] {
    [b'S', b'T'].map(|salt| {
        let h = fnv(&job.id, salt);
        format!("192.168.{}.{}", (h >> 8) % 256, h % 254 + 1)
    })
}

struct Query<'a> {
    job_type: &'a str,
    ids: Option<Vec<&'a str>>,
    name: Option<String>,
    status: Option<&'a str>,
    engine_type: Option<&'a str>,
    net_type: Option<&'a str>,
    enterprise_project_id: Option<&'a str>,
    instance_ids: Vec<&'a str>,
    instance_ip: Option<&'a str>,
}

impl<'a> Query<'a> {
    /// The filters of `q` for jobs of `job_type`: `name` (a name part, or up to 10 ids
    /// separated by commas), up to 10 `instance_ids`, and the exact-match fields.
    fn parse(
        job_type: &'a str,
        q: &'a [(String, String)],
        lang: Lang,
    ) -> Result<Query<'a>, DemoError> {
        let (ids, name) = match first(q, "name") {
            Some(n) if n.contains(',') => {
                let ids: Vec<&str> = n
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                if ids.len() > 10 {
                    return Err(DemoError::param_invalid(lang, "name"));
                }
                (Some(ids), None)
            }
            Some(n) => (None, Some(n.to_lowercase())),
            None => (None, None),
        };
        let instance_ids: Vec<&str> = q
            .iter()
            .filter(|(k, _)| k == "instance_ids")
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if instance_ids.len() > 10 {
            return Err(DemoError::param_invalid(lang, "instance_ids"));
        }
        Ok(Query {
            job_type,
            ids,
            name,
            status: first(q, "status"),
            engine_type: first(q, "engine_type"),
            net_type: first(q, "net_type"),
            enterprise_project_id: first(q, "enterprise_project_id"),
            instance_ids,
            instance_ip: first(q, "instance_ip"),
        })
    }

    fn matches(&self, j: &Job) -> bool {
        if j.job_type != self.job_type {
            return false;
        }
        if let Some(ids) = &self.ids
            && !ids.contains(&j.id.as_str())
        {
            return false;
        }
        if let Some(n) = &self.name
            && !(j.id.eq_ignore_ascii_case(n) || j.name.to_lowercase().contains(n))
        {
            return false;
        }
        let eq = |f: Option<&str>, v: &str| f.is_none_or(|f| f == v);
        if !(eq(self.status, &j.status)
            && eq(self.engine_type, &j.engine_type)
            && eq(self.net_type, &j.net_type)
            && eq(self.enterprise_project_id, &j.enterprise_project_id))
        {
            return false;
        }
        if !self.instance_ids.is_empty() {
            let mine = instance_ids(j);
            if !self
                .instance_ids
                .iter()
                .any(|i| mine.iter().any(|m| m == i))
            {
                return false;
            }
        }
        if let Some(ip) = self.instance_ip
            && !instance_ips(j).iter().any(|m| m == ip)
        {
            return false;
        }
        true
    }
}

fn sort_value<'j>(j: &'j Job, key: &str) -> &'j str {
    match key {
        "name" => &j.name,
        "status" => &j.status,
        "net_type" => &j.net_type,
        "job_direction" => &j.job_direction,
        "pay_mode" => &j.charging_mode,
        _ => &j.create_time,
    }
}

/// `GET /v5/{project_id}/jobs`: `{"total_count": N, "jobs": [...]}`.
pub fn list(state: &DemoState, q: &[(String, String)], lang: Lang) -> Result<Value, DemoError> {
    let bytes = list_bytes(state, q, lang)?;
    serde_json::from_slice(&bytes).map_err(|e| DemoError::bad_body(lang, &e.to_string()))
}

/// The list answer's body, serialised directly from the store (no copies, no `Value` tree).
/// The parameters are checked in the order the service checks them: the first bad one is the
/// error.
pub fn list_bytes(
    state: &DemoState,
    q: &[(String, String)],
    lang: Lang,
) -> Result<Vec<u8>, DemoError> {
    let job_type = first(q, "job_type").ok_or_else(|| DemoError::param_empty(lang, "job_type"))?;
    if !JOB_TYPES.contains(&job_type) {
        return Err(DemoError::param_invalid(lang, "job_type"));
    }
    let page = Page::parse(q, lang, state.max_page_size)?;
    let order = Order::parse(q, lang)?;
    let query = Query::parse(job_type, q, lang)?;
    state.with_jobs(|jobs| {
        let hits = order.sorted(jobs.iter().filter(|j| query.matches(j)).collect());
        #[derive(serde::Serialize)]
        struct Body<'a> {
            total_count: usize,
            jobs: Vec<&'a Job>,
        }
        let body = Body {
            total_count: hits.len(),
            jobs: hits
                .iter()
                .skip(page.offset)
                .take(page.limit)
                .copied()
                .collect(),
        };
        serde_json::to_vec(&body).map_err(|e| DemoError::bad_body(lang, &e.to_string()))
    })
}

/// `offset` and `limit` (capped at the service's largest page).
struct Page {
    offset: usize,
    limit: usize,
}

impl Page {
    fn parse(q: &[(String, String)], lang: Lang, max_page_size: usize) -> Result<Page, DemoError> {
        let num = |key: &str, default: i64| -> Result<i64, DemoError> {
            first(q, key).map_or(Ok(default), |v| {
                v.parse::<i64>().map_err(|_| DemoError::bad_page(lang))
            })
        };
        let offset = num("offset", 0)?;
        let limit = num("limit", DEFAULT_LIMIT as i64)?;
        if offset < 0 || limit < 1 {
            return Err(DemoError::bad_page(lang));
        }
        Ok(Page {
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
            limit: usize::try_from(limit)
                .unwrap_or(usize::MAX)
                .min(max_page_size),
        })
    }
}

/// `sort_key` and `sort_dir` (newest first by default).
struct Order<'a> {
    key: &'a str,
    asc: bool,
}

impl<'a> Order<'a> {
    fn parse(q: &'a [(String, String)], lang: Lang) -> Result<Order<'a>, DemoError> {
        let key = first(q, "sort_key").unwrap_or("create_time");
        if !SORT_KEYS.contains(&key) {
            return Err(DemoError::param_invalid(lang, "sort_key"));
        }
        let asc = match first(q, "sort_dir").map(str::to_ascii_lowercase).as_deref() {
            None | Some("desc") => false,
            Some("asc") => true,
            Some(_) => return Err(DemoError::param_invalid(lang, "sort_dir")),
        };
        Ok(Order { key, asc })
    }

    /// The store is kept newest first (ties by id), the default order; other orders are a
    /// stable sort of the matches, so ties keep that order and paging stays consistent.
    fn sorted<'j>(&self, mut hits: Vec<&'j Job>) -> Vec<&'j Job> {
        match (self.key, self.asc) {
            ("create_time", false) => {}
            ("create_time", true) => hits.reverse(),
            (key, false) => hits.sort_by(|a, b| sort_value(b, key).cmp(sort_value(a, key))),
            (key, true) => hits.sort_by(|a, b| sort_value(a, key).cmp(sort_value(b, key))),
        }
        hits
    }
}

/// Checks the `type` query parameter of the detail call.
pub fn check_detail_type(q: &[(String, String)], lang: Lang) -> Result<(), DemoError> {
    let t = first(q, "type").ok_or_else(|| DemoError::param_empty(lang, "type"))?;
    if DETAIL_TYPES.contains(&t) {
        Ok(())
    } else {
        Err(DemoError::param_invalid(lang, "type"))
    }
}

pub(super) fn progress(j: &Job) -> (&'static str, String, String) {
    let h = fnv(&j.id, b'p');
    match j.status.as_str() {
        "RELEASE_RESOURCE_COMPLETE" | "RELEASE_CHILD_TRANSFER_COMPLETE" => {
            ("100", "0".into(), "0".into())
        }
        "INCRE_TRANSFER_STARTED" | "FULL_TRANSFER_COMPLETE" | "CHILD_TRANSFER_STARTED" => {
            let ms = h % 5000;
            ("100", (ms / 1000).to_string(), ms.to_string())
        }
        "FULL_TRANSFER_STARTED" => (
            ["12", "37", "58", "81", "96"][(h % 5) as usize],
            "0".into(),
            "0".into(),
        ),
        _ => ("0", "0".into(), "0".into()),
    }
}

/// `GET /v5/{project_id}/jobs/{job_id}?type=…`: `{"job": JobDetailResp}`.
///
/// Besides the SDK's `JobDetailResp` fields it carries `job_action`, which the real detail
/// does not document; tolerant clients ignore it.
pub fn detail(job: &Job, parent: Option<&Job>) -> Value {
    let (src, dst) = job
        .engine_type
        .split_once("-to-")
        .unwrap_or((job.engine_type.as_str(), ""));
    let [src_id, dst_id] = instance_ids(job);
    let [src_ip, dst_ip] = instance_ips(job);
    let src_type = if job.job_direction == "down" {
        "cloud"
    } else {
        "offline"
    };
    json!({ "job": {
        "id": job.id,
        "status": job.status,
        "create_time": job.create_time,
        "master_job_id": parent.map(|p| p.id.as_str()).unwrap_or(""),
        "base_info": {
            "name": job.name,
            "job_type": job.job_type,
            "engine_type": job.engine_type,
            "task_type": job.task_type,
            "net_type": job.net_type,
            "charging_mode": job.charging_mode,
            "job_direction": job.job_direction,
            "description": job.description,
            "enterprise_project_id": job.enterprise_project_id,
            "job_mode": job.job_mode,
            "job_mode_role": job.job_mode_role,
            "is_multi_az": job.is_multi_az.unwrap_or(false),
            "start_time": job.create_time,
            "expired_days": "14",
            "tags": [],
        },
        "source_endpoint": [db_endpoint(src, src_type, &src_id, &src_ip, "drs_reader")],
        "target_endpoint": [db_endpoint(dst, "cloud", &dst_id, &dst_ip, "drs_writer")],
        "progress_info": progress_info(job),
        "node_info": node_info(job),
        "logs": [{"level": "Info", "message": format!("job {} created", job.name), "create_time": job.create_time}],
        "job_action": job.job_action,
        "children": [],
        "instance_features": {},
        "public_ip_list": [],
        "bind_public_ip_state": "SUCCESS",
        "is_writable": "success",
        "task_version": "2.0",
        "job_kernel_direction": if job.job_direction == "down" { "down" } else { "up" },
        "sync_mode": "DB_LEVEL",
    }})
}

/// One database of a job's detail (`source_endpoint` / `target_endpoint`), on its engine's
/// usual port.
fn db_endpoint(db: &str, endpoint_type: &str, instance_id: &str, ip: &str, user: &str) -> Value {
    let port = match db {
        "oracle" => 1521,
        "kafka" => 9092,
        "redis" | "rediscluster" | "gaussredis" => 6379,
        "gaussdbv5" => 8000,
        _ => 3306,
    };
    json!({
        "db_type": db,
        "endpoint_type": endpoint_type,
        "instance_id": instance_id,
        "ip": ip,
        "port": port,
        "db_user": user,
        "region": super::DEMO_REGION,
    })
}

/// The detail's `progress_info`, from [`progress`].
fn progress_info(job: &Job) -> Value {
    let (pct, delay_s, delay_ms) = progress(job);
    json!({
        "progress": pct,
        "incr_trans_delay": delay_s,
        "incr_trans_delay_millis": delay_ms,
        "task_mode": job.task_type,
        "transfer_status": job.status,
        "process_time": "",
        "remaining_time": "",
        "progress_map": {},
    })
}

/// The detail's `node_info`: the replication instance, one fixed VPC.
fn node_info(job: &Job) -> Value {
    json!({
        "spec": {"node_type": "medium"},
        "vpc": {
            "vpc_id": "de40de40-0000-4000-8000-00000000a0c0",
            "subnet_id": "de40de40-0000-4000-8000-00000000590e",
            "security_group_id": "de40de40-0000-4000-8000-000000005ec0",
            "custom_node_ip": "",
        },
        "base_info": {
            "instance_type": if job.is_multi_az == Some(true) { "ha" } else { "single" },
            "arch": "x86",
            "availability_zone": "cn-north-4a",
            "status": "ACTIVE",
            "role": "master",
        },
    })
}
