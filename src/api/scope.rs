//! Scopes: where a job lives (region, project, DRS endpoint) when drs-tui covers several
//! projects at once (`--regions`).
//!
//! A job carries only a [`ScopeId`], a two-byte index into a process-wide table of
//! [`Scope`]s: it fits in the padding `Job` already has, so 100,000 jobs of ten projects take
//! the memory of 100,000 jobs of one. `ScopeId::NONE` (the default) is "the one configured
//! project", as before `--regions` existed.
//!
//! The worker/app interface for scopes is here too: [`ScopeRequest`] (what `:region`,
//! `:project` and `:profile` ask the worker for), and [`ScopeListing`] (one project's listing
//! state, sent per project as `Msg::ScopeListing`).

use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

/// Where a job lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    /// Region id, e.g. `cn-east-3`.
    pub region: String,
    /// Project id (the path segment and `X-Project-Id`).
    pub project_id: String,
    /// Project name: the region for a region's default project, `<region>_<suffix>` for a
    /// sub-project.
    pub project_name: String,
    /// DRS endpoint of the region (no user info).
    pub endpoint: String,
}

impl Scope {
    /// Whether this is a sub-project (`cn-north-4_payments`), not the region's default one.
    pub fn is_subproject(&self) -> bool {
        self.project_name != self.region
    }

    /// How the scope reads in a strip or a message: the project name (which starts with the
    /// region).
    pub fn label(&self) -> &str {
        if self.project_name.is_empty() {
            &self.region
        } else {
            &self.project_name
        }
    }
}

/// A job's scope: an index into the process-wide scope table. Two bytes, `Copy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(u16);

/// The scopes seen, and their ids by scope (interning 10,000 projects must not compare each
/// with all the others). Entry 0 is never used: `ScopeId::NONE` means "the configured project".
#[derive(Default)]
struct Table {
    scopes: Vec<Arc<Scope>>,
    ids: std::collections::HashMap<Arc<Scope>, u16>,
}

static TABLE: std::sync::LazyLock<RwLock<Table>> =
    std::sync::LazyLock::new(|| RwLock::new(Table::default()));

impl ScopeId {
    /// No scope recorded: the job belongs to the one configured project.
    pub const NONE: ScopeId = ScopeId(0);

    /// The id of `scope`, adding it to the table on first sight. Equal scopes share an id.
    /// Past 65,535 distinct scopes (no account has that many projects) this returns `NONE`.
    pub fn intern(scope: Scope) -> ScopeId {
        if let Ok(t) = TABLE.read()
            && let Some(i) = t.ids.get(&scope)
        {
            return ScopeId(*i);
        }
        let Ok(mut t) = TABLE.write() else {
            return ScopeId::NONE;
        };
        if let Some(i) = t.ids.get(&scope) {
            return ScopeId(*i);
        }
        if t.scopes.len() >= usize::from(u16::MAX) {
            tracing::warn!("scope table full; a scope is not recorded");
            return ScopeId::NONE;
        }
        let scope = Arc::new(scope);
        t.scopes.push(scope.clone());
        let id = t.scopes.len() as u16;
        t.ids.insert(scope, id);
        ScopeId(id)
    }

    /// The scope, `None` for [`ScopeId::NONE`].
    pub fn get(self) -> Option<Arc<Scope>> {
        let i = usize::from(self.0).checked_sub(1)?;
        TABLE.read().ok()?.scopes.get(i).cloned()
    }

    /// Whether this is [`ScopeId::NONE`].
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// The region, empty for `NONE`.
    pub fn region(self) -> String {
        self.get().map(|s| s.region.clone()).unwrap_or_default()
    }

    /// The project id, empty for `NONE`.
    pub fn project_id(self) -> String {
        self.get().map(|s| s.project_id.clone()).unwrap_or_default()
    }

    /// The label ([`Scope::label`]), empty for `NONE`.
    pub fn label(self) -> String {
        self.get().map(|s| s.label().to_owned()).unwrap_or_default()
    }
}

/// Which projects to cover: `--regions`, the profile's `regions`, `DRS_TUI_REGIONS`, `:region`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionsSpec {
    /// Every project of the account whose name is a known region or `<region>_<suffix>`.
    All,
    /// These regions or project names (`cn-north-4`, `cn-north-4_payments`).
    List(Vec<String>),
}

impl RegionsSpec {
    /// Parses `all` or a comma-separated list; empty items are skipped.
    pub fn parse(s: &str) -> Result<RegionsSpec, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("all") {
            return Ok(RegionsSpec::All);
        }
        let list: Vec<String> = s
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        if list.is_empty() {
            return Err(crate::tr!(RegionsNeedsList).into());
        }
        if let Some(bad) = list.iter().find(|r| {
            !r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }) {
            return Err(crate::tr!(
                RegionsBadName,
                format!("{:?}", crate::sanitize::clean(bad))
            ));
        }
        Ok(RegionsSpec::List(list))
    }

    /// Whether an IAM project `name` is covered: for `All`, a known region or
    /// `<known region>_<suffix>`; for a list, a listed name, or a sub-project of a listed
    /// region.
    pub fn covers(&self, name: &str) -> bool {
        match self {
            RegionsSpec::All => region_of_project(name).is_some(),
            RegionsSpec::List(l) => l.iter().any(|r| {
                r == name
                    || name
                        .strip_prefix(r.as_str())
                        .is_some_and(|rest| rest.starts_with('_') && rest.len() > 1)
            }),
        }
    }
}

