//! Certificates a test makes for itself: self-signed for 127.0.0.1 and localhost, with
//! a rustls acceptor serving it and the trust a client needs to accept it.

use broadsheet::tls::OutgoingTls;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// A fresh self-signed certificate and its key.
pub struct TestCert {
    pem: String,
    acceptor: TlsAcceptor,
}

impl TestCert {
    pub fn new() -> TestCert {
        let names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
        let made = rcgen::generate_simple_self_signed(names).expect("a certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![made.cert.der().clone()], key)
            .expect("the key fits the certificate");
        TestCert {
            pem: made.cert.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        }
    }

    /// What serves connections with this certificate.
    pub fn acceptor(&self) -> TlsAcceptor {
        self.acceptor.clone()
    }

    /// The certificate in PEM, as a node's `--ca-file` holds it.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// Outgoing TLS trusting this certificate (as `--ca-file` with its PEM would).
    pub fn trusted(&self) -> OutgoingTls {
        OutgoingTls::with_pem(self.pem.clone().into_bytes()).unwrap()
    }
}
