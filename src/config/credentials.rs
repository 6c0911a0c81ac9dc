//! The credential chain: flags, then environment, then the profile, then the official SDK's
//! INI credentials file.

use std::path::{Path, PathBuf};

use super::{ConfigError, CredentialSource, FlagValues, Profile};
use crate::api::Credentials;
use crate::secret::Secret;
use crate::tr;

/// Credentials read from the SDK's file, with its `project_id` and `iam_endpoint` if present.
pub type SdkCredentials = (Credentials, Option<String>, Option<String>);

/// Reads the SDK's INI credentials file: section `[basic]` or `[basiccredentials]`.
/// Returns the credentials and the file's `project_id` / `iam_endpoint` if present.
/// Section names and keys are matched without regard to case: the SDK reads the file with
/// Python's `ConfigParser`, which lower-cases keys, so `AK = …` works there and must here.
pub fn load_sdk_credentials(path: &Path) -> Result<Option<SdkCredentials>, ConfigError> {
    if !path.exists() {
        return Ok(None);
    }
    // Only a regular file of at most 1 MiB: a FIFO would block, a device never end.
    let bytes = crate::local_file::read_regular(path, crate::local_file::MAX_CREDENTIALS_BYTES)
        .map_err(|e| ConfigError(tr!(CredInvalidFile, path.display(), e)))?;
    let text = String::from_utf8_lossy(&bytes);
    let ini = ini::Ini::load_from_str(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .map_err(|e| ConfigError(tr!(CredInvalidFile, path.display(), e)))?;
    let section = ["basic", "basiccredentials"].iter().find_map(|wanted| {
        ini.iter()
            .find(|(name, _)| name.is_some_and(|n| n.trim().eq_ignore_ascii_case(wanted)))
            .map(|(_, props)| props)
    });
    let Some(section) = section else {
        return Err(ConfigError(tr!(CredNoSection, path.display())));
    };
    // The last of repeated keys wins, as the last assignment does.
    let get = |k: &str| {
        section
            .iter()
            .filter(|(key, _)| key.trim().eq_ignore_ascii_case(k))
            .map(|(_, v)| v.trim())
            .next_back()
            .filter(|s| !s.is_empty())
    };
    match (get("ak"), get("sk")) {
        (Some(ak), Some(sk)) => Ok(Some((
            Credentials::AkSk {
                ak: Secret::new(ak),
                sk: Secret::new(sk),
                security_token: get("security_token").map(Secret::new),
            },
            get("project_id").map(str::to_owned),
            get("iam_endpoint").map(str::to_owned),
        ))),
        _ => Err(ConfigError(tr!(CredLacksAkSk, path.display()))),
    }
}

/// The message shown when no credentials were found anywhere, in the current language.
pub fn no_credentials() -> &'static str {
    tr!(CredNone)
}

pub(super) type Chain = (Credentials, String, Option<String>, Option<String>);

/// The first link of the chain that holds credentials: flags, environment, the profile, the
/// SDK's credentials file. Half a set of credentials in a link is an error, not a skip.
pub(super) fn credential_chain(
    flags: &FlagValues,
    getenv: &dyn Fn(&str) -> Option<String>,
    profile: &Profile,
    warnings: &mut Vec<String>,
) -> Result<Chain, ConfigError> {
    if let Some(c) = from_flags(flags)? {
        return Ok((c, "command-line flags".into(), None, None));
    }
    if let Some(c) = from_env(getenv)? {
        return Ok((c, "environment".into(), None, None));
    }
    if let Some(source) = &profile.credentials {
        return from_profile(source, getenv, warnings);
    }
    if let Some(path) = sdk_file_default(getenv)
        && let Some(chain) = from_sdk_file(&path, warnings)?
    {
        return Ok(chain);
    }
    Err(ConfigError(no_credentials().into()))
}

/// 1. `--ak`/`--sk`, `--token`, `--iam-user`/`--iam-password`/`--iam-domain`.
fn from_flags(flags: &FlagValues) -> Result<Option<Credentials>, ConfigError> {
    from_parts(
        flags.ak.clone(),
        flags.sk.clone(),
        flags.security_token.clone(),
        flags.token.clone(),
        flags.iam_user.clone(),
        flags.iam_password.clone(),
        flags.iam_domain.clone(),
        tr!(CredPlaceFlags),
    )
}

