//! The `--smtp-url` forms and the transport each one builds:
//! `smtps://[user:pass@]host[:port]` (TLS from the first byte, port 465; user and
//! password may be percent-encoded),
//! `smtp://[user:pass@]host[:port]?tls=starttls` (plain, then STARTTLS before anything
//! else, required; port 587), and `smtp://host[:port]` (no TLS, port 25: only for a
//! relay on this machine when a password is given).

use crate::tls::OutgoingTls;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTls,
    Implicit,
}

/// A parsed `--smtp-url`.
#[derive(Debug, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
}

impl SmtpUrl {
    pub fn parse(url: &str) -> anyhow::Result<SmtpUrl> {
        let (implicit, rest) = match (url.strip_prefix("smtps://"), url.strip_prefix("smtp://")) {
            (Some(rest), _) => (true, rest),
            (None, Some(rest)) => (false, rest),
            _ => anyhow::bail!("the SMTP URL must start with smtp:// or smtps://"),
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let security = match (implicit, query) {
            (true, "") => Security::Implicit,
            (false, "") => Security::Plain,
            (false, "tls=starttls") => Security::StartTls,
            _ => anyhow::bail!(
                "the SMTP URL's options {query:?} are not understood: the only one is \
                 ?tls=starttls, on smtp:// (smtps:// is TLS already)"
            ),
        };
        let rest = rest.trim_end_matches('/');
        let (auth, host_port) = match rest.rsplit_once('@') {
            Some((auth, hp)) => (Some(auth), hp),
            None => (None, rest),
        };
        let default_port = match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Implicit => 465,
        };
        // (A bracketed IPv6 host without a port has colons but no port.)
        let port_part = host_port
            .rsplit_once(':')
            .filter(|(_, p)| !p.ends_with(']'));
        let (host, port) = match port_part {
            Some((h, p)) => (
                h,
                p.parse()
                    .map_err(|_| anyhow::anyhow!("the SMTP port {p:?} is not a number"))?,
            ),
            None => (host_port, default_port),
        };
        anyhow::ensure!(!host.is_empty(), "the SMTP URL has no host");
        let credentials = match auth {
            Some(a) => {
                let (user, pass) = a.split_once(':').ok_or_else(|| {
                    anyhow::anyhow!("the SMTP URL's account must be written user:password@")
                })?;
                Some((decoded(user)?, decoded(pass)?))
            }
            None => None,
        };
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        anyhow::ensure!(
            credentials.is_none() || security != Security::Plain || local,
            "the SMTP URL sends a password without TLS: use smtps:// or add ?tls=starttls \
             (plain SMTP with a password is allowed only to this machine)"
        );
        Ok(SmtpUrl {
            security,
            host: host.to_string(),
            port,
            credentials,
        })
    }

    /// The transport, trusting `tls`'s authorities for the server's certificate.
    pub fn transport(
        &self,
        tls: &OutgoingTls,
    ) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(self.port);
        if self.security != Security::Plain {
            let mut params = TlsParameters::builder(host.to_string());
            if let Some(pem) = tls.extra_pem() {
                let extra = Certificate::from_pem(pem)
                    .map_err(|e| anyhow::anyhow!("the CA file is not usable for mail: {e}"))?;
                params = params.add_root_certificate(extra);
            }
            let params = params
                .build_rustls()
                .map_err(|e| anyhow::anyhow!("cannot set up TLS for mail: {e}"))?;
            builder = builder.tls(match self.security {
                Security::Implicit => Tls::Wrapper(params),
                _ => Tls::Required(params),
            });
        }
        if let Some((user, pass)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(builder.build())
    }
}

/// A user name or password as written in the URL, `%40` and the like decoded.
fn decoded(part: &str) -> anyhow::Result<String> {
    percent_encoding::percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| anyhow::anyhow!("the SMTP URL's account is not UTF-8 once decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(url: &str) -> (Security, String, u16, Option<(String, String)>) {
        let u = SmtpUrl::parse(url).unwrap();
        (u.security, u.host, u.port, u.credentials)
    }

    #[test]
    fn each_form_has_its_security_and_port() {
        let creds = Some(("ann".to_string(), "p:w@d".to_string()));
        assert_eq!(
            parsed("smtps://ann:p:w@d@mail.example.org"),
            (
                Security::Implicit,
                "mail.example.org".into(),
                465,
                creds.clone()
            )
        );
        assert_eq!(
            parsed("smtp://ann:p:w@d@mail.example.org?tls=starttls"),
            (Security::StartTls, "mail.example.org".into(), 587, creds)
        );
        assert_eq!(
            parsed("smtp://127.0.0.1:2525/"),
            (Security::Plain, "127.0.0.1".into(), 2525, None)
        );
        assert_eq!(parsed("smtp://relay").2, 25);
        let encoded = parsed("smtps://news%40example.org:a%3Ab@mail.example.org:2465");
        let expected = Some(("news@example.org".to_string(), "a:b".to_string()));
        assert_eq!((encoded.2, encoded.3), (2465, expected));
    }

    #[test]
    fn unclear_or_unsafe_urls_are_refused() {
        for bad in [
            "http://mail.example.org",
            "smtp://",
            "smtp://mail.example.org:abc",
            "smtps://mail.example.org?tls=starttls",
            "smtp://mail.example.org?tls=yes",
            "smtp://ann@mail.example.org?tls=starttls",
            "smtp://ann:secret@mail.example.org",
        ] {
            assert!(SmtpUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(SmtpUrl::parse("smtp://ann:secret@localhost:25").is_ok());
    }
}
