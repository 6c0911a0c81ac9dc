//! A session: everything a run needs, resolved once.
//!
//! `main` takes one snapshot of the environment and parses the flags; [`Session::start`] reads
//! the config file (once) and sets the language (once). Every mode runs on a session:
//! [`Session::connect`] resolves the settings (flags > environment > profile > defaults), starts
//! the demo service for `--demo`, looks up the project id, and computes the
//! [`CredentialTargets`], the only endpoints this run may send credentials to. The TUI's
//! `:region`, `:project` and `:profile` build their new scope through the same code
//! ([`Session::resolve_scope`], [`switch`]) and never print: warnings are values.

mod demo;
pub mod endpoints;
pub mod scopes;
pub mod switch;

use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use crate::api::{Authenticator, DrsClient, Failure, ScopeSet};
use crate::audit::{self, AuditContext, AuditLog};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError, ConfigFile, Env, FlagValues, Settings};
use crate::demo::DemoServer;
use crate::exit::{ExitCode, Fatal};
use crate::tr;

pub use endpoints::CredentialTargets;

/// The config file, read once.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it says.
    pub file: ConfigFile,
    /// What reading it found worth saying (a secret-holding file others can read).
    pub warnings: Vec<String>,
}

/// The flags, the environment snapshot and the config file of one run.
#[derive(Debug)]
pub struct Session {
    /// The command line's global options.
    pub global: GlobalArgs,
    env: Env,
    config_path: Option<PathBuf>,
    file: Result<Option<LoadedConfig>, ConfigError>,
}

/// A session's connection to DRS: its settings, where credentials may go, and the demo service
/// (kept alive as long as this is).
#[derive(Debug)]
pub struct Connection {
    /// The settings in force.
    pub settings: Settings,
    /// The endpoints credentials may be sent to.
    pub targets: CredentialTargets,
    /// The in-process demo service of `--demo`.
    pub demo: Option<DemoServer>,
}

impl Session {
    /// Reads the config file and sets the language of every message that follows. A config
    /// file that cannot be read is reported by the modes that need it, not here: `regions` or
    /// `completions` work with a broken file.
    pub fn start(global: GlobalArgs, env: Env) -> Session {
        let config_path = global.config.clone().or_else(config::default_config_path);
        let file = match &config_path {
            Some(p) => config::load_config_file(p, global.config.is_some()).map(|loaded| {
                loaded.map(|(file, warnings)| LoadedConfig {
                    path: p.clone(),
                    file,
                    warnings,
                })
            }),
            None => Ok(None),
        };
        let file_ref = file.as_ref().ok().and_then(Option::as_ref).map(|l| &l.file);
        let flags = global.flag_values();
        let language = if global.demo {
            config::early_language(&flags, env.map(), None)
        } else {
            config::early_language(&flags, env.map(), file_ref)
        };
        crate::i18n::set_language(language);
        Session {
            global,
            env,
            config_path,
            file,
        }
    }

    /// The environment snapshot.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The config file's path (`--config`, or the default), which may not exist.
    pub fn config_path(&self) -> Option<&Path> {
        self.config_path.as_deref()
    }

    /// The config file, if there is one; an unreadable or invalid file is an error here.
    pub fn config_file(&self) -> Result<Option<&LoadedConfig>, Fatal> {
        self.file
            .as_ref()
            .map(Option::as_ref)
            .map_err(|e| Fatal::from(e.clone()))
    }

