//! The simulated DRS v5 service (axum) used by `--demo`, `demo-server` and the tests.
//!
//! It serves the DRS v5 job endpoints and IAM's `POST /v3/auth/tokens`, `GET /v3/projects` and
//! `GET /v3/auth/projects` with the documented
//! shapes and errors (see `drs-api.md`), checks a token or an AK/SK signature on every `/v5`
//! call, seeds deterministic jobs, and injects faults on request ([`parse_faults`]).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use drs_tui::demo::{DemoConfig, DemoServer};
//! let server = DemoServer::start(DemoConfig::default()).await?;
//! println!("{}", server.banner());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
mod errors;
mod faults;
mod gauge;
mod listing;
mod routes;
mod seed;
mod state;
mod story;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use auth::MAX_CLOCK_SKEW;
pub use faults::{FAULTS_HELP, FaultKind, FaultRule, parse_faults};
use faults::{query_limit, with_job_type, with_total_count};
pub use seed::{LIST_STATUSES, actions_for, seed_jobs};
pub use state::{DemoProject, DemoState, RecordedRequest, Refusal};

/// The demo account's project id (32 hex characters, as real project ids are).
pub const DEMO_PROJECT_ID: &str = "de40de40de40de40de40de40de40de40";
/// The demo region; IAM logins may scope to the project by this name.
pub const DEMO_REGION: &str = "cn-north-4";
/// The regions `--demo` serves, each its own project.
pub const DEMO_REGIONS: &[&str] = &["cn-north-4", "cn-east-3", "ap-southeast-1"];
/// The demo access key (accepted for `SDK-HMAC-SHA256` signatures).
pub const DEMO_AK: &str = "DEMOAKDRSTUI00000000";
/// The demo secret key.
pub const DEMO_SK: &str = "demoSecretKeyForDrsTuiDemoOnlyNotReal0000";
/// A ready token accepted as `X-Auth-Token` (it never expires).
pub const DEMO_TOKEN: &str = "MIIDEMO-drs-tui-demo-token-not-a-real-token";
/// The demo IAM user name for password login.
pub const DEMO_IAM_USER: &str = "demo-user";
/// The demo IAM user's password.
pub const DEMO_IAM_PASSWORD: &str = "demo-password";
/// The demo IAM account (domain) name.
pub const DEMO_IAM_DOMAIN: &str = "demo-account";

/// How the demo service is run.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// Address to bind; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Number of top-level jobs to seed (parents carry extra children).
    pub jobs: usize,
    /// Seed for the generated jobs.
    pub seed: u64,
    /// Wait before every `/v5` answer.
    pub latency: Duration,
    /// Fault rules applied from the start (see [`parse_faults`]).
    pub faults: Vec<FaultRule>,
    /// How long a stopped job stays in `RELEASE_RESOURCE_STARTED`.
    pub stop_delay: Duration,
    /// Largest page a list call returns, whatever `limit` asks for.
    pub max_page_size: usize,
    /// Lifetime of tokens issued by `POST /v3/auth/tokens`.
    pub token_ttl: Duration,
    /// Regions served, one project each with jobs of its own (`--projects`); the demo
    /// region's project (`DEMO_PROJECT_ID`) is always served. Empty: that one only.
    pub projects: Vec<String>,
    /// Regions whose project the demo IAM user may not enter: IAM lists the project, but a
    /// password login scoped to it is refused with 401, as IAM answers a user without a role
    /// there. The accounts' other credentials (token, AK/SK) are not limited.
    pub no_access: Vec<String>,
    /// IAM projects without jobs added to the account, sub-projects of the demo region
    /// (`cn-north-4_empty-00001`…), each answering an empty listing at once: an account with
    /// thousands of projects (see [`DemoState::max_projects_listing`]).
    pub extra_projects: usize,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            jobs: 60,
            seed: 1,
            latency: Duration::ZERO,
            faults: Vec::new(),
            stop_delay: Duration::from_millis(1500),
            max_page_size: 1000,
            token_ttl: Duration::from_secs(24 * 3600),
            projects: Vec::new(),
            no_access: Vec::new(),
            extra_projects: 0,
        }
    }
}

