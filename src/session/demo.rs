//! The `--demo` session: a demo service started in this process on a free loopback port, and
//! settings pointing at it with the demo token. The global flags that make sense still apply
//! (read-only, language, region(s), page size, concurrency, undo window); every other value is a
//! default.

use url::Url;

use crate::api::{Credentials, ProxyEnv, RegionsSpec};
use crate::config::{self, Env, FlagValues, Settings};
use crate::demo::{self, DemoConfig, DemoServer};
use crate::exit::{ExitCode, Fatal};
use crate::secret::Secret;

/// Starts the demo service: three regions, 40 jobs each, so the table shows where each job
/// lives.
pub(super) async fn start() -> Result<DemoServer, Fatal> {
    DemoServer::start(DemoConfig {
        jobs: 40,
        projects: demo::DEMO_REGIONS.iter().map(|r| r.to_string()).collect(),
        ..DemoConfig::default()
    })
    .await
    .map_err(|e| Fatal::new(ExitCode::Failed, crate::tr!(CliDemoStart, e)))
}

/// The demo service's address.
pub(super) fn url(server: &DemoServer) -> Result<Url, Fatal> {
    Url::parse(&server.base_url())
        .map_err(|e| Fatal::new(ExitCode::Failed, crate::tr!(CliDemoAddress, e)))
}

/// Settings pointing at the demo service at `url`.
pub(super) fn settings(flags: &FlagValues, env: &Env, url: &Url) -> Result<Settings, Fatal> {
    // The demo has no profile: --language, DRS_TUI_LANGUAGE, then the locale.
    let getenv = |k: &str| env.get(k);
    let language =
        config::resolve_language(flags, &getenv, None)?.or(Some(crate::api::Language::EnUs));
    // The environment's read-only switch holds in the demo too, checked just as strictly.
    let env_read_only = match env.get("DRS_TUI_READ_ONLY") {
        Some(v) => config::parse_bool("DRS_TUI_READ_ONLY", &v)?,
        None => false,
    };
    let base = Settings::base(
        url.clone(),
        url.clone(),
        Credentials::Token(Secret::new(demo::DEMO_TOKEN)),
    );
    let concurrency = match flags.concurrency {
        Some(n) => config::check_concurrency(n).map_err(Fatal::usage)?,
        None => base.concurrency,
    };
    Ok(Settings {
        profile: Some("demo".into()),
        region: Some(flags.region.as_deref().unwrap_or(demo::DEMO_REGION).into()),
        // `--region X` alone: that region's project only, as against a real account.
        regions: Some(match (&flags.regions, &flags.region) {
            (Some(r), _) | (None, Some(r)) => RegionsSpec::parse(r).map_err(Fatal::usage)?,
            (None, None) => {
                RegionsSpec::List(demo::DEMO_REGIONS.iter().map(|r| r.to_string()).collect())
            }
        }),
        project_id: Some(demo::DEMO_PROJECT_ID.into()),
        language,
        read_only: flags.read_only || env_read_only,
        credentials_origin: "the demo service".into(),
        page_size: flags.page_size.unwrap_or(base.page_size),
        concurrency,
        undo_grace: flags
            .undo_grace_secs
            .map_or(base.undo_grace, std::time::Duration::from_secs),
        // The demo is on this machine, which no proxy serves; taken from the snapshot all the same.
        proxies: ProxyEnv::from_lookup(|k| env.map().get(k).cloned()),
        ..base
    })
}
