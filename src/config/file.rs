//! The profiles file (`config.toml`): its shape, read once and capped, and parsed with errors
//! that name the line and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ConfigError, parse_bool};
use crate::tr;

/// The profiles file (`config.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    /// Named profiles.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One named profile. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Region id, e.g. `cn-north-4`.
    pub region: Option<String>,
    /// Several projects at once: `all`, or `cn-north-4,cn-east-3`.
    pub regions: Option<String>,
    /// Project id.
    pub project_id: Option<String>,
    /// DRS endpoint override.
    pub endpoint: Option<String>,
    /// IAM endpoint override.
    pub iam_endpoint: Option<String>,
    /// `en-us` or `zh-cn`.
    pub language: Option<String>,
    /// Refuse every write.
    #[serde(default, deserialize_with = "strict_bool")]
    pub read_only: Option<bool>,
    /// Require typed confirmation for every delete.
    #[serde(default, deserialize_with = "strict_bool")]
    pub protected: Option<bool>,
    /// Where credentials come from.
    pub credentials: Option<CredentialSource>,
    /// List page size.
    pub page_size: Option<u32>,
    /// Concurrent write requests.
    pub concurrency: Option<usize>,
    /// Batches larger than this need typed confirmation.
    pub confirm_threshold: Option<usize>,
    /// TUI auto-refresh in seconds (0 turns it off).
    pub auto_refresh_secs: Option<u64>,
    /// TUI undo window before a confirmed delete is sent, in seconds (0 turns it off).
    pub undo_grace_secs: Option<u64>,
    /// Request attempts.
    pub attempts: Option<u32>,
    /// Connect timeout in seconds.
    pub connect_timeout_secs: Option<u64>,
    /// Request timeout in seconds.
    pub request_timeout_secs: Option<u64>,
    /// Largest answer read, in MiB (default 8); a larger one is a clear error.
    pub max_answer_mib: Option<usize>,
    /// Allow plain http:// to non-loopback hosts.
    #[serde(default, deserialize_with = "strict_bool")]
    pub allow_insecure_http: Option<bool>,
    /// Extra PEM bundle of trusted CAs (e.g. a company's TLS-inspecting proxy CA).
    pub ca_bundle: Option<PathBuf>,
}

/// Where a profile's credentials come from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CredentialSource {
    /// AK/SK written in the file (the file should then be private).
    Aksk {
        /// Access key.
        ak: String,
        /// Secret key.
        sk: String,
        /// Security token for temporary credentials.
        security_token: Option<String>,
    },
    /// A ready IAM token.
    Token {
        /// The token.
        token: String,
    },
    /// IAM password login.
    IamPassword {
        /// IAM user.
        user: String,
        /// Password.
        password: String,
        /// Account (domain) name.
        domain: String,
    },
    /// The official SDK's INI credentials file.
    SdkFile {
        /// Its path; default `HUAWEICLOUD_SDK_CREDENTIALS_FILE` or `~/.huaweicloud/credentials`.
        path: Option<PathBuf>,
    },
    /// Environment variables named here.
    Env {
        /// Variable holding the AK.
        ak_var: Option<String>,
        /// Variable holding the SK.
        sk_var: Option<String>,
        /// Variable holding a token.
        token_var: Option<String>,
    },
}

impl CredentialSource {
    fn holds_secret(&self) -> bool {
        matches!(
            self,
            CredentialSource::Aksk { .. }
                | CredentialSource::Token { .. }
                | CredentialSource::IamPassword { .. }
        )
    }
}

/// The largest config file read. A profiles file is a few KiB; anything bigger is a mistake
/// (`--config /dev/zero`, a log passed by accident) and must not be read until memory runs out.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The warning for a file holding secrets that other local users can read.
pub(crate) fn readable_warning(path: &Path) -> Option<String> {
    readable_by_others(path).then(|| tr!(CfgReadableWarning, path.display(), path.display()))
}

/// Reads and parses a config file. A missing default file is not an error (`Ok(None)`).
pub fn load_config_file(
    path: &Path,
    required: bool,
) -> Result<Option<(ConfigFile, Vec<String>)>, ConfigError> {
    let text = match read_capped_text(path, MAX_CONFIG_BYTES) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => {
            return Err(ConfigError(tr!(CfgCannotRead, path.display(), e)));
        }
    };
    let file = parse_config(&text, path)?;
    let mut warnings = Vec::new();
    if file.profiles.values().any(|p| {
        p.credentials
            .as_ref()
            .is_some_and(CredentialSource::holds_secret)
    }) && let Some(w) = readable_warning(path)
    {
        warnings.push(w);
    }
    Ok(Some((file, warnings)))
}

/// Parses config text; errors name the file, line, column and key.
pub fn parse_config(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                let before = text.get(..s.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let key = text.get(s.start..s.end).unwrap_or("").trim();
                // A bad value's span is the value alone: show its line, which names the key.
                let whole = text
                    .get(s.start..)
                    .unwrap_or("")
                    .lines()
                    .next()
                    .map(|rest| format!("{}{rest}", before.rsplit('\n').next().unwrap_or("")))
                    .unwrap_or_default();
                let whole = whole.trim();
                if whole.is_empty() || whole == key || key.contains('\n') {
                    tr!(CfgAt, line, col, key)
                } else {
                    tr!(CfgAtIn, line, col, key, whole)
                }
            })
            .unwrap_or_default();
        ConfigError(tr!(CfgInvalid, path.display(), place, e.message()))
    })
}

/// Reads a UTF-8 text file of at most `cap` bytes; a longer one, or one that is not a regular
/// file (a FIFO, a device, a directory), is an error without blocking or reading more than
/// `cap + 1` bytes (see [`crate::local_file::read_regular`]).
fn read_capped_text(path: &Path, cap: u64) -> std::io::Result<String> {
    let bytes = crate::local_file::read_regular(path, cap)?;
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, tr!(CfgNotUtf8)))
}

/// A profile boolean: a TOML boolean, 0/1, or one of [`parse_bool`]'s words.
fn strict_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bool(bool),
        Int(i64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Bool(b) => Ok(Some(b)),
        Raw::Int(1) => Ok(Some(true)),
        Raw::Int(0) => Ok(Some(false)),
        Raw::Int(n) => Err(serde::de::Error::custom(tr!(CfgNotBoolean, n))),
        Raw::Text(t) => parse_bool("value", &t)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(tr!(CfgNotBoolean, format!("{t:?}")))),
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}