/// The demo project id of a region's project: `DEMO_PROJECT_ID` for the demo region, else
/// 32 hex characters derived from the name (stable across runs, as tests need).
pub fn project_id_of(name: &str) -> String {
    use sha2::Digest;
    if name == DEMO_REGION {
        return DEMO_PROJECT_ID.to_owned();
    }
    hex::encode(&sha2::Sha256::digest(name.as_bytes())[..16])
}

/// A running demo service; shut down with [`DemoServer::shutdown`] (or by dropping it).
#[derive(Debug)]
pub struct DemoServer {
    /// The address actually bound.
    pub addr: SocketAddr,
    /// The shared state, for tests to inspect and change.
    pub state: Arc<DemoState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// The service as an axum router over `state`, for serving it some other way (the TLS tests
/// serve it over HTTPS with a private CA).
pub fn router(state: Arc<DemoState>, latency: Duration) -> axum::Router {
    axum::Router::new()
        .fallback(routes::handle)
        .with_state(routes::Ctx { state, latency })
}

impl DemoServer {
    /// Seeds the jobs, binds `config.listen` and serves on the current tokio runtime;
    /// returns as soon as the socket is listening.
    pub async fn start(config: DemoConfig) -> std::io::Result<DemoServer> {
        let jobs = seed_jobs(config.jobs, config.seed);
        let state = Arc::new(DemoState::new(
            jobs,
            config.faults,
            config.stop_delay,
            config.token_ttl,
            config.max_page_size,
        ));
        for (i, name) in config.projects.iter().enumerate() {
            if name == DEMO_REGION || state.projects().iter().any(|p| &p.name == name) {
                continue;
            }
            // Each project its own jobs (other ids, names and statuses): another seed.
            let seed = config.seed.wrapping_add(1000 * (i as u64 + 1));
            state.add_region_project(&project_id_of(name), name, seed_jobs(config.jobs, seed));
        }
        state.add_empty_projects(DEMO_REGION, config.extra_projects);
        for name in &config.no_access {
            state.deny_login(&project_id_of(name));
        }
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let app = router(state.clone(), config.latency);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::warn!("demo server stopped with an error: {e}");
            }
        });
        Ok(DemoServer {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT` (loopback even when bound to a wildcard address).
    pub fn base_url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], self.addr.port()))
        } else {
            self.addr
        };
        format!("http://{host}")
    }

    /// The lines `drs-tui demo-server` prints: `listening on http://ADDR`, the demo credentials
    /// as `key: value` lines (`project_id`, `ak`, `sk`, `token`, `iam_user`, `iam_password`,
    /// `iam_domain`), and last a ready-to-paste `DRS_TUI_TOKEN=… drs-tui --endpoint … jobs list`.
    pub fn banner(&self) -> String {
        let projects = self.state.projects();
        let several = projects
            .iter()
            .filter(|p| self.state.serves_project(&p.id))
            .count()
            > 1;
        let projects = if several {
            let list: Vec<String> = projects
                .iter()
                .filter(|p| self.state.serves_project(&p.id))
                .map(|p| format!("{}={}", p.name, p.id))
                .collect();
            format!("projects: {}\n", list.join(", "))
        } else {
            String::new()
        };
        format!(
            "listening on http://{addr}\n\
             project_id: {DEMO_PROJECT_ID}\n\
             ak: {DEMO_AK}\n\
             sk: {DEMO_SK}\n\
             token: {DEMO_TOKEN}\n\
             iam_user: {DEMO_IAM_USER}\n\
             iam_password: {DEMO_IAM_PASSWORD}\n\
             iam_domain: {DEMO_IAM_DOMAIN}\n\
             {projects}\
             DRS_TUI_TOKEN={DEMO_TOKEN} drs-tui --endpoint {url} --project-id {DEMO_PROJECT_ID} jobs list",
            addr = self.addr,
            url = self.base_url(),
        )
    }

    /// Stops accepting connections, lets open requests finish (up to 5 s), and waits.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Dropped without `shutdown`: stop serving now rather than linger on idle connections.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
