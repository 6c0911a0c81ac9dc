//! The resolver: each group of settings is one named step (flags, then the environment, then
//! the profile, then defaults), run in the order their mistakes are reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use super::credentials::credential_chain;
use super::{
    ConfigError, ConfigFile, DEFAULT_UNDO_GRACE_SECS, FlagValues, Profile, Settings,
    check_concurrency, default_config_path, defaults, parse_bool,
};
use crate::api::client::{DEFAULT_BODY_LIMIT, DEFAULT_PAGE_SIZE};
use crate::api::{CaBundle, Credentials, Language, ProxyEnv, RegionsSpec, RetryPolicy, endpoint};
use crate::tr;

/// A lookup in the environment snapshot: the trimmed value, `None` when unset or blank.
type GetEnv<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Merges flags, environment (`env`), the config file and defaults into [`Settings`].
pub fn resolve(
    flags: &FlagValues,
    env: &HashMap<String, String>,
    file: Option<(&Path, &ConfigFile)>,
) -> Result<Settings, ConfigError> {
    let getenv = |k: &str| {
        env.get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let (profile_name, profile) = pick_profile(flags, &getenv, file)?;
    // First: every later message is in this language, and a mistyped one is named at once.
    let language = resolve_language(flags, &getenv, profile.language.as_deref())?;
    let scope = pick_scope(flags, &getenv, &profile)?;
    let switches = read_switches(flags, &getenv, &profile)?;
    // Credentials: flags, then env, then profile, then the SDK file.
    let mut warnings = Vec::new();
    let (credentials, origin, file_project, file_iam) =
        credential_chain(flags, &getenv, &profile, &mut warnings)?;
    let endpoint = pick_endpoint(
        flags,
        &getenv,
        &profile,
        &scope,
        switches.allow_insecure_http,
    )?;
    let iam_endpoint = pick_iam_endpoint(
        flags,
        &getenv,
        &profile,
        file_iam,
        scope.region.as_deref(),
        switches.allow_insecure_http,
    )?;
    let project_id = pick_project_id(
        flags,
        &getenv,
        (&profile, profile_name.as_deref()),
        file_project.map(|p| (p, origin.as_str())),
    )?;
    check_project_scope(project_id.as_deref(), &credentials, &scope)?;
    let ca_bundles = ca_bundles(flags, &getenv, &profile, profile_name.as_deref());
    let limits = read_limits(flags, &profile)?;
    Ok(Settings {
        profile: profile_name,
        region: scope.region,
        regions: scope.regions,
        endpoint,
        iam_endpoint,
        project_id,
        language,
        read_only: switches.read_only,
        protected: profile.protected.unwrap_or(false),
        credentials,
        credentials_origin: origin,
        page_size: limits.page_size,
        concurrency: limits.concurrency,
        confirm_threshold: limits.confirm_threshold,
        auto_refresh: limits.auto_refresh,
        undo_grace: limits.undo_grace,
        retry: limits.retry,
        body_limit: limits.body_limit,
        warnings,
        ca_bundles,
        allow_insecure_http: switches.allow_insecure_http,
        // As set: the client reads them as reqwest would have read the process environment.
        proxies: ProxyEnv::from_lookup(|k| env.get(k).cloned()),
    })
}

/// The profile in use (`--profile`, `DRS_TUI_PROFILE`, the file's `default_profile`) and its
/// values; no name, no values. A name the file lacks (or with no file) is an error.
fn pick_profile(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    file: Option<(&Path, &ConfigFile)>,
) -> Result<(Option<String>, Profile), ConfigError> {
    let profile_name = flags
        .profile
        .clone()
        .or_else(|| getenv("DRS_TUI_PROFILE"))
        .or_else(|| file.and_then(|(_, f)| f.default_profile.clone()));
    let profile = match (&profile_name, file) {
        (Some(name), Some((_, f))) => f.profiles.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = f.profiles.keys().map(String::as_str).collect();
            ConfigError(tr!(
                CfgNoProfile,
                format!("{name:?}"),
                if known.is_empty() {
                    tr!(CfgNone).to_string()
                } else {
                    known.join(", ")
                }
            ))
        })?,
        (Some(name), None) => {
            return Err(ConfigError(tr!(
                CfgNoFile,
                format!("{name:?}"),
                default_config_path()
                    .map(|p| tr!(CfgNoFileAt, p.display()))
                    .unwrap_or_default()
            )));
        }
        _ => Profile::default(),
    };
    Ok((profile_name, profile))
}

