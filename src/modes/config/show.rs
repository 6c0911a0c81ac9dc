//! `config show`: every setting in force, with where its value came from (flag, environment,
//! profile, SDK file or default), read from the resolved settings so what is shown is what is
//! used.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::api::Credentials;
use crate::api::endpoint;
use crate::config::{self, ConfigFile, FlagValues, Profile, Settings};
use crate::session::CredentialTargets;
use crate::tr;

/// With `--regions`: each region's endpoint, and where it came from (its override variable,
/// or the region table).
pub(super) fn project_endpoint_rows(targets: &CredentialTargets) -> Vec<Row> {
    targets
        .regions
        .iter()
        .map(|(region, url)| Row {
            key: "endpoint",
            value: format!("{region}: {}", url_shown(url)),
            source: if url.as_str().trim_end_matches('/')
                == endpoint::drs_endpoint(region).trim_end_matches('/')
            {
                tr!(ConfSrcRegionTable).to_string()
            } else {
                tr!(ConfSrcEnv, endpoint::region_override_var(region))
            },
        })
        .collect()
}

/// One line of `config show`: the setting, its value, where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The setting's profile key.
    pub key: &'static str,
    /// Its value in force (secrets redacted).
    pub value: String,
    /// Where it came from: `flag --x`, `env X`, `profile NAME`, `SDK file`, `default` (in the
    /// language in force: `参数 --x`, `环境变量 X` …).
    pub source: String,
}

/// Where each layer's value came from, in the order `config::resolve` consults them. The
/// values themselves are read from the resolved settings, so what is shown is what is used.
struct Layers<'a> {
    env: &'a HashMap<String, String>,
    profile_src: String,
}

impl Layers<'_> {
    fn env_set(&self, var: &str) -> bool {
        self.env.get(var).is_some_and(|v| !v.trim().is_empty())
    }

    /// The first of flag, env, profile that holds a value; otherwise `fallback`.
    fn pick(&self, flag: Option<&str>, env: &[String], profile: bool, fallback: &str) -> String {
        if let Some(f) = flag {
            return tr!(ConfSrcFlag, f);
        }
        if let Some(v) = env.iter().find(|v| self.env_set(v)) {
            return tr!(ConfSrcEnv, v);
        }
        if profile {
            return self.profile_src.clone();
        }
        fallback.to_string()
    }

    /// The profile when it sets the key, else the default: settings with no flag or variable.
    fn profile_or_default(&self, set: bool) -> String {
        if set {
            self.profile_src.clone()
        } else {
            tr!(ConfSrcDefault).to_string()
        }
    }
}

/// What every group of `config show` rows reads: the flags, where each layer's value came
/// from, the profile in force (empty when none) and the resolved settings.
struct Shown<'a> {
    flags: &'a FlagValues,
    layers: Layers<'a>,
    profile: &'a Profile,
    s: &'a Settings,
}

