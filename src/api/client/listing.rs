//! Listing jobs: every documented filter, every page (concurrently once the first page gives
//! `total_count`), the four job types at once, and servers that cap the page size lower.

use std::sync::atomic::Ordering;

use futures::StreamExt;
use futures::stream::FuturesOrdered;

use super::*;

/// The largest `total_count` passed on in [`ListedPage`]: enough for any account, and four of
/// them still add up without overflow.
pub const MAX_REPORTED_TOTAL: u64 = 1 << 40;

/// Page sizes tried in turn when the service refuses one.
const PAGE_SIZE_STEPS: [u32; 2] = [100, 10];

/// The next smaller page size to try after `limit` was refused, if any.
fn smaller_page(limit: u32) -> Option<u32> {
    PAGE_SIZE_STEPS.into_iter().find(|s| *s < limit)
}

/// Whether a failure is the service refusing the page size: a 400 that names `limit`
/// (`DRS.M00211` "page exceeds the upper limit", or any 400 message mentioning it).
fn refuses_limit(f: &Failure) -> bool {
    f.error.api().is_some_and(|a| {
        a.http_status == 400
            && (a.error_code == "DRS.M00211" || a.error_msg.to_ascii_lowercase().contains("limit"))
    })
}

/// Filters for listing jobs (every documented query parameter but paging and `job_type`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// Job ids or a name (up to 10 ids, comma-separated).
    pub name: Option<String>,
    /// One status value.
    pub status: Option<String>,
    /// Engine type.
    pub engine_type: Option<String>,
    /// `eip`, `vpc` or `vpn`.
    pub net_type: Option<String>,
    /// Enterprise project.
    pub enterprise_project_id: Option<String>,
    /// Sort key (`name`, `status`, `create_time`, …).
    pub sort_key: Option<String>,
    /// `asc` or `desc`.
    pub sort_dir: Option<String>,
    /// DB instance ids (at most 10), sent as repeated keys.
    pub instance_ids: Vec<String>,
    /// DB instance IP.
    pub instance_ip: Option<String>,
}

impl ListFilter {
    fn query(&self, job_type: JobType, offset: u64, limit: u32) -> Vec<(String, String)> {
        let mut q = vec![
            ("job_type".to_string(), job_type.as_str().to_string()),
            ("offset".to_string(), offset.to_string()),
            ("limit".to_string(), limit.to_string()),
        ];
        let opts = [
            ("name", &self.name),
            ("status", &self.status),
            ("engine_type", &self.engine_type),
            ("net_type", &self.net_type),
            ("enterprise_project_id", &self.enterprise_project_id),
            ("sort_key", &self.sort_key),
            ("sort_dir", &self.sort_dir),
            ("instance_ip", &self.instance_ip),
        ];
        for (k, v) in opts {
            if let Some(v) = v {
                q.push((k.to_string(), v.clone()));
            }
        }
        for id in &self.instance_ids {
            q.push(("instance_ids".to_string(), id.clone()));
        }
        q
    }
}

/// One page as it arrives while listing, for showing rows before the last page.
#[derive(Debug, Clone)]
pub struct ListedPage {
    /// The job type listed.
    pub job_type: JobType,
    /// The page's offset.
    pub offset: u64,
    /// The server's `total_count` for this job type.
    pub total_count: u64,
    /// Jobs on this page.
    pub jobs: Vec<Job>,
}

