//! The demo service's shared state: jobs, pending stops, issued tokens, faults, request log.
//!
//! Every lock is a short, synchronous critical section (never held across an `.await`).
//! Stops complete lazily: a stopped job records when its release finishes, and every access
//! first settles the stops whose time has come.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::api::model::Job;

use super::faults::{FaultKind, FaultRule, take_fault};
use super::seed::{self, can_stop, set_status};

/// Most requests kept in the log; older ones are dropped first.
pub const REQUEST_LOG_LIMIT: usize = 100_000;

/// One request the service received (no secrets: no headers, no bodies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// The raw path as received.
    pub path: String,
    /// The raw query string (without `?`), possibly empty.
    pub query: String,
    /// The status code answered.
    pub status: u16,
    /// The job id named in the path, if any (percent-decoded).
    pub job_id: Option<String>,
    /// When the request arrived.
    pub at: Instant,
}

/// One IAM project of the demo account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoProject {
    /// Project id.
    pub id: String,
    /// Name: a region id for a region's default project, `<region>_<suffix>` for a
    /// sub-project, or a non-regional name such as `MOS`.
    pub name: String,
}

/// The demo account's projects at start: the demo region's project, which owns the jobs, and
/// a non-regional `MOS` entry as real accounts have.
pub fn default_projects() -> Vec<DemoProject> {
    vec![
        DemoProject {
            id: super::DEMO_PROJECT_ID.into(),
            name: super::DEMO_REGION.into(),
        },
        DemoProject {
            id: "de40de40de40de40de40de40de4040a0".into(),
            name: "MOS".into(),
        },
    ]
}

/// Why a delete or stop of one job did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No such job.
    NotFound,
    /// The job's status does not allow it (the status is given).
    WrongStatus(String),
}

/// The service's state, shared by all connections and by tests.
#[derive(Debug)]
pub struct DemoState {
    jobs: Mutex<Jobs>,
    faults: Mutex<Vec<FaultRule>>,
    log: Mutex<VecDeque<RecordedRequest>>,
    tokens: Mutex<HashMap<String, Instant>>,
    projects: Mutex<Vec<DemoProject>>,
    /// The jobs of the other regions' projects (`--projects`), by project id; this state's
    /// own jobs are the demo project's (`DEMO_PROJECT_ID`).
    regional: Mutex<HashMap<String, std::sync::Arc<DemoState>>>,
    /// The project each issued token is scoped to.
    token_scopes: Mutex<HashMap<String, String>>,
    /// Projects (by id) the demo IAM user may not enter: password logins to them get 401.
    login_denied: Mutex<std::collections::HashSet<String>>,
    /// Every password login's requested scope (project id, or name) and status, in order.
    logins: Mutex<Vec<(String, u16)>>,
    counter: AtomicU64,
    /// List requests received per served project, counted on arrival.
    list_arrivals: Mutex<HashMap<String, u64>>,
    /// List requests in flight, and the most at once.
    lists: super::gauge::ListGauge,
    /// Requests received, by method, counted on arrival (a fence for tests: a slow request
    /// is in the log only once answered).
    arrivals: Mutex<HashMap<String, u64>>,
    /// How long a stop takes to reach `RELEASE_RESOURCE_COMPLETE`.
    pub stop_delay: Duration,
    /// Lifetime of tokens issued by the IAM endpoint.
    pub token_ttl: Duration,
    /// The largest `limit` a list call honours.
    pub max_page_size: usize,
}