/// `--name` when the flag was given.
fn flag(given: bool, name: &'static str) -> Option<&'static str> {
    given.then_some(name)
}

fn row(key: &'static str, value: String, source: String) -> Row {
    Row { key, value, source }
}

/// Every setting in force, with its source.
pub fn show_rows(
    flags: &FlagValues,
    env: &HashMap<String, String>,
    path: Option<&Path>,
    file: Option<&ConfigFile>,
    s: &Settings,
) -> Vec<Row> {
    let empty = Profile::default();
    let profile = s
        .profile
        .as_ref()
        .and_then(|n| file.and_then(|f| f.profiles.get(n)))
        .unwrap_or(&empty);
    let profile_src = tr!(
        ConfSrcProfile,
        crate::sanitize::clean(s.profile.as_deref().unwrap_or("-"))
    );
    let layers = Layers { env, profile_src };
    let shown = Shown {
        flags,
        layers,
        profile,
        s,
    };
    let mut rows = scope_rows(&shown, path, file);
    rows.extend(connection_rows(&shown));
    rows.extend(behaviour_rows(&shown));
    rows.extend(limit_rows(&shown));
    rows
}

/// Which config file, profile, region(s).
fn scope_rows(sh: &Shown, path: Option<&Path>, file: Option<&ConfigFile>) -> Vec<Row> {
    let (flags, l, profile, s) = (sh.flags, &sh.layers, sh.profile, sh.s);
    let config_file = match (path, file) {
        (Some(p), Some(_)) => p.display().to_string(),
        (Some(p), None) => tr!(ConfAbsent, p.display()),
        (None, _) => "-".into(),
    };
    let profile_source = if flags.profile.is_some() {
        tr!(ConfSrcFlag, "--profile")
    } else if l.env_set("DRS_TUI_PROFILE") {
        tr!(ConfSrcEnv, "DRS_TUI_PROFILE")
    } else if s.profile.is_some() {
        tr!(ConfSrcDefaultProfile).into()
    } else {
        tr!(ConfSrcDefaultNone).into()
    };
    vec![
        row(
            "config_file",
            config_file,
            l.pick(
                flag(flags.config.is_some(), "--config"),
                &[],
                false,
                tr!(ConfSrcDefault),
            ),
        ),
        row(
            "profile",
            s.profile.clone().unwrap_or_else(|| "-".into()),
            profile_source,
        ),
        row(
            "region",
            s.region.clone().unwrap_or_else(|| "-".into()),
            l.pick(
                flag(flags.region.is_some(), "--region"),
                &["DRS_TUI_REGION".into()],
                profile.region.is_some(),
                tr!(ConfNotSet),
            ),
        ),
        row(
            "regions",
            s.regions
                .as_ref()
                .map_or_else(|| "-".into(), ToString::to_string),
            l.pick(
                flag(flags.regions.is_some(), "--regions"),
                &["DRS_TUI_REGIONS".into()],
                profile.regions.is_some(),
                tr!(ConfRegionsNotSet),
            ),
        ),
    ]
}

/// Where requests go and what they carry: the DRS and IAM endpoints, the project, the CA
/// bundles, the kind of credentials (never a secret) and where the chain found them.
fn connection_rows(sh: &Shown) -> Vec<Row> {
    let (flags, l, profile, s) = (sh.flags, &sh.layers, sh.profile, sh.s);
    let region_var = s.region.as_deref().map(endpoint::region_override_var);
    let mut endpoint_env = vec!["DRS_TUI_ENDPOINT".to_string()];
    endpoint_env.extend(region_var);
    let endpoint_fallback = if s.regions.is_some() {
        tr!(ConfEndpointRegions)
    } else {
        tr!(ConfFromRegion)
    };
    let cred_sdk_file = s.credentials_origin.starts_with("credentials file");
    let iam_fallback = if cred_sdk_file && profile.iam_endpoint.is_none() && !iam_is_default(s) {
        tr!(ConfSrcSdkFile)
    } else {
        tr!(ConfFromRegion)
    };
    let project_fallback = match (&s.project_id, &s.credentials) {
        (_, _) if s.regions.is_some() => tr!(ConfProjectRegions),
        (Some(_), _) => tr!(ConfSrcSdkFile),
        (None, Credentials::AkSk { .. }) => tr!(ConfAskedIam),
        (None, _) => tr!(ConfFromToken),
    };
    vec![
        row(
            "endpoint",
            url_shown(&s.endpoint),
            l.pick(
                flag(flags.endpoint.is_some(), "--endpoint"),
                &endpoint_env,
                profile.endpoint.is_some(),
                endpoint_fallback,
            ),
        ),
        row(
            "iam_endpoint",
            url_shown(&s.iam_endpoint),
            l.pick(
                flag(flags.iam_endpoint.is_some(), "--iam-endpoint"),
                &["HUAWEICLOUD_SDK_IAM_ENDPOINT".into()],
                profile.iam_endpoint.is_some(),
                iam_fallback,
            ),
        ),
        row(
            "project_id",
            s.project_id.clone().unwrap_or_else(|| "-".into()),
            l.pick(
                flag(flags.project_id.is_some(), "--project-id"),
                &["HUAWEICLOUD_SDK_PROJECT_ID".into()],
                profile.project_id.is_some(),
                project_fallback,
            ),
        ),
        ca_bundle_row(l, s),
        row(
            "credentials",
            describe_credentials(&s.credentials),
            credentials_source(&s.credentials_origin, &l.profile_src),
        ),
    ]
}

/// The CA bundles in force (each with its source), or the default roots.
fn ca_bundle_row(l: &Layers, s: &Settings) -> Row {
    if s.ca_bundles.is_empty() {
        return row("ca_bundle", "-".into(), tr!(ConfDefaultRoots).into());
    }
    let paths = s.ca_bundles.iter().map(|b| b.path.display().to_string());
    let sources = s.ca_bundles.iter().map(|b| match b.from.as_str() {
        "--ca-bundle" => tr!(ConfSrcFlag, "--ca-bundle"),
        "SSL_CERT_FILE" => tr!(ConfSrcEnv, "SSL_CERT_FILE"),
        _ => l.profile_src.clone(),
    });
    row(
        "ca_bundle",
        paths.collect::<Vec<_>>().join(tr!(ConfListSep)),
        sources.collect::<Vec<_>>().join(tr!(ConfListSep)),
    )
}

/// How the program behaves: language, read-only, plain http, protected mode.
fn behaviour_rows(sh: &Shown) -> Vec<Row> {
    let (flags, l, profile, s) = (sh.flags, &sh.layers, sh.profile, sh.s);
    // With none of flag, env, profile, the locale decides (the first set of these, POSIX order).
    let language_fallback = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find(|v| l.env_set(v))
        .map_or_else(
            || tr!(ConfDefaultLanguage).to_owned(),
            |v| tr!(ConfSrcLocale, v),
        );
    let insecure_http = flags.allow_insecure_http
        || l.env
            .get("DRS_TUI_ALLOW_INSECURE_HTTP")
            .is_some_and(|v| truthy(v))
        || profile.allow_insecure_http.unwrap_or(false);
    vec![
        row(
            "language",
            s.language
                .map_or_else(|| "-".into(), |l| l.as_str().to_string()),
            l.pick(
                flag(flags.language.is_some(), "--language"),
                &["DRS_TUI_LANGUAGE".into()],
                profile.language.is_some(),
                &language_fallback,
            ),
        ),
        row(
            "read_only",
            s.read_only.to_string(),
            read_only_source(l, flags, profile.read_only),
        ),
        row(
            "allow_insecure_http",
            insecure_http.to_string(),
            bool_source(
                l,
                flag(flags.allow_insecure_http, "--allow-insecure-http"),
                "DRS_TUI_ALLOW_INSECURE_HTTP",
                profile.allow_insecure_http,
            ),
        ),
        row(
            "protected",
            s.protected.to_string(),
            l.profile_or_default(profile.protected.is_some()),
        ),
    ]
}

/// Sizes, counts and durations.
fn limit_rows(sh: &Shown) -> Vec<Row> {
    let (flags, l, p, s) = (sh.flags, &sh.layers, sh.profile, sh.s);
    let flag_or_profile = |given: bool, name: &'static str, set: bool| {
        l.pick(flag(given, name), &[], set, tr!(ConfSrcDefault))
    };
    let by_profile = |set: bool| l.profile_or_default(set);
    vec![
        row(
            "page_size",
            s.page_size.to_string(),
            flag_or_profile(
                flags.page_size.is_some(),
                "--page-size",
                p.page_size.is_some(),
            ),
        ),
        row(
            "concurrency",
            s.concurrency.to_string(),
            flag_or_profile(
                flags.concurrency.is_some(),
                "--concurrency",
                p.concurrency.is_some(),
            ),
        ),
        row(
            "confirm_threshold",
            s.confirm_threshold.to_string(),
            by_profile(p.confirm_threshold.is_some()),
        ),
        row(
            "auto_refresh_secs",
            s.auto_refresh.map_or(0, |d| d.as_secs()).to_string(),
            by_profile(p.auto_refresh_secs.is_some()),
        ),
        row(
            "undo_grace_secs",
            s.undo_grace.as_secs().to_string(),
            flag_or_profile(
                flags.undo_grace_secs.is_some(),
                "--undo-grace",
                p.undo_grace_secs.is_some(),
            ),
        ),
        row(
            "attempts",
            s.retry.attempts.to_string(),
            by_profile(p.attempts.is_some()),
        ),
        row(
            "connect_timeout_secs",
            s.retry.connect_timeout.as_secs().to_string(),
            by_profile(p.connect_timeout_secs.is_some()),
        ),
        row(
            "request_timeout_secs",
            s.retry.request_timeout.as_secs().to_string(),
            by_profile(p.request_timeout_secs.is_some()),
        ),
        row(
            "max_answer_mib",
            (s.body_limit / (1024 * 1024)).to_string(),
            by_profile(p.max_answer_mib.is_some()),
        ),
    ]
}

