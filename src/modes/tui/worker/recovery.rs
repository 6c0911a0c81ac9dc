//! The worker's part in ending writes on record: abandoning answers at the end of the shutdown
//! grace period, and settling the unsettled writes of earlier runs when the user asks (`U`).

use crate::app::{Msg, SettledWrite};
use crate::ops::SettleTarget;

use super::Worker;

impl Worker {
    /// Every project in view, for `U`: an unsettled write sent to one of them is re-read there.
    fn settle_targets(&self) -> Vec<SettleTarget> {
        self.scope_set()
            .clients
            .iter()
            .filter_map(|(id, client)| {
                let scope = id.get()?;
                Some(SettleTarget {
                    endpoint: scope.endpoint.clone(),
                    project_id: Some(scope.project_id.clone()),
                    client: client.clone(),
                })
            })
            .collect()
    }

    /// The shutdown grace period is over: writes still waiting for an answer end
    /// `interrupted` (their outcomes are recorded and reported as usual).
    pub fn abandon(&self) {
        if let Ok(w) = &self.writer {
            w.abandon();
        }
    }

    /// Re-reads the jobs of unsettled writes of earlier runs and records the outcomes; reports
    /// them as `Msg::Settled`, with the outcomes the audit log refused.
    pub(super) fn spawn_settle(&self) {
        let w = self.clone();
        tokio::spawn(async move {
            let at = w.now();
            let msg = match &w.writer {
                Err(why) => Msg::Settled {
                    writes: Vec::new(),
                    elsewhere: 0,
                    too_young: 0,
                    unrecorded: Vec::new(),
                    error: Some(format!("writes are disabled ({why})")),
                    at,
                },
                Ok(writer) => match writer.settle_unsettled(&w.settle_targets()).await {
                    Err(e) => Msg::Settled {
                        writes: Vec::new(),
                        elsewhere: 0,
                        too_young: 0,
                        unrecorded: Vec::new(),
                        error: Some(e),
                        at,
                    },
                    Ok(report) => {
                        let writes = report
                            .settled
                            .into_iter()
                            .map(|(intent, outcome)| SettledWrite {
                                verb: if intent.action == "delete" {
                                    "DELETE"
                                } else {
                                    "STOP"
                                },
                                id: intent.job_id,
                                name: intent.name,
                                text: outcome.result.unwrap_or_default(),
                                settled: outcome.settled_by.as_deref() == Some("re-read"),
                                place: place_of(intent.context.as_ref()),
                            })
                            .collect();
                        Msg::Settled {
                            writes,
                            elsewhere: report.elsewhere,
                            too_young: report.too_young,
                            unrecorded: report.unrecorded,
                            error: None,
                            at: w.now(),
                        }
                    }
                },
            };
            w.send(msg);
        });
    }
}

/// Where an earlier run's intent says its write went (cleaned: the audit file is text from
/// disk).
fn place_of(context: Option<&crate::audit::AuditContext>) -> crate::app::outcomes::Place {
    let clean = crate::sanitize::clean;
    context.map_or_else(Default::default, |c| crate::app::outcomes::Place {
        region: clean(c.region.as_deref().unwrap_or_default()),
        project: String::new(),
        project_id: clean(c.project_id.as_deref().unwrap_or_default()),
        endpoint: clean(&c.endpoint),
    })
}