/// Where the run looks: one region, or several projects at once.
struct Scope {
    /// The region; with a list of regions and none named, the first of the list.
    region: Option<String>,
    /// `--regions` (or `DRS_TUI_REGIONS`, or the profile's `regions`).
    regions: Option<RegionsSpec>,
}

/// The region and the regions, each from the flag, the environment or the profile.
fn pick_scope(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    profile: &Profile,
) -> Result<Scope, ConfigError> {
    let regions = flags
        .regions
        .clone()
        .or_else(|| getenv("DRS_TUI_REGIONS"))
        .or_else(|| profile.regions.clone())
        .map(|r| RegionsSpec::parse(&r).map_err(ConfigError))
        .transpose()?;
    let mut region = flags
        .region
        .clone()
        .or_else(|| getenv("DRS_TUI_REGION"))
        .or_else(|| profile.region.clone());
    // With a list of regions, the first one names the IAM endpoint and the base client (used
    // only to ask IAM for the projects; each project then gets its own endpoint).
    if region.is_none()
        && let Some(RegionsSpec::List(l)) = &regions
    {
        region = l.first().map(|r| {
            crate::api::scope::region_of_project(r)
                .unwrap_or(r)
                .to_owned()
        });
    }
    Ok(Scope { region, regions })
}

/// The safety switches: each is on when the flag, the environment or the profile says so.
struct Switches {
    /// Plain http:// is allowed to hosts other than this machine.
    allow_insecure_http: bool,
    /// Refuse writes.
    read_only: bool,
}

/// Reads the switches; a value that is not a boolean is an error, never "off".
fn read_switches(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    profile: &Profile,
) -> Result<Switches, ConfigError> {
    let env_bool = |name: &str| getenv(name).map(|v| parse_bool(name, &v)).transpose();
    let allow_insecure_http = flags.allow_insecure_http
        || env_bool("DRS_TUI_ALLOW_INSECURE_HTTP")?.unwrap_or(false)
        || profile.allow_insecure_http.unwrap_or(false);
    // Checked before anything else can fail: a mistyped read-only switch is never "off".
    let read_only = flags.read_only
        || env_bool("DRS_TUI_READ_ONLY")?.unwrap_or(false)
        || profile.read_only.unwrap_or(false);
    Ok(Switches {
        allow_insecure_http,
        read_only,
    })
}

/// The DRS endpoint: `--endpoint`, `DRS_TUI_ENDPOINT`, the region's override variable, the
/// profile's, then the region's public one; checked by the plain-http rule.
fn pick_endpoint(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    profile: &Profile,
    scope: &Scope,
    allow_insecure_http: bool,
) -> Result<Url, ConfigError> {
    let explicit_endpoint = flags.endpoint.is_some()
        || getenv("DRS_TUI_ENDPOINT").is_some()
        || profile.endpoint.is_some();
    refuse_endpoint_with_regions(flags, getenv, explicit_endpoint, scope)?;
    let region = &scope.region;
    let region_override = region
        .as_ref()
        .and_then(|r| getenv(&endpoint::region_override_var(r)));
    let endpoint_raw = flags
        .endpoint
        .clone()
        .or_else(|| getenv("DRS_TUI_ENDPOINT"))
        .or(region_override.clone())
        .or_else(|| profile.endpoint.clone())
        .or_else(|| region.as_deref().map(endpoint::drs_endpoint))
        // `--regions all` alone: the base client only asks IAM (at the global endpoint); no
        // job is read or written through this endpoint.
        .or_else(|| {
            scope
                .regions
                .as_ref()
                .map(|_| endpoint::drs_endpoint("cn-north-4"))
        })
        .ok_or_else(|| ConfigError(tr!(CfgNoEndpoint).into()))?;
    // A mistyped region would otherwise cost seconds of DNS retries before a vague error.
    if let Some(r) = region
        && !explicit_endpoint
        && region_override.is_none()
    {
        endpoint::check_region(r).map_err(ConfigError)?;
    }
    // An endpoint from a region's override is named by its variable, as the user set it.
    let endpoint_what = match (region, &region_override) {
        (Some(r), Some(o)) if *o == endpoint_raw => endpoint::region_override_var(r),
        _ => tr!(WhatEndpoint).to_owned(),
    };
    endpoint::parse_endpoint(&endpoint_raw, &endpoint_what, allow_insecure_http)
        .map_err(ConfigError)
}

