//! Listing several projects costs about one project's time (issue 11): 10 projects of 1,000
//! jobs each, every `/v5` request answered after 20 ms, against one project of 1,000 jobs.
//! Projects are listed concurrently, each one's pages concurrently as for a single project.
//! Numbers in the README ("Several regions").

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use drs_tui::api::{
    Authenticator, ClientConfig, Credentials, DrsClient, JobType, ListFilter, ProjectScope,
    RegionsSpec, RetryPolicy,
};
use drs_tui::demo::{self, DemoConfig, DemoServer};
use drs_tui::secret::Secret;
use drs_tui::session::scopes::resolve_scopes;

const REGIONS: [&str; 10] = [
    "cn-north-4",
    "cn-east-3",
    "ap-southeast-1",
    "cn-south-1",
    "cn-north-1",
    "cn-east-2",
    "ap-southeast-2",
    "ap-southeast-3",
    "af-south-1",
    "sa-brazil-1",
];

/// Page size 250: each project's four job types take several pages, as a real listing does.
fn client(server: &DemoServer) -> DrsClient {
    let url = url::Url::parse(&server.base_url()).expect("url");
    let config = ClientConfig {
        endpoint: url.clone(),
        iam_endpoint: url.clone(),
        project_id: Some(demo::DEMO_PROJECT_ID.into()),
        language: None,
        read_only: true,
        page_size: 250,
        body_limit: 8 * 1024 * 1024,
        retry: RetryPolicy::default(),
        ca_bundles: Vec::new(),
        proxies: Default::default(),
    };
    let auth = Authenticator::new(
        Credentials::Token(Secret::new(demo::DEMO_TOKEN)),
        url,
        ProjectScope::Id(demo::DEMO_PROJECT_ID.into()),
    );
    DrsClient::new(config, auth, None).expect("client")
}

fn listing(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt
        .block_on(DemoServer::start(DemoConfig {
            jobs: 1000,
            latency: Duration::from_millis(20),
            projects: REGIONS.iter().map(|r| r.to_string()).collect(),
            ..DemoConfig::default()
        }))
        .expect("demo server");
    let base = client(&server);
    let url = server.base_url();
    let getenv =
        drs_tui::session::CredentialTargets::demo_at(&url::Url::parse(&url).expect("demo url"));
    let all = rt
        .block_on(resolve_scopes(&base, &RegionsSpec::All, &getenv))
        .expect("projects");
    assert_eq!(all.clients.len(), 10);
    let one = rt
        .block_on(resolve_scopes(
            &base,
            &RegionsSpec::List(vec!["cn-north-4".into()]),
            &getenv,
        ))
        .expect("one project");
    let mut g = c.benchmark_group("regions");
    g.sample_size(20);
    g.bench_function("list 1 project x 1000 jobs, 20 ms per request", |b| {
        b.iter(|| {
            let (jobs, failed) = rt.block_on(drs_tui::modes::jobs::scoped::list(
                &one,
                &JobType::ALL,
                &ListFilter::default(),
            ));
            assert!(failed.is_empty() && jobs.len() >= 1000);
        })
    });
    g.bench_function("list 10 projects x 1000 jobs, 20 ms per request", |b| {
        b.iter(|| {
            let (jobs, failed) = rt.block_on(drs_tui::modes::jobs::scoped::list(
                &all,
                &JobType::ALL,
                &ListFilter::default(),
            ));
            assert!(failed.is_empty() && jobs.len() >= 10_000);
        })
    });
    g.finish();
}

criterion_group!(benches, listing);
criterion_main!(benches);
