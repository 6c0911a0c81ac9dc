//! The TUI's `:region`, `:project` and `:profile`: each builds the new scope through the same
//! code as the start ([`Session::resolve_scope`]), as if the command line had said it, and
//! prints nothing. The scope set it returns says which profile is in force and whether it is
//! read-only, so the screen shows the scope in force, not the one the run started with.

use std::sync::{Arc, Mutex};

use url::Url;

use crate::api::{DrsClient, RegionsSpec, Scope, ScopeId, ScopeRequest, ScopeSet};
use crate::config::FlagValues;

use super::{Session, build_client, describe_set, scopes::resolve_scopes};

/// A future that resolves a [`ScopeRequest`] into the projects to cover.
pub type ScopeFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<ScopeSet, String>> + Send>>;

/// Builds a [`ScopeSet`] for `Effect::SetScope`.
pub type ScopeResolver = Arc<dyn Fn(ScopeRequest) -> ScopeFuture + Send + Sync>;

/// The scope the TUI is in: the flags it was last built from and the client of its
/// credentials (reused while the profile stays, so a password is not sent again).
struct Current {
    flags: FlagValues,
    client: DrsClient,
}

/// The resolver of a TUI session. `base` is the client of the starting scope; `demo` the
/// in-process demo service's address.
pub fn scope_resolver(session: Arc<Session>, base: DrsClient, demo: Option<Url>) -> ScopeResolver {
    let current = Arc::new(Mutex::new(Current {
        flags: session.global.flag_values(),
        client: base,
    }));
    Arc::new(move |request: ScopeRequest| {
        let session = session.clone();
        let current = current.clone();
        let demo = demo.clone();
        Box::pin(async move { switch(&session, &current, demo.as_ref(), request).await })
            as ScopeFuture
    })
}

async fn switch(
    session: &Session,
    current: &Mutex<Current>,
    demo: Option<&Url>,
    request: ScopeRequest,
) -> Result<ScopeSet, String> {
    let (mut flags, old_client) = {
        let c = current
            .lock()
            .map_err(|_| "scope state poisoned".to_owned())?;
        (c.flags.clone(), c.client.clone())
    };
    let same_credentials = match &request {
        ScopeRequest::Regions(spec) => {
            flags.regions = Some(spec.to_string());
            true
        }
        // At the user's own endpoint: that project there. Otherwise any project of the
        // account: the region table's endpoints (and overrides) are the candidates, the IAM
        // answer picks the one project.
        ScopeRequest::Project(p) => {
            let (settings, _) = session.resolve_scope(&flags, demo).map_err(|f| f.message)?;
            if demo.is_none() && super::custom_endpoint(&settings) && settings.regions.is_none() {
                flags.project_id = Some(p.clone());
            } else {
                flags.regions = Some("all".into());
            }
            true
        }
        ScopeRequest::Profile(name) => {
            if demo.is_some() {
                return Err(crate::tr!(SwitchDemoNoProfiles).into());
            }
            flags.profile = Some(name.clone());
            false
        }
    };
    let (settings, targets) = session.resolve_scope(&flags, demo).map_err(|f| f.message)?;
    let client = if same_credentials {
        old_client
    } else {
        build_client(&settings, None).map_err(|f| f.message)?
    };
    let mut set = match (&request, &settings.regions) {
        (ScopeRequest::Project(p), Some(_)) => {
            let spec = RegionsSpec::List(vec![p.clone()]);
            let mut set = resolve_scopes(&client, &spec, &targets).await?;
            // Exactly that project, not its sub-projects.
            set.clients
                .retain(|(id, _)| id.project_id() == *p || id.label() == *p);
            set.label = p.clone();
            set
        }
        (_, Some(spec)) => resolve_scopes(&client, spec, &targets).await?,
        (ScopeRequest::Project(p), None) => {
            // Same credentials, another project: a client of its own (its token, its path).
            let mut set =
                one_project(&client.for_project(settings.endpoint.clone(), p), &settings).await?;
            set.label = p.clone();
            set
        }
        (_, None) => one_project(&client, &settings).await?,
    };
    describe_set(&mut set, &settings);
    if let Ok(mut c) = current.lock() {
        // `:project` stays a view of the flags' regions: the next `:region` starts from them.
        if !matches!(request, ScopeRequest::Project(_)) {
            c.flags = flags;
        }
        c.client = client;
    }
    Ok(set)
}

/// The one project of settings without `--regions`.
async fn one_project(
    client: &DrsClient,
    settings: &crate::config::Settings,
) -> Result<ScopeSet, String> {
    let project_id = client.project_id().await.map_err(|e| e.to_string())?;
    let scope = ScopeId::intern(Scope {
        region: settings.region.clone().unwrap_or_default(),
        project_id: project_id.clone(),
        project_name: settings.region.clone().unwrap_or(project_id),
        endpoint: super::audit_context(settings).endpoint,
    });
    Ok(ScopeSet {
        clients: vec![(scope, client.clone())],
        ..ScopeSet::default()
    })
}
