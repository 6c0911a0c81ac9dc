//! Which certificate authorities the client trusts: the bundled Mozilla roots, the operating
//! system's trust store (rustls-native-certs, read once per process), and extra PEM bundles
//! named by `--ca-bundle`, the profile's `ca_bundle` or `SSL_CERT_FILE`. Verification is never
//! switched off: a CA the machine does not trust is added, not the check removed.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::api::error::ClientError;
pub use crate::api::http::{is_untrusted_certificate, unknown_issuer_hint};

/// An extra PEM bundle of trusted CA certificates, and which setting named it (for errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaBundle {
    /// The PEM file.
    pub path: PathBuf,
    /// The setting that named it: `--ca-bundle`, `ca_bundle in profile NAME`, `SSL_CERT_FILE`.
    pub from: String,
}

/// Reads one bundle: every certificate in it, or an error naming the file and its setting.
pub fn read_bundle(bundle: &CaBundle) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let what = || crate::tr!(TlsBundle, bundle.path.display(), bundle.from);
    let pem = crate::local_file::read_regular(&bundle.path, crate::local_file::MAX_CA_BUNDLE_BYTES)
        .map_err(|e| ClientError::Invalid(crate::tr!(TlsCannotRead, what(), e)))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ClientError::Invalid(crate::tr!(TlsNotPem, what(), e)))?;
    if certs.is_empty() {
        return Err(ClientError::Invalid(crate::tr!(TlsNoCert, what())));
    }
    Ok(certs)
}

/// The operating system's trusted roots (or `SSL_CERT_FILE`/`SSL_CERT_DIR`, which stand in for
/// it as they do for OpenSSL). Read once: reqwest's own `rustls-tls-native-roots` re-reads and
/// re-parses the whole store in every `Client::new` (~40 ms each in a debug build). Entries
/// rustls cannot use as a trust anchor are left out here, where one bad entry costs only itself.
fn system_roots() -> &'static [reqwest::Certificate] {
    static ROOTS: OnceLock<Vec<reqwest::Certificate>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!(error = %e, "part of the system trust store could not be read");
        }
        let mut probe = rustls::RootCertStore::empty();
        let roots: Vec<reqwest::Certificate> = found
            .certs
            .into_iter()
            .filter(|der| probe.add(der.clone()).is_ok())
            .filter_map(|der| reqwest::Certificate::from_der(&der).ok())
            .collect();
        tracing::info!(certificates = roots.len(), "system trust store read");
        roots
    })
}

/// The process's `SSL_CERT_FILE`, which the system store's reader opens whatever it is (also
/// where the settings do not list it as a bundle, as with `--demo`): one that is not a regular
/// file, or too large, is refused here first. A missing one is left to that reader.
fn check_system_cert_file() -> Result<(), ClientError> {
    use crate::local_file::{MAX_CA_BUNDLE_BYTES, check_regular_path, is_refusal};
    let Some(path) = std::env::var_os("SSL_CERT_FILE").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    match check_regular_path(&path, MAX_CA_BUNDLE_BYTES) {
        Err(e) if is_refusal(&e) => {
            let what = crate::tr!(TlsBundle, path.display(), "SSL_CERT_FILE");
            Err(ClientError::Invalid(crate::tr!(TlsCannotRead, what, e)))
        }
        _ => Ok(()),
    }
}

/// Adds the system's roots and the extra bundles to a client builder; the built-in roots stay.
pub fn trust(
    mut builder: reqwest::ClientBuilder,
    bundles: &[CaBundle],
) -> Result<reqwest::ClientBuilder, ClientError> {
    // The bundles first: `SSL_CERT_FILE` is one of them, and the system store's reader
    // (rustls-native-certs) reads it too, without refusing a FIFO or an endless device.
    let extra = bundles
        .iter()
        .map(|b| read_bundle(b).map(|certs| (b, certs)))
        .collect::<Result<Vec<_>, _>>()?;
    check_system_cert_file()?;
    for cert in system_roots() {
        builder = builder.add_root_certificate(cert.clone());
    }
    for (bundle, certs) in extra {
        tracing::info!(path = %bundle.path.display(), from = %bundle.from, certificates = certs.len(), "extra CA bundle trusted");
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_that_is_not_pem_names_the_file_and_the_setting() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate\n").expect("write");
        let bundle = CaBundle {
            path: path.clone(),
            from: "--ca-bundle".into(),
        };
        let err = read_bundle(&bundle).unwrap_err().to_string();
        assert!(
            err.contains("ca.pem") && err.contains("--ca-bundle"),
            "{err}"
        );
        let missing = CaBundle {
            path: dir.path().join("none.pem"),
            from: "SSL_CERT_FILE".into(),
        };
        let err = read_bundle(&missing).unwrap_err().to_string();
        assert!(
            err.contains("none.pem") && err.contains("SSL_CERT_FILE"),
            "{err}"
        );
    }
}
