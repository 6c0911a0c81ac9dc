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

/// Reads one bundle: every certificate in it, or an error naming the file, its setting and,
/// when a PEM block does not parse, which block and where (`block 2 (line 17): bad base64`).
pub fn read_bundle(bundle: &CaBundle) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let what = || crate::tr!(TlsBundle, bundle.path.display(), bundle.from);
    let pem = crate::local_file::read_regular(&bundle.path, crate::local_file::MAX_CA_BUNDLE_BYTES)
        .map_err(|e| ClientError::Invalid(crate::tr!(TlsCannotRead, what(), e)))?;
    let certs = pem_certificates(&pem)
        .map_err(|e| ClientError::Invalid(crate::tr!(TlsNotPem, what(), e)))?;
    if certs.is_empty() {
        return Err(ClientError::Invalid(crate::tr!(TlsNoCert, what())));
    }
    Ok(certs)
}

/// One `-----BEGIN …-----` … `-----END …-----` block of a bundle.
struct Block<'a> {
    /// Its number in the bundle, from 1.
    n: usize,
    /// The line of its BEGIN, from 1.
    line: usize,
    /// Its text, BEGIN and END lines included.
    text: &'a [u8],
}

impl Block<'_> {
    fn fail(&self, why: &str) -> String {
        crate::tr!(PemBlockFailed, self.n, self.line, why)
    }
}

/// The PEM blocks of `pem`, in order; a block whose END is missing is an error naming it.
/// Text outside blocks is skipped (bundles carry comments), as PEM readers do.
fn pem_blocks(pem: &[u8]) -> Result<Vec<Block<'_>>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (offset, line) of the BEGIN in progress
    let mut offset = 0;
    for (i, raw) in pem.split_inclusive(|b| *b == b'\n').enumerate() {
        let line = raw.trim_ascii();
        let end = offset + raw.len();
        if line.starts_with(b"-----BEGIN ") {
            if let Some((_, at)) = open {
                let block = Block {
                    n: blocks.len() + 1,
                    line: at,
                    text: &[],
                };
                return Err(block.fail(&crate::tr!(PemNoEndBefore, i + 1)));
            }
            open = Some((offset, i + 1));
        } else if line.starts_with(b"-----END ")
            && let Some((start, at)) = open.take()
        {
            blocks.push(Block {
                n: blocks.len() + 1,
                line: at,
                text: &pem[start..end],
            });
        }
        offset = end;
    }
    if let Some((_, at)) = open {
        let block = Block {
            n: blocks.len() + 1,
            line: at,
            text: &[],
        };
        return Err(block.fail(crate::tr!(PemNoEnd)));
    }
    Ok(blocks)
}

/// The certificates of a PEM bundle, each checked the way rustls will use it (a trust anchor),
/// so that a broken one is named here by block and line rather than failing the HTTP client's
/// build as a bare "builder error". Blocks of other kinds (keys, CRLs, unknown labels) are
/// skipped.
fn pem_certificates(pem: &[u8]) -> Result<Vec<reqwest::Certificate>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::{Error, PemObject, SectionKind};
    let mut certs = Vec::new();
    let mut probe = rustls::RootCertStore::empty();
    for block in pem_blocks(pem)? {
        let der = match <(SectionKind, Vec<u8>)>::from_pem_slice(block.text) {
            Ok((SectionKind::Certificate, der)) => CertificateDer::from(der),
            Ok(_) | Err(Error::NoItemsFound) => continue,
            Err(Error::Base64Decode(_)) => return Err(block.fail(crate::tr!(PemBadBase64))),
            Err(Error::IllegalSectionStart { .. }) => {
                return Err(block.fail(crate::tr!(PemBadBegin)));
            }
            Err(Error::MissingSectionEnd { .. }) => {
                return Err(block.fail(crate::tr!(PemEndMismatch)));
            }
            Err(e) => return Err(block.fail(&e.to_string())),
        };
        probe
            .add(der.clone())
            .map_err(|e| block.fail(&crate::tr!(PemNotCertificate, e)))?;
        let cert = reqwest::Certificate::from_der(&der)
            .map_err(|e| block.fail(&crate::tr!(PemNotCertificate, e)))?;
        certs.push(cert);
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

    /// A self-signed certificate's PEM (13 lines: BEGIN, 11 of base64, END, for this key type).
    fn cert_pem() -> String {
        let key = rcgen::KeyPair::generate().expect("key");
        rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .expect("params")
            .self_signed(&key)
            .expect("cert")
            .pem()
    }

    fn err_of(pem: &str) -> String {
        pem_certificates(pem.as_bytes()).expect_err("refused")
    }

    #[test]
    fn a_block_that_does_not_parse_is_named_by_number_and_line() {
        let good = cert_pem();
        let lines = good.lines().count();
        assert!(pem_certificates(good.as_bytes()).expect("one").len() == 1);
        // A comment line, a good block, then one whose base64 is broken.
        let broken = good.replacen("MII", "M!I", 1);
        let bundle = format!("# company CAs\n{good}{broken}");
        let err = err_of(&bundle);
        assert_eq!(
            err,
            format!("block 2 (line {}): bad base64", 2 + lines),
            "{err}"
        );
        // Decodes, but is no certificate: named too (not a bare "builder error").
        let junk = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        let err = err_of(&format!("{good}{junk}"));
        assert!(
            err.starts_with(&format!("block 2 (line {}): not a certificate", lines + 1)),
            "{err}"
        );
        let cut = &good[..good.find("-----END").expect("END")];
        assert_eq!(err_of(cut), "block 1 (line 1): no END line");
        let err = err_of(&format!("{cut}{good}"));
        assert_eq!(
            err,
            format!("block 1 (line 1): no END line before the next BEGIN (line {lines})")
        );
        // Other kinds of block are skipped: a bundle of none holds no certificate.
        let key = "-----BEGIN PUBLIC KEY-----\naGVsbG8=\n-----END PUBLIC KEY-----\n";
        assert_eq!(pem_certificates(key.as_bytes()).expect("ok").len(), 0);
        let two = pem_certificates(format!("{good}{key}{good}").as_bytes()).expect("ok");
        assert_eq!(two.len(), 2);
    }

    #[test]
    fn a_bundle_with_bad_base64_names_file_setting_and_block() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("corp.pem");
        let good = cert_pem();
        std::fs::write(&path, format!("{good}{}", good.replacen("MII", "M!I", 1))).expect("write");
        let bundle = CaBundle {
            path,
            from: "ca_bundle in profile corp".into(),
        };
        let err = read_bundle(&bundle).unwrap_err().to_string();
        let line = good.lines().count() + 1;
        assert!(
            err.contains("corp.pem")
                && err.contains("ca_bundle in profile corp")
                && err.contains(&format!("block 2 (line {line}): bad base64")),
            "{err}"
        );
    }
}
