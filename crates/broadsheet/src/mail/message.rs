//! Building a message for SMTP: plain text, or text and HTML as alternatives, with an
//! optional one-click unsubscribe address (RFC 2369 and RFC 8058 headers). Kept apart
//! from the transport so either may change without the other.

use super::Mailer;
use broadsheet_store::{NewMessage, Store};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncTransport, Message};

/// A message to one recipient.
#[derive(Clone, Debug, Default)]
pub struct Letter<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    /// An HTML alternative to `text`, when there is one.
    pub html: Option<&'a str>,
    /// Where one click (a POST of `List-Unsubscribe=One-Click`) takes the reader off
    /// the list this message came from.
    pub unsubscribe: Option<&'a str>,
}

impl Letter<'_> {
    /// The message from `from`; an error names what is wrong with it.
    pub fn build(&self, from: &Mailbox) -> Result<Message, String> {
        let to: Mailbox = self.to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(self.subject);
        if let Some(url) = self.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let built = match self.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                self.text.to_string(),
                html.to_string(),
            )),
            None => builder.body(self.text.to_string()),
        };
        built.map_err(|e| e.to_string())
    }
}

/// Why a letter was not sent: the error, and whether trying again cannot help.
pub type Refusal = (String, bool);

impl Mailer {
    /// Sends `letter` now and waits for the answer: over SMTP when configured, else into
    /// the outbox (kind `kind`, text only, one-time links taken out) for an administrator.
    pub async fn send_letter(
        &self,
        store: &Store,
        kind: &str,
        letter: &Letter<'_>,
    ) -> Result<(), Refusal> {
        let Some((smtp, from)) = &self.smtp else {
            let kept = super::delivery::redact_links(letter.text);
            let message = NewMessage {
                to: letter.to,
                subject: letter.subject,
                body: &kept,
                kind,
                transport: "outbox",
                unsubscribe: None,
            };
            return store
                .record_message(&message)
                .await
                .map(|_| ())
                .map_err(|e| (e.to_string(), false));
        };
        let message = letter.build(from).map_err(|e| (e, true))?;
        smtp.send(message)
            .await
            .map(|_| ())
            .map_err(|e| (e.to_string(), e.is_permanent()))
    }
}