#[derive(Debug, Default)]
struct Jobs {
    /// Top-level jobs, newest first (ties by id); children live inside their parent.
    list: Vec<Job>,
    /// Job id → when its stop completes.
    stopping: HashMap<String, Instant>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Jobs {
    fn settle(&mut self, now: Instant) {
        if self.stopping.is_empty() {
            return;
        }
        let done: Vec<String> = self
            .stopping
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in done {
            self.stopping.remove(&id);
            if let Some(job) = self.find_mut(&id) {
                let status = if job.job_mode_role == "child" {
                    "RELEASE_CHILD_TRANSFER_COMPLETE"
                } else {
                    "RELEASE_RESOURCE_COMPLETE"
                };
                set_status(job, status);
            }
        }
    }

    fn find(&self, id: &str) -> Option<&Job> {
        self.list.iter().find_map(|j| {
            if j.id == id {
                Some(j)
            } else {
                j.children.iter().find(|c| c.id == id)
            }
        })
    }

    fn find_mut(&mut self, id: &str) -> Option<&mut Job> {
        for j in self.list.iter_mut() {
            if j.id == id {
                return Some(j);
            }
            if let Some(c) = j.children.iter_mut().find(|c| c.id == id) {
                return Some(c);
            }
        }
        None
    }

    fn remove(&mut self, id: &str) -> Option<Job> {
        self.stopping.remove(id);
        if let Some(pos) = self.list.iter().position(|j| j.id == id) {
            return Some(self.list.remove(pos));
        }
        for j in self.list.iter_mut() {
            if let Some(pos) = j.children.iter().position(|c| c.id == id) {
                return Some(j.children.remove(pos));
            }
        }
        None
    }
}

impl DemoState {
    /// A state holding `jobs` (any order; kept newest first).
    pub fn new(
        mut jobs: Vec<Job>,
        faults: Vec<FaultRule>,
        stop_delay: Duration,
        token_ttl: Duration,
        max_page_size: usize,
    ) -> DemoState {
        seed::sort_newest_first(&mut jobs);
        DemoState {
            jobs: Mutex::new(Jobs {
                list: jobs,
                stopping: HashMap::new(),
            }),
            faults: Mutex::new(faults),
            log: Mutex::new(VecDeque::new()),
            tokens: Mutex::new(HashMap::new()),
            projects: Mutex::new(default_projects()),
            regional: Mutex::new(HashMap::new()),
            token_scopes: Mutex::new(HashMap::new()),
            login_denied: Mutex::new(Default::default()),
            logins: Mutex::new(Vec::new()),
            counter: AtomicU64::new(1),
            list_arrivals: Mutex::new(HashMap::new()),
            lists: Default::default(),
            arrivals: Mutex::new(HashMap::new()),
            stop_delay,
            token_ttl,
            max_page_size: max_page_size.max(1),
        }
    }

    /// The account's IAM projects, in creation order.
    pub fn projects(&self) -> Vec<DemoProject> {
        lock(&self.projects).clone()
    }

    /// Adds an IAM project (e.g. a sub-project `cn-north-4_payments`).
    pub fn add_project(&self, id: &str, name: &str) {
        lock(&self.projects).push(DemoProject {
            id: id.into(),
            name: name.into(),
        });
    }

    /// Adds a region's project holding `jobs` of its own (`demo-server --projects`).
    pub fn add_region_project(&self, id: &str, name: &str, jobs: Vec<Job>) {
        let state = DemoState::new(
            jobs,
            Vec::new(),
            self.stop_delay,
            self.token_ttl,
            self.max_page_size,
        );
        lock(&self.regional).insert(id.to_owned(), std::sync::Arc::new(state));
        self.add_project(id, name);
    }

    /// Adds `n` IAM projects without jobs, sub-projects of `region` named
    /// `<region>_empty-00001`…: an account with thousands of projects, most of them unused.
    /// They share one empty store and answer a listing at once.
    pub fn add_empty_projects(&self, region: &str, n: usize) {
        let empty = std::sync::Arc::new(DemoState::new(
            Vec::new(),
            Vec::new(),
            self.stop_delay,
            self.token_ttl,
            self.max_page_size,
        ));
        let added: Vec<DemoProject> = (1..=n)
            .map(|i| {
                let name = format!("{region}_empty-{i:05}");
                DemoProject {
                    id: super::project_id_of(&name),
                    name,
                }
            })
            .collect();
        lock(&self.regional).extend(added.iter().map(|p| (p.id.clone(), empty.clone())));
        lock(&self.projects).extend(added);
    }

    /// A list request for `project_id` is being answered: counted in flight until the guard
    /// is dropped.
    pub fn list_started(&self, project_id: &str) -> super::gauge::InFlight<'_> {
        self.lists.enter(project_id)
    }

    /// The most list requests (`GET /v5/{project_id}/jobs`) answered at once so far.
    pub fn max_lists_in_flight(&self) -> usize {
        self.lists.max_requests()
    }

    /// The most projects listed at once so far: projects with a list request being answered.
    pub fn max_projects_listing(&self) -> usize {
        self.lists.max_projects()
    }

    /// The state holding the jobs of another region's project; `None` for the demo project
    /// (this state) and for unknown ids.
    pub fn regional(&self, project_id: &str) -> Option<std::sync::Arc<DemoState>> {
        lock(&self.regional).get(project_id).cloned()
    }

    /// Whether `project_id` names a project that holds jobs.
    pub fn serves_project(&self, project_id: &str) -> bool {
        project_id == super::DEMO_PROJECT_ID || lock(&self.regional).contains_key(project_id)
    }

