//! `--regions`: which projects to cover, found through IAM, each with its own client.

use crate::api::scope::region_of_project;
use crate::api::{DrsClient, RegionsSpec, Scope, ScopeId, ScopeSet};

use super::CredentialTargets;

/// The projects `spec` covers, each with a client for its region's endpoint and its project
/// (`base` answers the IAM listing and lends its credentials and connections). Each region's
/// endpoint comes from `targets`, the session's set of endpoints credentials may go to: a
/// project IAM lists in a region the set does not cover is skipped, never given an endpoint
/// derived from the server's answer.
///
/// IAM lists projects with `GET /v3/projects` (AK/SK) or `GET /v3/auth/projects` (tokens).
/// Disabled projects and names that are no region (e.g. `MOS`) are skipped; a listed name
/// IAM does not have is an error, so a typo is not silently an empty table.
pub async fn resolve_scopes(
    base: &DrsClient,
    spec: &RegionsSpec,
    targets: &CredentialTargets,
) -> Result<ScopeSet, String> {
    let iam = base.config().iam_endpoint.to_string();
    let projects = base
        .iam_projects(None)
        .await
        .map_err(|e| crate::tr!(RegionsListFailed, iam, spec, e))?;
    let spec = &match spec {
        // `:project ID`: a project id is matched to its name here.
        RegionsSpec::List(l) => RegionsSpec::List(
            l.iter()
                .map(|n| {
                    projects
                        .iter()
                        .find(|p| &p.id == n)
                        .map_or_else(|| n.clone(), |p| p.name.clone())
                })
                .collect(),
        ),
        RegionsSpec::All => RegionsSpec::All,
    };
    check_listed(spec, &projects, &iam)?;
    let mut clients = Vec::new();
    let mut account = Vec::new();
    for p in projects.iter().filter(|p| p.enabled) {
        let Some(region) = region_of_project(&p.name) else {
            continue;
        };
        let Some(endpoint) = targets.region_endpoint(region).cloned() else {
            if spec.covers(&p.name) {
                tracing::warn!(project = %p.name, "a project in a region outside the session's endpoints is skipped");
            }
            continue;
        };
        let scope = ScopeId::intern(Scope {
            region: region.to_owned(),
            project_id: p.id.clone(),
            project_name: p.name.clone(),
            endpoint: endpoint.to_string(),
        });
        // Every project the switch could reach: what `:region`/`:project` complete from.
        account.push(scope);
        if spec.covers(&p.name) {
            clients.push((scope, base.for_project(endpoint, &p.id)));
        }
    }
    account.sort_by_key(|id| id.label());
    if clients.is_empty() {
        return Err(crate::tr!(RegionsNoProject, iam, spec));
    }
    clients.sort_by_key(|(id, _)| id.label());
    let n = clients.len();
    let label = match spec {
        RegionsSpec::All => crate::tr!(ScopeAll, n),
        RegionsSpec::List(l) if n == l.len() => l.join(","),
        RegionsSpec::List(l) => crate::tr!(ScopeSome, l.join(","), n),
    };
    Ok(ScopeSet {
        label,
        clients,
        in_force: crate::api::ScopeInForce {
            account,
            ..Default::default()
        },
    })
}

/// A `--regions` name IAM does not have is an error naming the ones it has, so a typo is not
/// silently an empty table.
fn check_listed(
    spec: &RegionsSpec,
    projects: &[crate::api::IamProject],
    iam: &str,
) -> Result<(), String> {
    if let RegionsSpec::List(names) = spec
        && let Some(missing) = names
            .iter()
            .find(|n| !projects.iter().any(|p| spec_name_matches(n, &p.name)))
    {
        let known: Vec<&str> = projects
            .iter()
            .filter(|p| region_of_project(&p.name).is_some())
            .map(|p| p.name.as_str())
            .collect();
        let known = if known.is_empty() {
            crate::tr!(RegionsNoneListed).to_string()
        } else {
            known.join(", ")
        };
        return Err(crate::tr!(
            RegionsNoSuchProject,
            iam,
            format!("{missing:?}"),
            known
        ));
    }
    Ok(())
}

fn spec_name_matches(wanted: &str, name: &str) -> bool {
    RegionsSpec::List(vec![wanted.to_owned()]).covers(name)
}