/// One endpoint cannot serve several regions: each region's endpoint is its own, and a
/// private one is named per region. Silently ignoring it sent signed requests elsewhere.
fn refuse_endpoint_with_regions(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    explicit_endpoint: bool,
    scope: &Scope,
) -> Result<(), ConfigError> {
    if explicit_endpoint && let Some(spec) = &scope.regions {
        let from = if flags.endpoint.is_some() {
            "--endpoint"
        } else if getenv("DRS_TUI_ENDPOINT").is_some() {
            "DRS_TUI_ENDPOINT"
        } else {
            "the profile's endpoint"
        };
        return Err(ConfigError(tr!(CfgEndpointWithRegions, from, spec)));
    }
    Ok(())
}

/// The IAM endpoint: `--iam-endpoint`, `HUAWEICLOUD_SDK_IAM_ENDPOINT`, the profile's, the SDK
/// credentials file's (`file_iam`), then the region's (or the global one).
fn pick_iam_endpoint(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    profile: &Profile,
    file_iam: Option<String>,
    region: Option<&str>,
    allow_insecure_http: bool,
) -> Result<Url, ConfigError> {
    let iam_raw = flags
        .iam_endpoint
        .clone()
        .or_else(|| getenv("HUAWEICLOUD_SDK_IAM_ENDPOINT"))
        .or_else(|| profile.iam_endpoint.clone())
        .or(file_iam)
        .unwrap_or_else(|| match region {
            Some(r) => endpoint::iam_endpoint(r),
            None => "https://iam.myhuaweicloud.com".to_string(),
        });
    endpoint::parse_endpoint(&iam_raw, tr!(WhatIamEndpoint), allow_insecure_http)
        .map_err(ConfigError)
}

/// The project id: `--project-id`, `HUAWEICLOUD_SDK_PROJECT_ID`, the profile's, then the SDK
/// credentials file's (`file_project`, with where the credentials came from); one that is not a
/// safe path segment is an error naming where it came from.
fn pick_project_id(
    flags: &FlagValues,
    getenv: GetEnv<'_>,
    (profile, profile_name): (&Profile, Option<&str>),
    file_project: Option<(String, &str)>,
) -> Result<Option<String>, ConfigError> {
    let named = [
        ("--project-id".to_string(), flags.project_id.clone()),
        (
            "HUAWEICLOUD_SDK_PROJECT_ID".to_string(),
            getenv("HUAWEICLOUD_SDK_PROJECT_ID"),
        ),
        (
            tr!(SrcProjectInProfile, profile_name.unwrap_or("?")),
            profile.project_id.clone(),
        ),
    ];
    let found = named
        .into_iter()
        .find_map(|(from, v)| v.map(|v| (from, v)))
        .or_else(|| file_project.map(|(v, origin)| (tr!(SrcProjectInCredentials, origin), v)));
    match found {
        None => Ok(None),
        Some((from, id)) => crate::api::client::check_project_id(&id, &from)
            .map(|()| Some(id))
            .map_err(ConfigError),
    }
}