    /// Records the project an issued token is scoped to.
    pub fn scope_token(&self, token: &str, project_id: &str) {
        lock(&self.token_scopes).insert(token.to_owned(), project_id.to_owned());
    }

    /// The project an issued token is scoped to (`None` for the fixed demo token).
    pub fn token_scope(&self, token: &str) -> Option<String> {
        lock(&self.token_scopes).get(token).cloned()
    }

    /// From now on the demo IAM user may not enter `project_id`: a password login scoped to it
    /// is refused (401), as IAM refuses a user without a role in the project.
    pub fn deny_login(&self, project_id: &str) {
        lock(&self.login_denied).insert(project_id.to_owned());
    }

    /// Whether the demo IAM user may not enter `project_id`.
    pub fn login_denied(&self, project_id: &str) -> bool {
        lock(&self.login_denied).contains(project_id)
    }

    /// Records a password login: the scope it asked for (project id, or name) and the status.
    pub fn record_login(&self, scope: &str, status: u16) {
        lock(&self.logins).push((scope.to_owned(), status));
    }

    /// Every password login so far, oldest first: the scope asked for (the project id, or the
    /// name when the login named the project) and the status answered.
    pub fn logins(&self) -> Vec<(String, u16)> {
        lock(&self.logins).clone()
    }

    /// Every request received so far (up to [`REQUEST_LOG_LIMIT`]), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    /// How many requests had this method (any case) and a path containing `path_contains`.
    pub fn count(&self, method: &str, path_contains: &str) -> usize {
        lock(&self.log)
            .iter()
            .filter(|r| r.method.eq_ignore_ascii_case(method) && r.path.contains(path_contains))
            .count()
    }

    /// Counts a list request for `project_id` as it arrives (projects not served are not
    /// counted, so the map stays as small as the account).
    pub fn note_list_arrival(&self, project_id: &str) {
        if self.serves_project(project_id) {
            *lock(&self.list_arrivals)
                .entry(project_id.to_owned())
                .or_default() += 1;
        }
    }

    /// List requests (`GET /v5/{project_id}/jobs`) received for a project, counted on arrival:
    /// before the latency and any fault, so a request the client gave up on counts too (the
    /// request log records a request when it is answered).
    pub fn list_arrivals(&self, project_id: &str) -> u64 {
        lock(&self.list_arrivals)
            .get(project_id)
            .copied()
            .unwrap_or(0)
    }

    /// Counts a request as it arrives.
    pub fn note_arrival(&self, method: &str) {
        *lock(&self.arrivals).entry(method.to_owned()).or_default() += 1;
    }

    /// Requests with this method received so far, counted on arrival (before the latency and
    /// any fault): a request still being answered counts.
    pub fn arrivals(&self, method: &str) -> u64 {
        lock(&self.arrivals).get(method).copied().unwrap_or(0)
    }

    /// Forgets every recorded request.
    pub fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// A job (top-level or child) as the service currently sees it.
    pub fn job(&self, id: &str) -> Option<Job> {
        let mut jobs = lock(&self.jobs);
        jobs.settle(Instant::now());
        jobs.find(id).cloned()
    }

    /// The parent of a child job.
    pub fn parent_of(&self, id: &str) -> Option<Job> {
        let jobs = lock(&self.jobs);
        jobs.list
            .iter()
            .find(|j| j.children.iter().any(|c| c.id == id))
            .cloned()
    }

    /// Removes a job behind the client's back (as another console user would); true if it existed.
    pub fn remove_job(&self, id: &str) -> bool {
        lock(&self.jobs).remove(id).is_some()
    }

    /// Adds a top-level job (replacing one with the same id), keeping the list order.
    pub fn insert_job(&self, job: Job) {
        let mut jobs = lock(&self.jobs);
        jobs.remove(&job.id);
        let pos = jobs.list.partition_point(|j| {
            (j.create_time.as_str(), std::cmp::Reverse(j.id.as_str()))
                > (job.create_time.as_str(), std::cmp::Reverse(job.id.as_str()))
        });
        jobs.list.insert(pos, job);
    }

    /// Ids of the top-level jobs (what lists return), newest first; children are not included.
    pub fn job_ids(&self) -> Vec<String> {
        lock(&self.jobs).list.iter().map(|j| j.id.clone()).collect()
    }

    /// Replaces the fault rules (counts start afresh).
    pub fn set_faults(&self, faults: Vec<FaultRule>) {
        *lock(&self.faults) = faults;
    }

