//! Outgoing mail: composed from translated templates, recorded in the outbox, and sent
//! over SMTP (plain, STARTTLS or TLS) when `--smtp-url` is set (otherwise an
//! administrator reads the outbox).
//! Failed SMTP deliveries are retried by the job loop (see `delivery`).

pub mod delivery;
pub mod html;
pub mod message;
pub mod smtp;

use crate::i18n::I18n;
use crate::tls::OutgoingTls;
use broadsheet_store::{NewMessage, Store, StoreError};
use fluent_bundle::FluentArgs;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// A message ready to send.
#[derive(Clone, Debug, Default)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub kind: &'static str,
    /// Where a one-click POST unsubscribes the reader from this kind of mail (sent as
    /// `List-Unsubscribe`); most mail has none.
    pub unsubscribe: Option<String>,
}

impl Mail {
    /// The same mail, carrying a one-click unsubscribe address.
    pub fn with_unsubscribe(self, url: String) -> Mail {
        Mail {
            unsubscribe: Some(url),
            ..self
        }
    }
}

/// Builds `kind`'s mail in `locale` from the messages `mail-KIND-subject` and
/// `mail-KIND-body`, filling in `args` (plain text: nothing is HTML-escaped).
pub fn compose(
    i18n: &I18n,
    locale: &str,
    kind: &'static str,
    to: &str,
    args: &[(&str, String)],
) -> Mail {
    let mut fluent = FluentArgs::new();
    for (k, v) in args {
        fluent.set(*k, v.clone());
    }
    Mail {
        to: to.to_string(),
        subject: i18n.t(locale, &format!("mail-{kind}-subject"), Some(&fluent)),
        body: i18n.t(locale, &format!("mail-{kind}-body"), Some(&fluent)),
        kind,
        unsubscribe: None,
    }
}

/// Delivers mail: always into the outbox table, and over SMTP when configured.
pub struct Mailer {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
}

impl Mailer {
    /// No SMTP: mail waits in the outbox.
    pub fn outbox_only() -> Mailer {
        Mailer { smtp: None }
    }

    /// SMTP to `url` (the forms are in [`smtp`]), from `from`, trusting `tls`'s
    /// authorities for the server's certificate.
    pub fn smtp(url: &str, from: &str, tls: &OutgoingTls) -> anyhow::Result<Mailer> {
        let transport = smtp::SmtpUrl::parse(url)?.transport(tls)?;
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("the sender address {from:?} is not valid: {e}"))?;
        Ok(Mailer {
            smtp: Some((transport, from)),
        })
    }

    pub fn uses_smtp(&self) -> bool {
        self.smtp.is_some()
    }

    /// Records the message, then hands it to SMTP in the background so that a slow
    /// mail server (or a missing account) never shows in the response time. Over SMTP
    /// the text travels with an HTML alternative made from it (see [`html`]).
    pub async fn send(&self, store: &Store, mail: Mail) -> Result<(), StoreError> {
        let transport = if self.smtp.is_some() {
            "smtp"
        } else {
            "outbox"
        };
        let id = store
            .record_message(&NewMessage {
                to: &mail.to,
                subject: &mail.subject,
                body: &mail.body,
                kind: mail.kind,
                transport,
                unsubscribe: mail.unsubscribe.as_deref(),
            })
            .await?;
        if let Some((smtp, from)) = &self.smtp {
            let (smtp, from, store) = (smtp.clone(), from.clone(), store.clone());
            tokio::spawn(async move {
                let first = delivery::Outgoing {
                    id,
                    to: &mail.to,
                    subject: &mail.subject,
                    body: &mail.body,
                    unsubscribe: mail.unsubscribe.as_deref(),
                    failures: 0,
                };
                delivery::attempt(&smtp, &from, &store, first).await;
            });
        }
        Ok(())
    }
}

/// The sender address for a site at `base_url`: `noreply@` its host name, or
/// `noreply@localhost` when the host is an IP address.
pub fn default_sender(site_name: &str, base_url: &str) -> String {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let host = if host.chars().any(|c| c.is_ascii_alphabetic()) {
        host
    } else {
        "localhost"
    };
    let name: String = site_name
        .chars()
        .filter(|c| !matches!(c, '"' | '<' | '>' | '\\'))
        .collect();
    format!("\"{name}\" <noreply@{host}>")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sender_is_noreply_at_the_site_host() {
        assert_eq!(
            super::default_sender("The Ledger", "https://news.example:8443/x"),
            "\"The Ledger\" <noreply@news.example>"
        );
        assert_eq!(
            super::default_sender("A", "http://127.0.0.1:8080"),
            "\"A\" <noreply@localhost>"
        );
    }
}