/// Without a project id, AK/SK asks IAM for the region's project (as the SDK does) and
/// password login scopes its token to it: both need the region.
fn check_project_scope(
    project_id: Option<&str>,
    credentials: &Credentials,
    scope: &Scope,
) -> Result<(), ConfigError> {
    match (project_id, credentials, &scope.region) {
        // The first login (to ask IAM for the projects) is scoped to a project too.
        (None, Credentials::IamPassword { .. }, None) if scope.regions.is_some() => {
            Err(ConfigError(tr!(RegionsPasswordNeedsRegion).into()))
        }
        // Each project's id comes from IAM.
        _ if scope.regions.is_some() => Ok(()),
        (Some(_), _, _) => Ok(()),
        (None, Credentials::Token(_), _) => Err(ConfigError(tr!(CfgTokenNeedsProject).into())),
        (None, Credentials::AkSk { .. }, None) => Err(ConfigError(tr!(CfgAkSkNeedsRegion).into())),
        (None, Credentials::IamPassword { .. }, None) => {
            Err(ConfigError(tr!(CfgPasswordNeedsScope).into()))
        }
        (None, _, Some(_)) => Ok(()),
    }
}

/// How much, how many and how long: the numeric settings, each from the flag or the profile,
/// else its default.
struct Limits {
    page_size: u32,
    concurrency: usize,
    confirm_threshold: usize,
    auto_refresh: Option<Duration>,
    undo_grace: Duration,
    retry: RetryPolicy,
    body_limit: usize,
}

/// Reads the limits; a page size of 0, a concurrency out of range, an answer cap of 0 or any
/// number above its maximum (see [`defaults`]) is an error naming the setting (reported in
/// that order).
fn read_limits(flags: &FlagValues, profile: &Profile) -> Result<Limits, ConfigError> {
    let retry = read_retry(profile)?;
    let page_size = match (flags.page_size, profile.page_size) {
        (Some(n), _) => capped("--page-size", n, defaults::MAX_PAGE_SIZE)?,
        (None, Some(n)) => capped("page_size", n, defaults::MAX_PAGE_SIZE)?,
        (None, None) => DEFAULT_PAGE_SIZE,
    };
    if page_size == 0 {
        return Err(ConfigError(tr!(CfgPageSize).into()));
    }
    let concurrency = flags
        .concurrency
        .or(profile.concurrency)
        .unwrap_or(defaults::CONCURRENCY);
    let concurrency =
        check_concurrency(concurrency).map_err(|e| ConfigError(tr!(CfgConcurrency, e)))?;
    let body_limit = match profile.max_answer_mib {
        Some(0) => return Err(ConfigError(tr!(CfgMaxAnswer).into())),
        Some(mib) => capped("max_answer_mib", mib, defaults::MAX_ANSWER_MIB)? * 1024 * 1024,
        None => DEFAULT_BODY_LIMIT,
    };
    let undo_grace = match (flags.undo_grace_secs, profile.undo_grace_secs) {
        (Some(s), _) => capped("--undo-grace", s, defaults::MAX_UNDO_GRACE_SECS)?,
        (None, Some(s)) => capped("undo_grace_secs", s, defaults::MAX_UNDO_GRACE_SECS)?,
        (None, None) => DEFAULT_UNDO_GRACE_SECS,
    };
    let confirm_threshold = match profile.confirm_threshold {
        Some(n) => capped("confirm_threshold", n, defaults::MAX_CONFIRM_THRESHOLD)?,
        None => defaults::CONFIRM_THRESHOLD,
    };
    let auto_refresh = match profile.auto_refresh_secs {
        Some(0) => None,
        Some(s) => Some(Duration::from_secs(capped(
            "auto_refresh_secs",
            s,
            defaults::MAX_AUTO_REFRESH_SECS,
        )?)),
        None => Some(defaults::AUTO_REFRESH),
    };
    Ok(Limits {
        page_size,
        concurrency,
        confirm_threshold,
        auto_refresh,
        undo_grace: Duration::from_secs(undo_grace),
        retry,
        body_limit,
    })
}