/// A URL without any user:password in it.
fn url_shown(u: &url::Url) -> String {
    if u.username().is_empty() && u.password().is_none() {
        return u.to_string();
    }
    let mut bare = u.clone();
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    tr!(ConfUrlUserRedacted, bare)
}

/// An environment boolean as `config::resolve` reads it (a bad one failed there already).
fn truthy(v: &str) -> bool {
    config::parse_bool("", v).unwrap_or(false)
}

/// Whether the IAM endpoint is the region's own (or the global one without a region).
fn iam_is_default(s: &Settings) -> bool {
    let default = match &s.region {
        Some(r) => endpoint::iam_endpoint(r),
        None => "https://iam.myhuaweicloud.com".to_string(),
    };
    url::Url::parse(&default).is_ok_and(|u| u == s.iam_endpoint)
}

/// A boolean that any layer can switch on: the first layer that did, else the one that said
/// no, else the default.
fn bool_source(l: &Layers, flag: Option<&str>, var: &str, profile: Option<bool>) -> String {
    if let Some(f) = flag {
        return tr!(ConfSrcFlag, f);
    }
    if l.env.get(var).is_some_and(|v| truthy(v)) {
        return tr!(ConfSrcEnv, var);
    }
    match profile {
        Some(_) => l.profile_src.clone(),
        None if l.env_set(var) => tr!(ConfSrcEnv, var),
        None => tr!(ConfSrcDefault).into(),
    }
}