    /// The profiles of the config file, for `:profile` completion.
    pub fn profiles(&self) -> Vec<String> {
        self.file
            .as_ref()
            .ok()
            .and_then(Option::as_ref)
            .map(|l| l.file.profiles.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The settings and credential targets for `flags` (the command line's, or a scope
    /// switch's): pure, no request and no output. `demo` is the in-process demo service.
    pub fn resolve_scope(
        &self,
        flags: &FlagValues,
        demo: Option<&Url>,
    ) -> Result<(Settings, CredentialTargets), Fatal> {
        let settings = match demo {
            Some(url) => demo::settings(flags, &self.env, url)?,
            None => {
                let loaded = self.config_file()?;
                let mut settings = config::resolve(
                    flags,
                    self.env.map(),
                    loaded.map(|l| (l.path.as_path(), &l.file)),
                )?;
                if let Some(l) = loaded {
                    settings.warnings.extend(l.warnings.iter().cloned());
                }
                settings
            }
        };
        let targets = CredentialTargets::compute(&settings, &self.env, demo)?;
        Ok((settings, targets))
    }

    /// Connects: resolves the settings of the command line, starts the demo service for
    /// `--demo`, and finds the project id (IAM, or the cache). Prints nothing: the caller
    /// shows [`Connection::warnings`].
    pub async fn connect(&self) -> Result<Connection, Fatal> {
        let demo = if self.global.demo {
            Some(demo::start().await?)
        } else {
            None
        };
        let demo_url = demo.as_ref().map(demo::url).transpose()?;
        let (mut settings, targets) =
            self.resolve_scope(&self.global.flag_values(), demo_url.as_ref())?;
        if demo.is_none() && settings.regions.is_none() {
            settings.project_id = find_project_id(&settings).await?;
        }
        tracing::info!(
            profile = ?settings.profile,
            region = ?settings.region,
            endpoint = %settings.endpoint,
            credentials = %settings.credentials.describe(),
            origin = %settings.credentials_origin,
            "settings resolved"
        );
        Ok(Connection {
            settings,
            targets,
            demo,
        })
    }

    /// The audit file's path (which may not exist yet).
    pub fn audit_path(&self) -> Result<PathBuf, Fatal> {
        self.global
            .audit_log
            .clone()
            .or_else(audit::default_path)
            .ok_or_else(|| Fatal::usage(tr!(CliNoAuditPath)))
    }

    /// The audit trail for this run; writes are refused when it cannot be opened.
    pub fn open_audit(&self) -> Result<AuditLog, Fatal> {
        let path = self.audit_path()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let ours = config::state_dir().as_deref() == Some(dir);
            // AuditLog::open reports a directory it cannot create; this only makes it private.
            let _ = config::ensure_private_dir(dir, ours);
        }
        AuditLog::open(&path).map_err(|e| Fatal::usage(tr!(CliAuditUnwritable, path.display(), e)))
    }

    /// How long writes already sent may take to be answered after a signal or a quit.
    pub fn shutdown_grace(&self) -> Duration {
        self.global
            .shutdown_grace
            .map_or(config::defaults::SHUTDOWN_GRACE, Duration::from_secs)
    }
}

/// The project id: the settings', else IAM's (cached) for AK/SK and a region.
async fn find_project_id(settings: &Settings) -> Result<Option<String>, Fatal> {
    use config::projects::{Found, find_project_id};
    let cache = config::projects::cache_path();
    match find_project_id(settings, cache.as_deref()).await {
        Ok(None) => Ok(settings.project_id.clone()),
        Ok(Some(Found::Cached(id) | Found::Asked(id))) => Ok(Some(id)),
        Err(crate::api::ProjectLookupError::Request(e)) => Err(Fatal::from_failure(
            &tr!(
                CliLookupFailed,
                settings.iam_endpoint,
                settings.region.as_deref().unwrap_or("?")
            ),
            &Failure::unsent(e),
        )),
        Err(e) => Err(Fatal::usage(e.to_string())),
    }
}

impl Connection {
    /// What resolving the settings found worth saying; the caller prints them (the CLI) or
    /// shows them (the TUI).
    pub fn warnings(&self) -> &[String] {
        &self.settings.warnings
    }

    /// A client for the settings; it reports throttling on `events` when given.
    pub fn client(
        &self,
        events: Option<tokio::sync::mpsc::UnboundedSender<crate::api::ClientEvent>>,
    ) -> Result<DrsClient, Fatal> {
        build_client(&self.settings, events)
    }

    /// The projects of `--regions` (`None` without it), found through IAM with `base`.
    pub async fn scopes(&self, base: &DrsClient) -> Result<Option<ScopeSet>, Fatal> {
        let Some(spec) = &self.settings.regions else {
            return Ok(None);
        };
        let mut set = scopes::resolve_scopes(base, spec, &self.targets)
            .await
            .map_err(|e| Fatal::new(ExitCode::Usage, e))?;
        describe_set(&mut set, &self.settings);
        tracing::info!(scopes = set.clients.len(), label = %set.label, "projects to cover");
        Ok(Some(set))
    }

    /// What every intent record says about where writes go.
    pub fn audit_context(&self) -> AuditContext {
        audit_context(&self.settings)
    }
}

/// Fills in what a scope set says about the settings it was made with.
pub(crate) fn describe_set(set: &mut ScopeSet, settings: &Settings) {
    set.in_force = crate::api::ScopeInForce {
        profile: settings.profile.clone(),
        read_only: settings.read_only,
        custom_endpoint: custom_endpoint(settings),
        warnings: settings.warnings.clone(),
        account: std::mem::take(&mut set.in_force.account),
    };
}

/// The endpoint is the user's own, not the region's.
pub fn custom_endpoint(settings: &Settings) -> bool {
    settings.region.as_deref().is_none_or(|r| {
        crate::api::endpoint::drs_endpoint(r).trim_end_matches('/')
            != settings.endpoint.as_str().trim_end_matches('/')
    })
}

/// What every intent record says about where writes go (no user info in the endpoint).
pub fn audit_context(settings: &Settings) -> AuditContext {
    let mut endpoint = settings.endpoint.clone();
    let _ = endpoint.set_username("");
    let _ = endpoint.set_password(None);
    AuditContext {
        profile: settings.profile.clone(),
        region: settings.region.clone(),
        project_id: settings.project_id.clone(),
        endpoint: endpoint.to_string(),
    }
}

/// A client for `settings`.
pub fn build_client(
    settings: &Settings,
    events: Option<tokio::sync::mpsc::UnboundedSender<crate::api::ClientEvent>>,
) -> Result<DrsClient, Fatal> {
    let auth = Authenticator::new(
        settings.credentials.clone(),
        settings.iam_endpoint.clone(),
        settings.project_scope(),
    );
    DrsClient::new(settings.client_config(), auth, events).map_err(|e| Fatal::usage(e.to_string()))
}

/// The language of `--help`, the man page and completion descriptions, set before the command
/// line is parsed (help is printed while parsing, before any settings exist): the raw
/// `--language` (the last one before a `--` wins, as clap would take it), `DRS_TUI_LANGUAGE`
/// and the locale. [`Session::start`] then adds the profile's `language`.
pub fn set_help_language(args: &[std::ffi::OsString], env: &Env) {
    let mut language = None;
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        } else if arg == "--language" {
            language = args.next().and_then(|v| v.to_str().map(str::to_string));
        } else if let Some(v) = arg.strip_prefix("--language=") {
            language = Some(v.to_string());
        }
    }
    let flags = FlagValues {
        language,
        ..FlagValues::default()
    };
    crate::i18n::set_language(config::early_language(&flags, env.map(), None));
}