impl DrsClient {
    /// Lists every job of one type, all pages; `on_page` sees each page as it arrives. Returns
    /// them all (first occurrence of each id); see [`DrsClient::list_jobs_streamed`] to keep
    /// only one copy.
    pub async fn list_jobs(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        on_page: &(dyn Fn(&ListedPage) + Send + Sync),
    ) -> Result<Vec<Job>, Failure> {
        let all = std::sync::Mutex::new(Vec::new());
        self.list_jobs_streamed(job_type, filter, &|page: ListedPage| {
            on_page(&page);
            all.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(page.jobs);
        })
        .await?;
        Ok(all
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Lists every job of one type, all pages, handing each page to `on_page` by value as it
    /// arrives (a job already seen on an earlier page is left out); nothing is accumulated.
    /// Returns the ids seen, for the caller to drop jobs that no longer exist.
    ///
    /// Nothing the server says sizes memory: pages are asked for until a short or empty one,
    /// `total_count` only decides whether up to [`LIST_CONCURRENCY`] pages are requested ahead
    /// (and whether a short page is the last one), so a huge, negative or non-numeric count
    /// changes nothing but that hint.
    pub async fn list_jobs_streamed(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        on_page: &(dyn Fn(ListedPage) + Send + Sync),
    ) -> Result<HashSet<String>, Failure> {
        let (first, limit) = self.first_page(job_type, filter).await?;
        let hint = first.value.total_count;
        let mut seen = HashSet::new();
        // Returns how many jobs of the page were new.
        let deliver =
            |seen: &mut HashSet<String>, offset: u64, total_count: u64, jobs: Vec<Job>| {
                let mut jobs = jobs;
                jobs.retain(|j| seen.insert(j.id.clone()));
                let new = jobs.len();
                on_page(ListedPage {
                    job_type,
                    offset,
                    total_count: total_count.min(MAX_REPORTED_TOTAL),
                    jobs,
                });
                new
            };
        let got = first.value.jobs.len() as u64;
        deliver(&mut seen, 0, hint, first.value.jobs);
        // A first page shorter than asked is the whole list, unless the count says the server
        // caps pages lower than `limit`: then its page size is what it returned.
        if got == 0 || (got < u64::from(limit) && hint <= got) {
            return Ok(seen);
        }
        let mut step = got;
        let mut next = got;
        let mut pending = FuturesOrdered::new();
        loop {
            // Ahead only while the count says there is more; one page at a time past it.
            while pending.len() < LIST_CONCURRENCY && (pending.is_empty() || next < hint) {
                let this = self.clone();
                let filter = filter.clone();
                let (offset, size) = (next, u32::try_from(step).unwrap_or(limit));
                pending.push_back(async move {
                    (
                        offset,
                        this.list_page(job_type, &filter, offset, size).await,
                    )
                });
                next = next.saturating_add(step);
            }
            let Some((offset, result)) = pending.next().await else {
                break;
            };
            let value = result?.value;
            let n = value.jobs.len() as u64;
            let new = deliver(&mut seen, offset, value.total_count, value.jobs);
            if n == 0 {
                break;
            }
            if new == 0 {
                // A server that ignores `offset` would otherwise be paged forever.
                tracing::warn!(
                    ?job_type,
                    offset,
                    "a list page held only jobs already listed; stopping"
                );
                break;
            }
            if n < step {
                if offset.saturating_add(n) >= hint {
                    break;
                }
                // A lower cap on a later page: go on right after it, with its size; pages
                // already asked for at the old size are dropped.
                step = n;
                next = offset + n;
                pending = FuturesOrdered::new();
            }
        }
        Ok(seen)
    }

    /// The first page, at the page size that works for this endpoint: a 400 that names
    /// `limit` makes it try the next smaller size (1000 → 100 → 10) and remember it.
    async fn first_page(
        &self,
        job_type: JobType,
        filter: &ListFilter,
    ) -> Result<(Answer<ListJobsResponse>, u32), Failure> {
        loop {
            let limit = self.inner.page_limit.load(Ordering::Acquire).max(1);
            match self.list_page(job_type, filter, 0, limit).await {
                Ok(a) => return Ok((a, limit)),
                Err(f) if refuses_limit(&f) => {
                    let Some(smaller) = smaller_page(limit) else {
                        return Err(f);
                    };
                    // Another job type may have stepped down already: keep the smallest.
                    let _ = self.inner.page_limit.fetch_min(smaller, Ordering::AcqRel);
                    tracing::warn!(
                        endpoint = %self.inner.config.endpoint,
                        refused = limit,
                        next = smaller,
                        error = %f.error,
                        "the service refused the list page size; using smaller pages for this endpoint"
                    );
                }
                Err(f) => return Err(f),
            }
        }
    }

    /// Lists the given job types concurrently (all four for "all jobs") and merges them.
    pub async fn list_all(
        &self,
        types: &[JobType],
        filter: &ListFilter,
        on_page: &(dyn Fn(&ListedPage) + Send + Sync),
    ) -> Result<Vec<Job>, Failure> {
        let results =
            futures::future::join_all(types.iter().map(|t| self.list_jobs(*t, filter, on_page)))
                .await;
        // The service may list one job under several job types: each job once.
        let mut seen = HashSet::new();
        let mut all = Vec::new();
        for r in results {
            all.extend(r?.into_iter().filter(|j| seen.insert(j.id.clone())));
        }
        Ok(all)
    }

    /// [`DrsClient::list_all`] without accumulating: each page goes to `on_page` by value, and
    /// the ids seen (over every type) are returned. The TUI lists this way so that only one copy
    /// of the jobs exists at any time.
    pub async fn list_all_streamed(
        &self,
        types: &[JobType],
        filter: &ListFilter,
        on_page: &(dyn Fn(ListedPage) + Send + Sync),
    ) -> Result<HashSet<String>, Failure> {
        let results = futures::future::join_all(
            types
                .iter()
                .map(|t| self.list_jobs_streamed(*t, filter, on_page)),
        )
        .await;
        let mut ids = HashSet::new();
        for r in results {
            let r = r?;
            if ids.is_empty() {
                ids = r;
            } else {
                ids.extend(r);
            }
        }
        Ok(ids)
    }

    /// One page of `GET /v5/{project_id}/jobs`.
    pub async fn list_page(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        offset: u64,
        limit: u32,
    ) -> Result<Answer<ListJobsResponse>, Failure> {
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::GET,
            segments: vec!["v5", &project, "jobs"],
            query: filter.query(job_type, offset, limit),
            body: None,
        };
        self.call_json(req, Idempotency::Read).await
    }
}