/// 2. The SDK's and our environment variables.
fn from_env(getenv: &dyn Fn(&str) -> Option<String>) -> Result<Option<Credentials>, ConfigError> {
    from_parts(
        getenv("HUAWEICLOUD_SDK_AK"),
        getenv("HUAWEICLOUD_SDK_SK"),
        getenv("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        getenv("DRS_TUI_TOKEN"),
        getenv("DRS_TUI_IAM_USER"),
        getenv("DRS_TUI_IAM_PASSWORD"),
        getenv("DRS_TUI_IAM_DOMAIN"),
        tr!(CredPlaceEnv),
    )
}

/// 3. The profile's `credentials`: the profile decides, so what it names must be there.
fn from_profile(
    source: &CredentialSource,
    getenv: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<Chain, ConfigError> {
    let credentials = match source {
        CredentialSource::Aksk {
            ak,
            sk,
            security_token,
        } => Credentials::AkSk {
            ak: Secret::new(ak.as_str()),
            sk: Secret::new(sk.as_str()),
            security_token: security_token.as_deref().map(Secret::new),
        },
        CredentialSource::Token { token } => Credentials::Token(Secret::new(token.as_str())),
        CredentialSource::IamPassword {
            user,
            password,
            domain,
        } => Credentials::IamPassword {
            user: user.clone(),
            password: Secret::new(password.as_str()),
            domain: domain.clone(),
        },
        CredentialSource::Env {
            ak_var,
            sk_var,
            token_var,
        } => {
            let c = from_named_env(ak_var, sk_var, token_var, getenv)?;
            return Ok((c, "profile (environment variables)".into(), None, None));
        }
        CredentialSource::SdkFile { path } => {
            let path = path
                .clone()
                .or_else(|| sdk_file_default(getenv))
                .ok_or_else(|| ConfigError(tr!(CredNoSdkFile).into()))?;
            return from_sdk_file(&path, warnings)?
                .ok_or_else(|| ConfigError(tr!(CredProfileFileMissing, path.display())));
        }
    };
    Ok((credentials, "profile".into(), None, None))
}

/// A profile's `type = "env"`: the variables it names, one of which must be set.
fn from_named_env(
    ak_var: &Option<String>,
    sk_var: &Option<String>,
    token_var: &Option<String>,
    getenv: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, ConfigError> {
    let named = |v: &Option<String>| v.as_deref().and_then(getenv);
    let place = tr!(CredPlaceProfileEnv);
    let (ak, sk, token) = (named(ak_var), named(sk_var), named(token_var));
    if let Some(c) = from_parts(ak, sk, None, token, None, None, None, place)? {
        return Ok(c);
    }
    Err(ConfigError(tr!(
        CredEnvUnset,
        [ak_var, sk_var, token_var]
            .iter()
            .filter_map(|v| v.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, or `~/.huaweicloud/credentials`.
fn sdk_file_default(getenv: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    getenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| {
            directories::BaseDirs::new().map(|b| b.home_dir().join(".huaweicloud/credentials"))
        })
}

/// The SDK's credentials file at `path` (`None` when there is none), with a warning when
/// others can read it.
fn from_sdk_file(path: &Path, warnings: &mut Vec<String>) -> Result<Option<Chain>, ConfigError> {
    let Some((c, p, i)) = load_sdk_credentials(path)? else {
        return Ok(None);
    };
    warnings.extend(super::readable_warning(path));
    Ok(Some((
        c,
        format!("credentials file {}", path.display()),
        p,
        i,
    )))
}

#[allow(clippy::too_many_arguments)]
fn from_parts(
    ak: Option<String>,
    sk: Option<String>,
    security_token: Option<String>,
    token: Option<String>,
    user: Option<String>,
    password: Option<String>,
    domain: Option<String>,
    place: &str,
) -> Result<Option<Credentials>, ConfigError> {
    match (ak, sk) {
        (Some(ak), Some(sk)) => {
            return Ok(Some(Credentials::AkSk {
                ak: Secret::new(ak),
                sk: Secret::new(sk),
                security_token: security_token.map(Secret::new),
            }));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(ConfigError(tr!(CredHalfAkSk, place)));
        }
        (None, None) => {}
    }
    if let Some(t) = token {
        return Ok(Some(Credentials::Token(Secret::new(t))));
    }
    match (user, password, domain) {
        (Some(user), Some(password), Some(domain)) => Ok(Some(Credentials::IamPassword {
            user,
            password: Secret::new(password),
            domain,
        })),
        (None, None, None) => Ok(None),
        _ => Err(ConfigError(tr!(CredHalfPassword, place))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_credentials_file_basic_or_basiccredentials() {
        let dir = tempfile::tempdir().expect("tmp");
        for section in ["basic", "basiccredentials"] {
            let path = dir.path().join(section);
            std::fs::write(
                &path,
                format!("[{section}]\nak = AKX\nsk = SKX\nproject_id = p1\n"),
            )
            .expect("write");
            let (c, project, _) = load_sdk_credentials(&path).expect("ok").expect("present");
            assert!(matches!(c, Credentials::AkSk { .. }));
            assert_eq!(project.as_deref(), Some("p1"));
        }
        // Keys and section names in any case, as the SDK's ConfigParser reads them.
        let path = dir.path().join("upper");
        std::fs::write(
            &path,
            "[Basic]\nAK = AKUPPER\nSK = SKUPPER\nProject_Id = p2\nIAM_ENDPOINT = https://iam.x\n",
        )
        .expect("write");
        let (c, project, iam) = load_sdk_credentials(&path).expect("ok").expect("present");
        match c {
            Credentials::AkSk { ak, sk, .. } => {
                assert_eq!(ak.expose(), "AKUPPER");
                assert_eq!(sk.expose(), "SKUPPER");
            }
            other => panic!("expected AK/SK, got {other:?}"),
        }
        assert_eq!(project.as_deref(), Some("p2"));
        assert_eq!(iam.as_deref(), Some("https://iam.x"));
        let path = dir.path().join("other");
        std::fs::write(&path, "[default]\nak = A\n").expect("write");
        let err = load_sdk_credentials(&path).unwrap_err();
        assert!(err.0.contains("[basic]"), "{err}");
    }
}
