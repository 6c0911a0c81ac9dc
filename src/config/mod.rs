//! Settings merged once from flags, environment, the profiles file and defaults, in that order,
//! and the credential chain (flags → env → profile → the SDK's credentials file).

use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use crate::api::client::{DEFAULT_BODY_LIMIT, DEFAULT_PAGE_SIZE};
use crate::api::{CaBundle, Credentials, Language, ProjectScope, ProxyEnv, RetryPolicy};
use crate::tr;

mod credentials;
pub mod defaults;
mod env;
mod file;
pub mod projects;
mod resolve;

pub use env::Env;
pub(crate) use file::readable_warning;
pub use file::{
    ConfigFile, CredentialSource, MAX_CONFIG_BYTES, Profile, load_config_file, parse_config,
};
pub use resolve::{early_language, resolve, resolve_language};

pub use credentials::{SdkCredentials, load_sdk_credentials, no_credentials};

/// A configuration problem, shown to the user as is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// What the command line said (all optional; `None` means "not given").
#[derive(Debug, Clone, Default)]
pub struct FlagValues {
    /// `--config`
    pub config: Option<PathBuf>,
    /// `--profile`
    pub profile: Option<String>,
    /// `--region`
    pub region: Option<String>,
    /// `--regions`
    pub regions: Option<String>,
    /// `--project-id`
    pub project_id: Option<String>,
    /// `--endpoint`
    pub endpoint: Option<String>,
    /// `--iam-endpoint`
    pub iam_endpoint: Option<String>,
    /// `--language`
    pub language: Option<String>,
    /// `--read-only`
    pub read_only: bool,
    /// `--allow-insecure-http`
    pub allow_insecure_http: bool,
    /// `--ak`
    pub ak: Option<String>,
    /// `--sk`
    pub sk: Option<String>,
    /// `--security-token`
    pub security_token: Option<String>,
    /// `--token`
    pub token: Option<String>,
    /// `--iam-user`
    pub iam_user: Option<String>,
    /// `--iam-password`
    pub iam_password: Option<String>,
    /// `--iam-domain`
    pub iam_domain: Option<String>,
    /// `--page-size`
    pub page_size: Option<u32>,
    /// `--concurrency`
    pub concurrency: Option<usize>,
    /// `--undo-grace`
    pub undo_grace_secs: Option<u64>,
    /// `--ca-bundle`
    pub ca_bundle: Option<PathBuf>,
}

/// The TUI's default undo window before a confirmed delete is sent.
pub const DEFAULT_UNDO_GRACE_SECS: u64 = defaults::UNDO_GRACE_SECS;

/// The merged settings a run uses.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The profile in use, if any.
    pub profile: Option<String>,
    /// Region id, if known.
    pub region: Option<String>,
    /// Several projects at once (`--regions`); `None`: the one project of `region`.
    pub regions: Option<crate::api::RegionsSpec>,
    /// DRS endpoint.
    pub endpoint: Url,
    /// IAM endpoint.
    pub iam_endpoint: Url,
    /// Project id, if known (password login can learn it).
    pub project_id: Option<String>,
    /// `X-Language`.
    pub language: Option<Language>,
    /// Refuse writes.
    pub read_only: bool,
    /// Typed confirmation for every delete.
    pub protected: bool,
    /// Credentials.
    pub credentials: Credentials,
    /// Where they came from, for messages ("environment (HUAWEICLOUD_SDK_AK)").
    pub credentials_origin: String,
    /// List page size.
    pub page_size: u32,
    /// Concurrent writes.
    pub concurrency: usize,
    /// Typed-confirmation threshold.
    pub confirm_threshold: usize,
    /// TUI auto-refresh.
    pub auto_refresh: Option<Duration>,
    /// TUI undo window before a confirmed delete is sent (zero: none).
    pub undo_grace: Duration,
    /// Retries and timeouts.
    pub retry: RetryPolicy,
    /// Body size cap.
    pub body_limit: usize,
    /// Warnings to show (e.g. a config file readable by others that holds secrets).
    pub warnings: Vec<String>,
    /// Extra trusted CA bundles (`--ca-bundle` or the profile's `ca_bundle`, and `SSL_CERT_FILE`).
    pub ca_bundles: Vec<CaBundle>,
    /// Plain http:// is allowed to hosts other than this machine.
    pub allow_insecure_http: bool,
    /// The proxy variables of the environment snapshot, for the clients.
    pub proxies: ProxyEnv,
}

