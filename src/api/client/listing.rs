//! Listing jobs: every documented filter, every page (concurrently once the first page gives
//! `total_count`), the four job types at once, and servers that cap the page size lower.

use super::*;

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
    pub async fn list_jobs_streamed(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        on_page: &(dyn Fn(ListedPage) + Send + Sync),
    ) -> Result<HashSet<String>, Failure> {
        let limit = self.inner.config.page_size.max(1);
        let first = self.list_page(job_type, filter, 0, limit).await?;
        let total = first.value.total_count;
        let mut seen = HashSet::new();
        let step = first.value.jobs.len() as u64;
        let deliver =
            |seen: &mut HashSet<String>, offset: u64, total_count: u64, jobs: Vec<Job>| {
                let mut jobs = jobs;
                jobs.retain(|j| seen.insert(j.id.clone()));
                on_page(ListedPage {
                    job_type,
                    offset,
                    total_count,
                    jobs,
                });
            };
        deliver(&mut seen, 0, total, first.value.jobs);
        if step == 0 || step >= total {
            return Ok(seen);
        }
        // The server may cap pages below `limit`: page by what it actually returned.
        let step_limit = step.min(u64::from(limit)) as u32;
        let mut offsets: Vec<u64> = (1..).map(|i| i * step).take_while(|o| *o < total).collect();
        offsets.reverse();
        let mut pending = FuturesUnordered::new();
        let mut short_pages = Vec::new();
        loop {
            while pending.len() < LIST_CONCURRENCY {
                let Some(offset) = offsets.pop() else { break };
                let this = self.clone();
                let filter = filter.clone();
                pending.push(async move {
                    let r = this.list_page(job_type, &filter, offset, step_limit).await;
                    (offset, r)
                });
            }
            let Some((offset, result)) = pending.next().await else {
                break;
            };
            let value = result?.value;
            let expected = step.min(total.saturating_sub(offset));
            if (value.jobs.len() as u64) < expected && !value.jobs.is_empty() {
                short_pages.push(offset + value.jobs.len() as u64);
            }
            deliver(&mut seen, offset, value.total_count, value.jobs);
        }
        // A page shorter than planned (a lower cap on a later page): fetch what it left out.
        for mut offset in short_pages {
            let end = (offset / step + 1) * step;
            while offset < end.min(total) {
                let value = self
                    .list_page(job_type, filter, offset, step_limit)
                    .await?
                    .value;
                if value.jobs.is_empty() {
                    break;
                }
                offset += value.jobs.len() as u64;
                deliver(&mut seen, offset, value.total_count, value.jobs);
            }
        }
        Ok(seen)
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
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
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
