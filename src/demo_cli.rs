//! Glue between the command line, the demo service and the TUI.

use std::time::Duration;

use url::Url;

use crate::api::client::{DEFAULT_BODY_LIMIT, DEFAULT_PAGE_SIZE};
use std::sync::Arc;

use crate::api::{Credentials, DrsClient, RegionsSpec, RetryPolicy, Scope, ScopeId, ScopeRequest};
use crate::cli::{DemoServerArgs, GlobalArgs};
use crate::commands::{ExitCode, Fatal};
use crate::config::Settings;
use crate::config::scopes::resolve_scopes;
use crate::demo::{self, DemoConfig, DemoServer};
use crate::secret::Secret;
use crate::worker::{ScopeResolver, ScopeSet};

/// `drs-tui demo-server`: serve until Ctrl-C or SIGTERM.
pub async fn run_demo_server(args: DemoServerArgs) -> Result<ExitCode, Fatal> {
    let faults = match &args.faults {
        Some(spec) => demo::parse_faults(spec)
            .map_err(|e| Fatal::usage(format!("--faults: {e}\n\n{}", demo::FAULTS_HELP)))?,
        None => Vec::new(),
    };
    for p in &args.projects {
        crate::api::endpoint::check_region(p)
            .map_err(|e| Fatal::usage(format!("--projects: {e}")))?;
    }
    let server = DemoServer::start(DemoConfig {
        listen: args.listen,
        projects: args.projects.clone(),
        jobs: args.jobs,
        seed: args.seed,
        latency: Duration::from_millis(args.latency_ms),
        faults,
        ..DemoConfig::default()
    })
    .await
    .map_err(|e| Fatal::usage(crate::tr!(CliDemoListen, args.listen, e)))?;
    // One write, so the banner arrives whole even through a pipe.
    crate::commands::println_safe(&server.banner());
    wait_for_shutdown_signal().await;
    server.shutdown().await;
    Ok(ExitCode::Ok)
}

async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Settings pointing at a demo service started in this process on a free loopback port,
/// with the demo token. Global flags that make sense still apply (read-only, language…).
pub async fn demo_settings(global: &GlobalArgs) -> Result<(Settings, DemoServer), Fatal> {
    // Three regions, 40 jobs each: the table shows where each job lives.
    let server = DemoServer::start(DemoConfig {
        jobs: 40,
        projects: demo::DEMO_REGIONS.iter().map(|r| r.to_string()).collect(),
        ..DemoConfig::default()
    })
    .await
    .map_err(|e| Fatal::new(ExitCode::Failed, crate::tr!(CliDemoStart, e)))?;
    let url = Url::parse(&server.base_url())
        .map_err(|e| Fatal::new(ExitCode::Failed, crate::tr!(CliDemoAddress, e)))?;
    // The demo has no profile: --language, DRS_TUI_LANGUAGE, then the locale.
    let env: std::collections::HashMap<String, String> = std::env::vars().collect();
    let flags = global.flag_values();
    let getenv = |k: &str| env.get(k).filter(|v| !v.trim().is_empty()).cloned();
    crate::config::resolve_language(&flags, &getenv, None)?;
    let language = Some(crate::config::early_language(&flags, &env, None));
    // The environment's read-only switch holds in the demo too, checked just as strictly.
    let env_read_only = match std::env::var("DRS_TUI_READ_ONLY") {
        Ok(v) if !v.trim().is_empty() => {
            crate::config::parse_bool("DRS_TUI_READ_ONLY", &v).map_err(Fatal::from)?
        }
        _ => false,
    };
    let settings = Settings {
        profile: Some("demo".into()),
        region: Some(demo::DEMO_REGION.into()),
        regions: Some(RegionsSpec::List(
            demo::DEMO_REGIONS.iter().map(|r| r.to_string()).collect(),
        )),
        endpoint: url.clone(),
        iam_endpoint: url,
        project_id: Some(demo::DEMO_PROJECT_ID.into()),
        language,
        read_only: global.read_only || env_read_only,
        protected: false,
        credentials: Credentials::Token(Secret::new(demo::DEMO_TOKEN)),
        credentials_origin: "the demo service".into(),
        page_size: global.page_size.unwrap_or(DEFAULT_PAGE_SIZE),
        concurrency: global.concurrency.unwrap_or(4).max(1),
        confirm_threshold: 10,
        auto_refresh: Some(Duration::from_secs(30)),
        undo_grace: Duration::from_secs(
            global
                .undo_grace
                .unwrap_or(crate::config::DEFAULT_UNDO_GRACE_SECS),
        ),
        retry: RetryPolicy::default(),
        body_limit: DEFAULT_BODY_LIMIT,
        warnings: Vec::new(),
        ca_bundles: Vec::new(),
    };
    Ok((settings, server))
}

