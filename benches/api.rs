//! Client-side costs: parsing a 1,000-job list page and signing a request.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drs_tui::api::model::{ListJobsResponse, parse_json};
use drs_tui::api::signer::{SignInput, sign};
use drs_tui::demo::seed_jobs;

fn parse_page(c: &mut Criterion) {
    let jobs = seed_jobs(1000, 7);
    let page = ListJobsResponse {
        total_count: 100_000,
        jobs: jobs.into_iter().take(1000).collect(),
    };
    let body = serde_json::to_vec(&page).expect("serialises");
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("list_page_1000_jobs", |b| {
        b.iter(|| {
            let p: ListJobsResponse = parse_json(black_box(&body)).expect("parses");
            black_box(p.jobs.len())
        })
    });
    g.finish();
}

fn sign_request(c: &mut Criterion) {
    let query = vec![
        ("job_type".to_string(), "sync".to_string()),
        ("limit".to_string(), "1000".to_string()),
        ("offset".to_string(), "2000".to_string()),
    ];
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        (
            "Host".to_string(),
            "drs.cn-north-4.myhuaweicloud.com".to_string(),
        ),
        (
            "X-Project-Id".to_string(),
            "0123456789abcdef0123456789abcdef".to_string(),
        ),
        ("X-Sdk-Date".to_string(), "20240102T030405Z".to_string()),
    ];
    c.bench_function("sign/list_request", |b| {
        b.iter(|| {
            let s = sign(
                black_box(&SignInput {
                    method: "GET",
                    path: "/v5/0123456789abcdef0123456789abcdef/jobs",
                    query: &query,
                    headers: &headers,
                    body: b"",
                }),
                "AKFAKEEXAMPLE0000001",
                b"fakeSecretKeyForTestsOnly0000000000000000",
            );
            black_box(s.authorization.len())
        })
    });
}

criterion_group!(benches, parse_page, sign_request);
criterion_main!(benches);