    /// Takes the fault for this request, counting down limited rules.
    pub fn take_fault(&self, method: &str, path: &str) -> Option<FaultKind> {
        take_fault(&mut lock(&self.faults), method, path)
    }

    /// Appends to the request log.
    pub fn record(&self, req: RecordedRequest) {
        let mut log = lock(&self.log);
        if log.len() >= REQUEST_LOG_LIMIT {
            log.pop_front();
        }
        log.push_back(req);
    }

    /// A fresh request id, uuid-shaped and counter based.
    pub fn next_request_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("de40de40-0000-4000-8000-{n:012x}")
    }

    /// Remembers a token issued by the IAM endpoint until `expires`.
    pub fn issue_token(&self, token: String, expires: Instant) {
        let mut tokens = lock(&self.tokens);
        let now = Instant::now();
        tokens.retain(|_, at| *at > now);
        tokens.insert(token, expires);
    }

    /// Expires every issued token now, as IAM does when a password changes (for tests: the
    /// next call with such a token gets `401 APIGW.0307`).
    pub fn expire_tokens(&self) {
        let now = Instant::now();
        for at in lock(&self.tokens).values_mut() {
            *at = now;
        }
    }

    /// `Some(true)` for a live issued token, `Some(false)` for an expired one, `None` if unknown.
    pub fn token_valid(&self, token: &str) -> Option<bool> {
        lock(&self.tokens).get(token).map(|at| *at > Instant::now())
    }

    /// Runs `f` over the current top-level jobs (stops settled first), under the lock.
    pub fn with_jobs<R>(&self, f: impl FnOnce(&[Job]) -> R) -> R {
        let mut jobs = lock(&self.jobs);
        jobs.settle(Instant::now());
        f(&jobs.list)
    }

    /// Deletes a job if its actions allow it; returns the deleted job.
    pub fn delete_job(&self, id: &str) -> Result<Job, Refusal> {
        let mut jobs = lock(&self.jobs);
        jobs.settle(Instant::now());
        let job = jobs.find(id).ok_or(Refusal::NotFound)?;
        if !job.can_delete() {
            return Err(Refusal::WrongStatus(job.status.to_string()));
        }
        jobs.remove(id).ok_or(Refusal::NotFound)
    }

    /// Starts stopping a job if its actions allow it; returns the job as it now is.
    pub fn stop_job(&self, id: &str) -> Result<Job, Refusal> {
        let mut jobs = lock(&self.jobs);
        let now = Instant::now();
        jobs.settle(now);
        let delay = self.stop_delay;
        let job = jobs.find_mut(id).ok_or(Refusal::NotFound)?;
        if !can_stop(job) {
            return Err(Refusal::WrongStatus(job.status.to_string()));
        }
        let status = if job.job_mode_role == "child" {
            "RELEASE_CHILD_TRANSFER_STARTED"
        } else {
            "RELEASE_RESOURCE_STARTED"
        };
        set_status(job, status);
        let job = job.clone();
        jobs.stopping.insert(id.to_string(), now + delay);
        if delay.is_zero() {
            jobs.settle(now);
        }
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(delay_ms: u64) -> DemoState {
        DemoState::new(
            seed::seed_jobs(40, 1),
            Vec::new(),
            Duration::from_millis(delay_ms),
            Duration::from_secs(60),
            1000,
        )
    }

    #[test]
    fn stop_then_settles_then_delete() {
        let s = state(0);
        let id = s
            .with_jobs(|j| {
                j.iter()
                    .find(|j| j.status == "INCRE_TRANSFER_STARTED")
                    .map(|j| j.id.clone())
            })
            .unwrap();
        assert_eq!(
            s.delete_job(&id),
            Err(Refusal::WrongStatus("INCRE_TRANSFER_STARTED".into()))
        );
        s.stop_job(&id).unwrap();
        assert_eq!(s.job(&id).unwrap().status, "RELEASE_RESOURCE_COMPLETE");
        assert!(s.delete_job(&id).is_ok());
        assert_eq!(s.delete_job(&id), Err(Refusal::NotFound));
        assert!(s.job(&id).is_none());
    }

    #[test]
    fn insert_keeps_order() {
        let s = state(0);
        let mut j = s.with_jobs(|j| j[5].clone());
        assert!(s.remove_job(&j.id));
        assert!(!s.remove_job(&j.id));
        j.create_time = "2099-01-01T00:00:00Z".into();
        s.insert_job(j.clone());
        assert_eq!(s.job_ids()[0], j.id);
        assert_eq!(s.job_ids().len(), 40);
    }
}