/// How the TUI's `:region`, `:project` and `:profile` find their projects: IAM through
/// `base` for regions and projects; the config file's profile (its credentials, region(s) and
/// endpoint) for `:profile`. `demo_url`: every region is the demo service there.
pub fn scope_resolver(
    base: DrsClient,
    global: GlobalArgs,
    demo_url: Option<String>,
) -> ScopeResolver {
    Arc::new(move |request: ScopeRequest| {
        let base = base.clone();
        let global = global.clone();
        let demo_url = demo_url.clone();
        Box::pin(async move {
            let getenv = |k: &str| match &demo_url {
                Some(url) => Some(url.clone()),
                None => std::env::var(k)
                    .ok()
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty()),
            };
            match request {
                ScopeRequest::Regions(spec) => resolve_scopes(&base, &spec, &getenv).await,
                ScopeRequest::Project(p) => {
                    let mut set =
                        resolve_scopes(&base, &RegionsSpec::List(vec![p.clone()]), &getenv).await?;
                    // Exactly that project, not its sub-projects.
                    set.clients
                        .retain(|(id, _)| id.project_id() == p || id.label() == p);
                    set.label = p;
                    Ok(set)
                }
                ScopeRequest::Profile(name) => {
                    if demo_url.is_some() {
                        return Err("the demo has no profiles: run drs-tui without --demo to switch profiles".into());
                    }
                    let mut global = global;
                    global.profile = Some(name.clone());
                    let (settings, _) = crate::commands::settings_for(&global)
                        .await
                        .map_err(|f| f.message)?;
                    let client = crate::commands::build_client(&settings).map_err(|f| f.message)?;
                    match &settings.regions {
                        Some(spec) => {
                            let mut set = resolve_scopes(&client, spec, &getenv).await?;
                            set.label = format!("{name}: {}", set.label);
                            Ok(set)
                        }
                        None => {
                            let project_id =
                                client.project_id().await.map_err(|e| e.to_string())?;
                            let scope = ScopeId::intern(Scope {
                                region: settings.region.clone().unwrap_or_default(),
                                project_id: project_id.clone(),
                                project_name: settings.region.clone().unwrap_or(project_id),
                                endpoint: crate::commands::audit_context(&settings).endpoint,
                            });
                            Ok(ScopeSet {
                                label: crate::tr!(ScopeProfile, name),
                                clients: vec![(scope, client)],
                            })
                        }
                    }
                }
            }
        }) as crate::worker::ScopeFuture
    })
}

/// Opens the TUI; the demo service (if any) lives as long as it. The client reports
/// throttling to the status line; writes are audited, and disabled (the TUI still opens) when
/// the audit log cannot be written.
pub async fn run_tui(
    settings: &Settings,
    global: &GlobalArgs,
    demo: Option<DemoServer>,
) -> Result<ExitCode, Fatal> {
    let (events_tx, events) = tokio::sync::mpsc::unbounded_channel();
    let client = crate::commands::build_client_with_events(settings, Some(events_tx))?;
    // The demo serves every region itself: each region's endpoint is the demo's.
    let demo_url = demo.as_ref().map(DemoServer::base_url);
    let resolver = scope_resolver(client.clone(), global.clone(), demo_url.clone());
    let scopes = match &settings.regions {
        Some(spec) => Some(
            resolver(ScopeRequest::Regions(spec.clone()))
                .await
                .map_err(|e| Fatal::new(ExitCode::Usage, e))?,
        ),
        None => None,
    };
    let audit = if settings.read_only {
        // Nothing will be written: no need for the file (nor to complain about it).
        Err("read-only profile".to_owned())
    } else {
        crate::commands::open_audit(global).map_err(|f| {
            tracing::error!(error = %f.message, "audit log unavailable; TUI writes disabled");
            f.message
        })
    };
    let opts = crate::tui::TuiOptions {
        settings: crate::app::Settings {
            profile: settings.profile.clone().unwrap_or_else(|| "default".into()),
            region: settings.region.clone().unwrap_or_default(),
            project_id: settings.project_id.clone().unwrap_or_default(),
            endpoint: settings.endpoint.to_string(),
            custom_endpoint: settings.region.as_deref().is_none_or(|r| {
                crate::api::endpoint::drs_endpoint(r).trim_end_matches('/')
                    != settings.endpoint.as_str().trim_end_matches('/')
            }),
            demo: demo.is_some(),
            read_only: settings.read_only,
            protected: settings.protected,
            concurrency: settings.concurrency,
            confirm_threshold: settings.confirm_threshold,
            ascii: global.ascii,
            undo_grace_secs: settings.undo_grace.as_secs(),
            // For `:region` and `:profile` completion and checks.
            regions: match &settings.regions {
                Some(RegionsSpec::List(l)) => l.clone(),
                _ => Vec::new(),
            },
            profiles: global
                .config
                .clone()
                .or_else(crate::config::default_config_path)
                .and_then(|p| crate::config::load_config_file(&p, false).ok().flatten())
                .map(|(file, _)| file.profiles.into_keys().collect())
                .unwrap_or_default(),
            ..crate::app::Settings::default()
        },
        auto_refresh: settings.auto_refresh,
        job_type: None,
        audit,
        audit_context: crate::commands::audit_context(settings),
        shutdown_grace: global
            .shutdown_grace
            .map_or(crate::shutdown::DEFAULT_GRACE, Duration::from_secs),
        scopes,
        resolver: Some(crate::tui::Resolver(resolver)),
    };
    let result = crate::tui::run(client, Some(events), opts).await;
    if let Some(server) = demo {
        server.shutdown().await;
    }
    let exit = result.map_err(|e| Fatal::new(ExitCode::Failed, format!("{e:#}")))?;
    // The terminal is back to normal: what ended during the shutdown is said where it stays.
    let mut code = if exit.interrupted > 0 {
        eprintln!(
            "drs-tui: {} write(s) ended without an answer (interrupted): `drs-tui audit --settle` re-reads them",
            exit.interrupted
        );
        ExitCode::Failed
    } else {
        ExitCode::Ok
    };
    for line in &exit.lines {
        eprintln!("drs-tui: {line}");
    }
    for rec in &exit.unrecorded {
        eprintln!("{rec}");
        code = ExitCode::Unrecorded;
    }
    if let Some(sig) = exit.signal {
        eprintln!("drs-tui: ended by {}", sig.name());
        code = code.max_with(sig.exit_code());
    }
    Ok(code)
}
