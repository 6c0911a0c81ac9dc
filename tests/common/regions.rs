//! Three regions over one demo service: the per-region endpoint overrides that point each at it,
//! and each region's jobs as the service holds them.

use std::collections::HashMap;

use drs_tui::api::Job;
use drs_tui::demo::{self, DemoConfig, DemoServer, project_id_of};

/// The regions of the three-project demo.
pub const REGIONS: [&str; 3] = ["cn-north-4", "cn-east-3", "ap-southeast-1"];

/// `HUAWEICLOUD_SDK_REGION_DRS_*` for each of [`REGIONS`], all at `server`; with the demo's
/// token when `token` is set.
pub fn region_env(server: &DemoServer, token: bool) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = REGIONS
        .iter()
        .map(|r| {
            (
                drs_tui::api::endpoint::region_override_var(r),
                server.base_url(),
            )
        })
        .collect();
    if token {
        vars.push(("DRS_TUI_TOKEN".to_string(), demo::DEMO_TOKEN.to_string()));
    }
    vars
}

/// A demo service with a project of `jobs` jobs in each of [`REGIONS`], meeting the faults of
/// `faults` (none when empty).
pub async fn three_projects(jobs: usize, faults: &str) -> DemoServer {
    super::server_with(DemoConfig {
        jobs,
        projects: REGIONS.iter().map(|r| r.to_string()).collect(),
        faults: super::service::faults(faults),
        ..DemoConfig::default()
    })
    .await
}

/// The environment `config::resolve` sees: `pairs`, and an SDK credentials file that does not
/// exist (so that the machine's own is never read).
pub fn settings_env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .chain([(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE".to_string(),
            "/nonexistent".to_string(),
        )])
        .collect()
}

/// `--iam-endpoint URL --region cn-north-4 --regions all`: IAM at `server`, every project.
pub fn all_regions_args(server: &DemoServer) -> [String; 6] {
    [
        "--iam-endpoint".into(),
        server.base_url(),
        "--region".into(),
        REGIONS[0].into(),
        "--regions".into(),
        "all".into(),
    ]
}

/// Top-level jobs of one region's project.
pub fn jobs_of(server: &DemoServer, region: &str) -> Vec<Job> {
    match server.state.regional(&project_id_of(region)) {
        Some(s) => s.with_jobs(|jobs| jobs.to_vec()),
        None => server.state.with_jobs(|jobs| jobs.to_vec()),
    }
}