impl std::fmt::Display for RegionsSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegionsSpec::All => f.write_str("all"),
            RegionsSpec::List(l) => f.write_str(&l.join(",")),
        }
    }
}

/// The region of an IAM project name: the name itself when it is a known region, the part
/// before `_` for `<region>_<suffix>`; `None` for names such as `MOS`.
pub fn region_of_project(name: &str) -> Option<&str> {
    let known = |r: &str| super::endpoint::DRS_REGIONS.contains(&r);
    if known(name) {
        return Some(name);
    }
    let (region, suffix) = name.split_once('_')?;
    (known(region) && !suffix.is_empty()).then_some(region)
}

/// What the TUI's `:region`, `:project` and `:profile` commands ask the worker for
/// (`Effect::SetScope`). The worker answers `Msg::ScopesSet` (then the app lists again) or
/// `Msg::ScopeFailed` (the scope set is unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeRequest {
    /// `:region cn-east-3`, `:region cn-north-4,cn-east-3`, `:region all`.
    Regions(RegionsSpec),
    /// `:project ID`: one project, by id or by name, among the account's projects.
    Project(String),
    /// `:profile NAME`: another profile of the config file (credentials, region(s), endpoint).
    Profile(String),
}

/// One project's listing state, as `Msg::ScopeListing` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeListing {
    /// Pages are being fetched.
    Listing,
    /// Listed completely: this many jobs.
    Listed {
        /// Jobs listed.
        jobs: u64,
    },
    /// The listing failed (the other projects list on); why, as the status line says it.
    Failed(String),
}

/// The projects a worker covers (`--regions`), each with its own client (its endpoint, its
/// project id, its token for a password login).
#[derive(Clone, Default)]
pub struct ScopeSet {
    /// How the header names it (`all (3 projects)`).
    pub label: String,
    /// One client per project, in listing order. Empty: the worker's own client only.
    pub clients: Vec<(ScopeId, crate::api::DrsClient)>,
    /// The settings these clients were made with, as the screen shows them.
    pub in_force: ScopeInForce,
}

/// What the screen says about the scope in force: which profile, whether writes are refused,
/// and what building it found worth saying. Sent with every scope switch, so the header,
/// footer, badge and write keys show the scope the clients are in, never the start's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeInForce {
    /// The profile these clients were made for (`None`: flags and environment only).
    pub profile: Option<String>,
    /// Writes are refused in this scope (its clients refuse them too).
    pub read_only: bool,
    /// The endpoint is the user's own (`--endpoint`, a profile's `endpoint`), not a region's.
    pub custom_endpoint: bool,
    /// What building the scope found worth saying (shown in the status line).
    pub warnings: Vec<String>,
    /// The account's projects IAM listed while building the scope (empty when it was not
    /// asked): those in regions the session may send credentials to, in name order.
    pub account: Vec<ScopeId>,
}

impl std::fmt::Debug for ScopeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScopeSet")
            .field("label", &self.label)
            .field("scopes", &self.clients.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(region: &str, name: &str) -> Scope {
        Scope {
            region: region.into(),
            project_id: format!("id-{name}"),
            project_name: name.into(),
            endpoint: format!("https://drs.{region}.example"),
        }
    }

    #[test]
    fn equal_scopes_share_an_id_and_none_has_no_scope() {
        let a = ScopeId::intern(scope("cn-east-3", "cn-east-3"));
        let b = ScopeId::intern(scope("cn-east-3", "cn-east-3"));
        let c = ScopeId::intern(scope("cn-north-4", "cn-north-4_pay"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.region(), "cn-east-3");
        assert_eq!(c.label(), "cn-north-4_pay");
        assert!(c.get().is_some_and(|s| s.is_subproject()));
        assert!(ScopeId::NONE.get().is_none());
        assert_eq!(ScopeId::NONE.region(), "");
    }

    #[test]
    fn all_keeps_regions_and_their_subprojects_and_skips_the_rest() {
        let all = RegionsSpec::All;
        assert!(all.covers("cn-north-4"));
        assert!(all.covers("cn-north-4_payments"));
        assert!(!all.covers("MOS"));
        assert!(!all.covers("cn-north-4_"));
        assert!(!all.covers("xx-nowhere-1"));
        assert_eq!(
            region_of_project("ap-southeast-1_a"),
            Some("ap-southeast-1")
        );
    }

    #[test]
    fn a_list_covers_its_names_and_their_subprojects() {
        let l = RegionsSpec::parse(" cn-north-4, cn-east-3 ,").unwrap();
        assert_eq!(
            l,
            RegionsSpec::List(vec!["cn-north-4".into(), "cn-east-3".into()])
        );
        assert!(l.covers("cn-east-3"));
        assert!(l.covers("cn-north-4_x"));
        assert!(!l.covers("cn-north-44"));
        assert!(!l.covers("ap-southeast-1"));
        assert_eq!(RegionsSpec::parse("ALL").unwrap(), RegionsSpec::All);
        assert!(RegionsSpec::parse(" , ").is_err());
        assert!(RegionsSpec::parse("cn/x").is_err());
    }
}
