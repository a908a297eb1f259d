//! Trust for outgoing TLS (mail to an SMTP server, webhook deliveries): the system's
//! certificate authorities plus, optionally, those of a PEM file named by `--ca-file`
//! (a company CA, or a test's self-signed certificate). Crypto is rustls on ring.

use anyhow::Context;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The authorities outgoing connections trust, and the client configuration built from
/// them on first use (reading the system store takes a moment, and many runs never
/// open a TLS connection).
#[derive(Default)]
pub struct OutgoingTls {
    /// The extra file as read, for lettre, which builds its own configuration.
    extra_pem: Option<Vec<u8>>,
    extra: Vec<CertificateDer<'static>>,
    client: OnceLock<Arc<ClientConfig>>,
}

impl OutgoingTls {
    /// The system's authorities only.
    pub fn system() -> OutgoingTls {
        OutgoingTls::default()
    }

    /// The system's authorities and every certificate in the PEM file at `path`.
    pub fn with_ca_file(path: &Path) -> anyhow::Result<OutgoingTls> {
        let pem = std::fs::read(path)
            .with_context(|| format!("cannot read the CA file {}", path.display()))?;
        OutgoingTls::with_pem(pem).with_context(|| format!("the CA file {}", path.display()))
    }

    /// The system's authorities and every certificate in `pem`.
    pub fn with_pem(pem: Vec<u8>) -> anyhow::Result<OutgoingTls> {
        let extra = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("not PEM: {e}"))?;
        anyhow::ensure!(!extra.is_empty(), "no certificate in it");
        Ok(OutgoingTls {
            extra_pem: Some(pem),
            extra,
            client: OnceLock::new(),
        })
    }

    /// The extra authorities' PEM text, if a file was given.
    pub fn extra_pem(&self) -> Option<&[u8]> {
        self.extra_pem.as_deref()
    }

    /// A client configuration trusting the system's and the extra authorities.
    pub fn client_config(&self) -> Arc<ClientConfig> {
        self.client
            .get_or_init(|| {
                let mut roots = RootCertStore::empty();
                let system = rustls_native_certs::load_native_certs();
                let (found, _) = roots.add_parsable_certificates(system.certs);
                let (extra, _) = roots.add_parsable_certificates(self.extra.iter().cloned());
                tracing::debug!(found, extra, "trust roots for outgoing TLS loaded");
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let config = ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .expect("ring supports the default TLS versions")
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                Arc::new(config)
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_must_hold_certificates() {
        let error = |r: anyhow::Result<OutgoingTls>| r.err().map(|e| format!("{e:#}"));
        let missing = error(OutgoingTls::with_ca_file(Path::new("/nonexistent/ca.pem")));
        assert!(missing.unwrap_or_default().contains("cannot read"));
        let empty = error(OutgoingTls::with_pem(b"just words\n".to_vec()));
        assert!(empty.unwrap_or_default().contains("no certificate"));
        assert!(OutgoingTls::system().extra_pem().is_none());
    }
}
