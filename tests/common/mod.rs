//! Shared helpers for integration tests: a demo service on 127.0.0.1:0 and clients for it.
#![allow(dead_code)]

use std::time::Duration;

use drs_tui::api::{
    Authenticator, ClientConfig, Credentials, DrsClient, ProjectScope, RetryPolicy,
};
use drs_tui::demo::{self, DemoConfig, DemoServer};
use drs_tui::secret::Secret;
use url::Url;

/// A demo service with `jobs` jobs, a short stop delay and fast retries.
pub async fn server(jobs: usize) -> DemoServer {
    server_with(DemoConfig {
        jobs,
        stop_delay: Duration::from_millis(200),
        ..DemoConfig::default()
    })
    .await
}

/// A demo service with this configuration.
pub async fn server_with(config: DemoConfig) -> DemoServer {
    DemoServer::start(config).await.expect("demo server starts")
}

/// Fast retries so fault tests stay quick.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
    }
}

/// Client configuration for the server.
pub fn config(server: &DemoServer) -> ClientConfig {
    let url = Url::parse(&server.base_url()).expect("url");
    ClientConfig {
        endpoint: url.clone(),
        iam_endpoint: url,
        project_id: Some(demo::DEMO_PROJECT_ID.to_string()),
        language: None,
        read_only: false,
        page_size: 1000,
        body_limit: 8 * 1024 * 1024,
        retry: fast_retry(),
        ca_bundles: Vec::new(),
        proxies: Default::default(),
    }
}

/// A client with these credentials.
pub fn client_with(server: &DemoServer, config: ClientConfig, creds: Credentials) -> DrsClient {
    let scope = match &config.project_id {
        Some(p) => ProjectScope::Id(p.clone()),
        None => ProjectScope::Name(demo::DEMO_REGION.to_string()),
    };
    let auth = Authenticator::new(creds, config.iam_endpoint.clone(), scope);
    let _ = server;
    DrsClient::new(config, auth, None).expect("client")
}

/// A client using the demo token.
pub fn token_client(server: &DemoServer) -> DrsClient {
    service::token_client_with(server, config(server))
}

/// The demo IAM user with this password (password login).
pub fn iam_password(password: &str) -> Credentials {
    Credentials::IamPassword {
        user: demo::DEMO_IAM_USER.into(),
        password: Secret::new(password),
        domain: demo::DEMO_IAM_DOMAIN.into(),
    }
}

/// A client signing with the demo AK/SK.
pub fn aksk_client(server: &DemoServer) -> DrsClient {
    service::aksk_client_sk(server, demo::DEMO_SK)
}

/// The first job satisfying `pred`.
pub fn find_job(
    server: &DemoServer,
    pred: impl Fn(&drs_tui::api::Job) -> bool,
) -> drs_tui::api::Job {
    server
        .state
        .with_jobs(|jobs| jobs.iter().find(|j| pred(j)).cloned())
        .expect("the seeded jobs include one that matches")
}
/// The statuses the service answered the DELETEs of job `id` with, in order.
pub fn deletes_received(server: &DemoServer, id: &str) -> Vec<u16> {
    server
        .state
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE" && r.job_id.as_deref() == Some(id))
        .map(|r| r.status)
        .collect()
}

pub mod bin;
pub mod pty;
pub mod regions;
pub mod service;
