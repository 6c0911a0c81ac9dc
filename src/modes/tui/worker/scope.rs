//! Switching the scope at run time (`:region`, `:project`, `:profile`): the new projects are
//! resolved, the old scope's listing is cancelled, and only then does the app hear of the
//! switch (and list again).

use crate::api::ScopeRequest;
use crate::app::Msg;

use super::Worker;

impl Worker {
    /// `Effect::SetScope`: resolves the request, ends the listing of the old scope, then covers
    /// the new projects. A failed resolution changes nothing (the listing goes on).
    pub(super) async fn set_scope(&self, request: ScopeRequest) {
        let Some(resolver) = self.resolver.clone() else {
            self.send(Msg::ScopeFailed {
                error: "switching the scope is not available here".into(),
            });
            return;
        };
        match resolver(request).await {
            Ok(set) => {
                // The old listing's requests end here: none is sent once the switch is told.
                self.end_listing().await;
                let scopes = set.clients.iter().map(|(id, _)| *id).collect();
                let label = set.label.clone();
                let in_force = set.in_force.clone();
                self.cover(set);
                self.send(Msg::ScopesSet {
                    scopes,
                    label,
                    in_force,
                });
            }
            Err(error) => self.send(Msg::ScopeFailed { error }),
        }
    }
}