/// Where read-only comes from; a profile's `read_only = true` is only made stricter by the
/// environment, and `DRS_TUI_READ_ONLY=false` beside it is said to change nothing.
fn read_only_source(l: &Layers, flags: &FlagValues, profile: Option<bool>) -> String {
    let source = bool_source(
        l,
        flag(flags.read_only, "--read-only"),
        "DRS_TUI_READ_ONLY",
        profile,
    );
    let env_off = l.env.get("DRS_TUI_READ_ONLY").is_some_and(|v| !truthy(v));
    if profile == Some(true) && env_off && !flags.read_only {
        return tr!(ConfWithNote, source, tr!(ConfReadOnlyEnvCannotLift));
    }
    source
}

/// The kind of credentials and who they belong to; never a secret.
fn describe_credentials(c: &Credentials) -> String {
    match c {
        Credentials::AkSk {
            security_token: Some(_),
            ..
        } => tr!(ConfCredAkSkToken).into(),
        Credentials::AkSk { .. } => tr!(ConfCredAkSk).into(),
        Credentials::Token(_) => tr!(ConfCredToken).into(),
        Credentials::IamPassword { user, domain, .. } => tr!(
            ConfCredPassword,
            crate::sanitize::clean(user),
            crate::sanitize::clean(domain)
        ),
    }
}

/// The credential chain's origin in `config show`'s words.
fn credentials_source(origin: &str, profile_src: &str) -> String {
    match origin {
        "command-line flags" => tr!(ConfSrcFlags).into(),
        "environment" => tr!(ConfSrcEnvAll).into(),
        "profile" => profile_src.into(),
        "profile (environment variables)" => tr!(ConfSrcProfileEnv, profile_src),
        "the demo service" => tr!(ConfSrcDemo).into(),
        _ => match origin.strip_prefix("credentials file ") {
            Some(path) => tr!(ConfSrcSdkFileAt, path),
            None => origin.to_string(),
        },
    }
}

/// The rows as a table of three columns, padded by display width.
pub(super) fn write_rows(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let clean = crate::sanitize::clean;
    let cells: Vec<(&str, String, String)> = rows
        .iter()
        .map(|r| (r.key, clean(&r.value), clean(&r.source)))
        .collect();
    let (setting, value, source) = (tr!(ConfColSetting), tr!(ConfColValue), tr!(ConfColSource));
    let kw = cells
        .iter()
        .map(|c| c.0.len())
        .max()
        .unwrap_or(0)
        .max(setting.width());
    let vw = cells
        .iter()
        .map(|c| c.1.width())
        .max()
        .unwrap_or(0)
        .max(value.width());
    // Padded by display width: the headers may be double-width Chinese.
    writeln!(
        out,
        "{setting}{}  {value}{}  {source}",
        " ".repeat(kw - setting.width()),
        " ".repeat(vw - value.width())
    )?;
    for (key, value, source) in &cells {
        let pad = " ".repeat(vw - value.width());
        writeln!(out, "{key:<kw$}  {value}{pad}  {source}")?;
    }
    Ok(())
}
