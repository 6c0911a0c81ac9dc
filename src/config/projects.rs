//! The project id found through IAM for AK/SK + region, cached per AK, region and IAM endpoint
//! in the state directory so that later runs ask IAM nothing. The cache file holds project ids
//! and SHA-256 digests only: neither the SK nor the AK itself is ever written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Settings;
use crate::api::{Authenticator, Credentials, DrsClient, ProjectLookupError};

/// The cache file: `<state dir>/project-ids.json`.
pub fn cache_path() -> Option<PathBuf> {
    super::state_dir().map(|d| d.join("project-ids.json"))
}

/// The cache key: a digest of the AK, the region and the IAM endpoint.
pub fn cache_key(ak: &str, region: &str, iam_endpoint: &str) -> String {
    let mut h = Sha256::new();
    for part in [ak, region, iam_endpoint] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

/// The cache's entries: none when it is missing or damaged; a file that is not a regular file
/// (a FIFO would block) or is too large is an error naming it.
fn read_cache(path: &Path) -> Result<BTreeMap<String, String>, String> {
    use crate::local_file::{MAX_PROJECT_CACHE_BYTES, is_refusal, read_regular};
    match read_regular(path, MAX_PROJECT_CACHE_BYTES) {
        Ok(b) => Ok(serde_json::from_slice(&b).unwrap_or_default()),
        Err(e) if is_refusal(&e) => Err(crate::tr!(CacheRefused, path.display(), e)),
        Err(_) => Ok(BTreeMap::new()),
    }
}

/// The cached project id for `key`, if any; an error when the cache cannot be read safely.
pub fn cached(path: &Path, key: &str) -> Result<Option<String>, String> {
    read_cache(path).map(|mut all| all.remove(key))
}

/// Records `key` → `project_id`: the whole cache is written to a temp file created
/// exclusively beside it, then renamed over it (0600 on Unix; see
/// [`crate::local_file::write_private`]).
pub fn store(path: &Path, key: &str, project_id: &str) -> std::io::Result<()> {
    let mut all = read_cache(path).map_err(std::io::Error::other)?;
    all.insert(key.to_string(), project_id.to_string());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec_pretty(&all).map_err(std::io::Error::other)?;
    crate::local_file::write_private(path, &text)
}

/// Where the project id of AK/SK settings without one came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// From the cache file.
    Cached(String),
    /// Asked IAM (and cached).
    Asked(String),
}

/// The project id for AK/SK settings that name a region but no project: from the cache, or
/// from IAM (`GET /v3/projects?name=<region>`), then cached. `Ok(None)` when these settings
/// need no lookup (a project id is set, or the credentials are not AK/SK).
pub async fn find_project_id(
    settings: &Settings,
    cache: Option<&Path>,
) -> Result<Option<Found>, ProjectLookupError> {
    let (Credentials::AkSk { ak, .. }, None, Some(region)) = (
        &settings.credentials,
        &settings.project_id,
        &settings.region,
    ) else {
        return Ok(None);
    };
    let key = cache_key(ak.expose(), region, settings.iam_endpoint.as_str());
    let hit = match cache {
        Some(p) => cached(p, &key)
            .map_err(ProjectLookupError::Refused)?
            .map(|id| (p, id)),
        None => None,
    };
    if let Some((path, id)) = hit {
        let from = crate::tr!(SrcProjectCache, path.display());
        crate::api::client::check_project_id(&id, &from).map_err(ProjectLookupError::Refused)?;
        tracing::info!(region = %region, "project id from the cache");
        return Ok(Some(Found::Cached(id)));
    }
    let auth = Authenticator::new(
        settings.credentials.clone(),
        settings.iam_endpoint.clone(),
        settings.project_scope(),
    );
    let client = DrsClient::new(settings.client_config(), auth, None)
        .map_err(ProjectLookupError::Request)?;
    let id = client.project_for_region(region).await?;
    tracing::info!(region = %region, iam = %settings.iam_endpoint, "project id found through IAM");
    if let Some(p) = cache
        && let Err(e) = store(p, &key, &id)
    {
        tracing::warn!(path = %p.display(), error = %e, "cannot cache the project id");
    }
    Ok(Some(Found::Asked(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_entries_apart_and_never_holds_the_ak() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("state/project-ids.json");
        let a = cache_key("AKSECRETACCESSKEY01", "cn-north-4", "https://iam.x/");
        let b = cache_key("AKSECRETACCESSKEY01", "cn-north-1", "https://iam.x/");
        assert_ne!(a, b);
        assert_eq!(cached(&path, &a), Ok(None));
        store(&path, &a, "p-north-4").expect("store");
        store(&path, &b, "p-north-1").expect("store");
        assert_eq!(cached(&path, &a), Ok(Some("p-north-4".into())));
        assert_eq!(cached(&path, &b), Ok(Some("p-north-1".into())));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(!text.contains("AKSECRETACCESSKEY01"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "private: {mode:o}");
        }
        // A damaged file is a miss, not an error.
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(cached(&path, &a), Ok(None));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_old_temp_name_is_not_followed() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("project-ids.json");
        let target = dir.path().join("victim");
        std::fs::write(&target, "precious\n").expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join("project-ids.json.tmp"))
            .expect("symlink");
        store(&path, "k", "p-1").expect("store");
        assert_eq!(
            std::fs::read_to_string(&target).expect("read"),
            "precious\n"
        );
        assert_eq!(cached(&path, "k"), Ok(Some("p-1".into())));
        assert!(
            !std::fs::symlink_metadata(&path)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
    }
}