/// The profile's `attempts` and timeouts, each at most its maximum.
fn read_retry(profile: &Profile) -> Result<RetryPolicy, ConfigError> {
    let base = RetryPolicy::default();
    let secs = |setting: &str, v: Option<u64>, default: Duration| {
        v.map_or(Ok(default), |s| {
            capped(setting, s, defaults::MAX_TIMEOUT_SECS).map(Duration::from_secs)
        })
    };
    Ok(RetryPolicy {
        attempts: match profile.attempts {
            Some(n) => capped("attempts", n, defaults::MAX_ATTEMPTS)?.max(1),
            None => base.attempts,
        },
        connect_timeout: secs(
            "connect_timeout_secs",
            profile.connect_timeout_secs,
            base.connect_timeout,
        )?,
        request_timeout: secs(
            "request_timeout_secs",
            profile.request_timeout_secs,
            base.request_timeout,
        )?,
        ..base
    })
}

/// [`defaults::at_most`] as a configuration error.
fn capped<T: PartialOrd + std::fmt::Display>(
    setting: &str,
    value: T,
    max: T,
) -> Result<T, ConfigError> {
    defaults::at_most(setting, value, max).map_err(ConfigError)
}

/// The language of drs-tui's text and of the service's messages (`X-Language`): `--language`,
/// then `DRS_TUI_LANGUAGE`, then the profile's `language`, then the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`). `None` when none says anything; a value that is not a language is an
/// error naming where it came from.
pub fn resolve_language(
    flags: &FlagValues,
    getenv: &dyn Fn(&str) -> Option<String>,
    profile_language: Option<&str>,
) -> Result<Option<Language>, ConfigError> {
    let named = [
        ("--language", flags.language.clone()),
        ("DRS_TUI_LANGUAGE", getenv("DRS_TUI_LANGUAGE")),
        (
            tr!(CfgLanguageInProfile),
            profile_language.map(str::to_owned),
        ),
    ];
    match named.into_iter().find_map(|(from, v)| v.map(|v| (from, v))) {
        Some((from, v)) => v
            .trim()
            .parse::<Language>()
            .map(Some)
            .map_err(|e| ConfigError(tr!(ErrJoin, from, e))),
        None => Ok(crate::i18n::from_locale(getenv)),
    }
}

/// The language to speak before the settings are resolved (and for commands that resolve none):
/// [`resolve_language`] with the profile that `--profile` / `DRS_TUI_PROFILE` /
/// `default_profile` picks, if the file has it. Never fails: a bad value is reported by
/// [`resolve`] in the language this gives.
pub fn early_language(
    flags: &FlagValues,
    env: &HashMap<String, String>,
    file: Option<&ConfigFile>,
) -> Language {
    let getenv = |k: &str| {
        env.get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let profile_language = file.and_then(|f| {
        let name = flags
            .profile
            .clone()
            .or_else(|| getenv("DRS_TUI_PROFILE"))
            .or_else(|| f.default_profile.clone())?;
        f.profiles.get(&name)?.language.clone()
    });
    let ok = |l: Option<&str>| l.and_then(|l| l.trim().parse::<Language>().ok());
    ok(flags.language.as_deref())
        .or_else(|| ok(getenv("DRS_TUI_LANGUAGE").as_deref()))
        .or_else(|| ok(profile_language.as_deref()))
        .or_else(|| crate::i18n::from_locale(getenv))
        .unwrap_or(Language::EnUs)
}

/// `--ca-bundle` (or else the profile's `ca_bundle`), then `SSL_CERT_FILE`: each adds trust.
fn ca_bundles(
    flags: &FlagValues,
    getenv: &dyn Fn(&str) -> Option<String>,
    profile: &Profile,
    profile_name: Option<&str>,
) -> Vec<CaBundle> {
    let mut out = Vec::new();
    if let Some(p) = &flags.ca_bundle {
        out.push(CaBundle {
            path: p.clone(),
            from: "--ca-bundle".into(),
        });
    } else if let Some(p) = &profile.ca_bundle {
        out.push(CaBundle {
            path: p.clone(),
            from: tr!(CfgCaBundleInProfile, profile_name.unwrap_or("?")),
        });
    }
    if let Some(p) = getenv("SSL_CERT_FILE").map(PathBuf::from)
        && !out.iter().any(|b| b.path == p)
    {
        out.push(CaBundle {
            path: p,
            from: "SSL_CERT_FILE".into(),
        });
    }
    out
}