impl Settings {
    /// Settings with every default and the given endpoints and credentials: the demo's, and
    /// the base the resolver fills in.
    pub fn base(endpoint: Url, iam_endpoint: Url, credentials: Credentials) -> Settings {
        Settings {
            profile: None,
            region: None,
            regions: None,
            endpoint,
            iam_endpoint,
            project_id: None,
            language: None,
            read_only: false,
            protected: false,
            credentials,
            credentials_origin: String::new(),
            page_size: DEFAULT_PAGE_SIZE,
            concurrency: defaults::CONCURRENCY,
            confirm_threshold: defaults::CONFIRM_THRESHOLD,
            auto_refresh: Some(defaults::AUTO_REFRESH),
            undo_grace: Duration::from_secs(defaults::UNDO_GRACE_SECS),
            retry: RetryPolicy::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            warnings: Vec::new(),
            ca_bundles: Vec::new(),
            allow_insecure_http: false,
            proxies: ProxyEnv::default(),
        }
    }

    /// Settings for unit tests: a token for project `p` at cn-north-4.
    #[cfg(test)]
    pub fn for_tests() -> Settings {
        let url = |u: &str| Url::parse(u).unwrap_or_else(|_| unreachable!());
        Settings {
            project_id: Some("p".into()),
            region: Some("cn-north-4".into()),
            ..Settings::base(
                url("https://drs.cn-north-4.myhuaweicloud.com"),
                url("https://iam.cn-north-4.myhuaweicloud.com"),
                Credentials::Token(crate::secret::Secret::new("t")),
            )
        }
    }

    /// The IAM project scope for password login.
    pub fn project_scope(&self) -> ProjectScope {
        match (&self.project_id, &self.region) {
            (Some(id), _) => ProjectScope::Id(id.clone()),
            (None, Some(r)) => ProjectScope::Name(r.clone()),
            (None, None) => ProjectScope::Name(String::new()),
        }
    }

    /// The client configuration for these settings.
    pub fn client_config(&self) -> crate::api::ClientConfig {
        crate::api::ClientConfig {
            endpoint: self.endpoint.clone(),
            iam_endpoint: self.iam_endpoint.clone(),
            project_id: self.project_id.clone(),
            language: self.language,
            read_only: self.read_only,
            page_size: self.page_size,
            body_limit: self.body_limit,
            retry: self.retry.clone(),
            ca_bundles: self.ca_bundles.clone(),
            proxies: self.proxies.clone(),
        }
    }
}

/// The default config file: `<config dir>/drs-tui/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "drs-tui").map(|d| d.config_dir().join("config.toml"))
}

/// The directory for logs and the audit trail (the state dir, or the local data dir).
pub fn state_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "drs-tui").map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .to_path_buf()
    })
}

/// Creates `dir` (and missing parents) private to the user: mode 0700 on Unix. When `ours`
/// (drs-tui's own state directory), an existing one open to group or others is tightened too;
/// a directory the user named is left as it is.
pub fn ensure_private_dir(dir: &Path, ours: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        if ours {
            let meta = std::fs::metadata(dir)?;
            if meta.is_dir() && meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = ours;
        std::fs::create_dir_all(dir)
    }
}

/// Opens `path` for appending, created 0600 on Unix; an existing regular file open to group
/// or others is tightened to 0600 (never a device such as `/dev/null`).
pub fn open_private_append(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let file = opts.open(path)?;
        let meta = file.metadata()?;
        if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        opts.open(path)
    }
}

/// The most concurrent writes allowed.
pub const MAX_CONCURRENCY: usize = defaults::MAX_CONCURRENCY;

/// A concurrency setting within 1..=[`MAX_CONCURRENCY`].
pub fn check_concurrency(n: usize) -> Result<usize, String> {
    if (1..=MAX_CONCURRENCY).contains(&n) {
        Ok(n)
    } else {
        Err(tr!(CfgOutOfRange, n, MAX_CONCURRENCY))
    }
}

/// A boolean setting's value: `true/false/1/0/yes/no/on/off` in any case, nothing else.
/// Anything unrecognised is an error naming `setting`: a safety switch such as read-only must
/// never be silently off because of a typo (`y`, `enabled`, `2`).
pub fn parse_bool(setting: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError(tr!(
            CfgNotBoolean,
            format!("{setting}={value:?}")
        ))),
    }
}

#[cfg(test)]
mod tests;
