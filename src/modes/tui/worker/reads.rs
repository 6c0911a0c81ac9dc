//! Reads the app asks for: a job's detail and its progress or log, each from the project the
//! job lives in.

use std::sync::Arc;

use crate::api::Job;
use crate::app::{Msg, StoryKind};

use super::Worker;

impl Worker {
    /// `Effect::ShowJob`: the job's detail, as `DetailLoaded` or `DetailFailed`.
    pub(super) fn spawn_show(&self, job: Arc<Job>) {
        let w = self.clone();
        tokio::spawn(async move {
            let job_id = job.id.clone();
            let answer = match w.client_of(job.scope) {
                Ok(client) => client
                    .show_job(&job_id, None)
                    .await
                    .map_err(|f| f.to_string()),
                Err(why) => Err(why),
            };
            let msg = match answer {
                Ok(a) => Msg::DetailLoaded {
                    job_id,
                    detail: a.value.job,
                },
                Err(error) => Msg::DetailFailed { job_id, error },
            };
            w.send(msg);
        });
    }

    /// `Effect::ShowStory`: a page of the job's progress or log, as `StoryLoaded` or
    /// `StoryFailed`.
    pub(super) fn spawn_story(&self, job: Arc<Job>, kind: StoryKind, offset: u64, limit: u64) {
        let w = self.clone();
        tokio::spawn(async move {
            let job_id = job.id.clone();
            let answer = match w.client_of(job.scope) {
                Ok(client) => client
                    .show_job_page(&job_id, kind.as_str(), offset, limit)
                    .await
                    .map_err(|f| f.to_string()),
                Err(why) => Err(why),
            };
            w.send(match answer {
                Ok(a) => Msg::StoryLoaded {
                    job_id,
                    kind,
                    offset,
                    total: a.value.job.get("total_count").and_then(|v| v.as_u64()),
                    detail: a.value.job,
                },
                Err(error) => Msg::StoryFailed {
                    job_id,
                    kind,
                    error,
                },
            });
        });
    }
}
