//! SMTP delivery with retries: a failed send waits longer each time and is tried again
//! by whichever node claims it first; once sent, the outbox keeps the message with its
//! one-time links taken out, so reading the outbox opens nobody's account.

use super::Mailer;
use crate::state::AppState;
use broadsheet_store::{Store, StoreError};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The wait before each retry, after the first, second, … failed attempt; after the
/// last one the message is given up and its error stays in the outbox.
const BACKOFF_SECS: [i64; 5] = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600];
/// How long a node's claim on a message lasts: well beyond one SMTP exchange.
const CLAIM_SECS: i64 = 300;
/// Most retries one tick sends.
const BATCH: i64 = 20;
/// What replaces a one-time token in a sent message's stored body.
pub const REDACTED: &str = "[removed once sent]";

/// One message of the outbox on its way out.
pub(super) struct Outgoing<'a> {
    pub id: i64,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The one-click unsubscribe address, when the message has one.
    pub unsubscribe: Option<&'a str>,
    /// Failed attempts before this one.
    pub failures: i64,
}

/// Tries to send `mail` once and records the outcome: sent (body redacted), or failed
/// with the time of the next try (none after the last, or when the server refused it
/// for good).
pub(super) async fn attempt(
    smtp: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    store: &Store,
    mail: Outgoing<'_>,
) {
    let outcome = match build(from, &mail) {
        Ok(message) => smtp
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| (e.to_string(), e.is_permanent())),
        Err(e) => Err((e, true)),
    };
    let recorded = match outcome {
        Ok(()) => store.message_sent(mail.id, &redact_links(mail.body)).await,
        Err((error, permanent)) => {
            let wait = BACKOFF_SECS
                .get(mail.failures as usize)
                .filter(|_| !permanent);
            let retry_at = wait.map(|w| broadsheet_store::now() + w);
            tracing::warn!(outbox = mail.id, error = %error, ?retry_at, "mail delivery failed");
            store.message_failed(mail.id, &error, retry_at).await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(outbox = mail.id, error = %e, "could not record how a delivery went");
    }
}

/// Sends again the messages whose retry time (by `now`) has come and that this call
/// claims; every node may call it, each message goes to one. Returns how many it tried.
pub async fn retry_due(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let Mailer {
        smtp: Some((smtp, from)),
    } = state.mailer.as_ref()
    else {
        return Ok(0);
    };
    let due = state
        .store
        .claim_due_messages(now, CLAIM_SECS, BATCH)
        .await?;
    for m in &due {
        let mail = Outgoing {
            id: m.id,
            to: &m.to_addr,
            subject: &m.subject,
            body: &m.body,
            unsubscribe: m.unsubscribe_url.as_deref(),
            failures: m.attempts,
        };
        attempt(smtp, from, &state.store, mail).await;
    }
    Ok(due.len())
}

/// The message for SMTP: the stored text, its HTML alternative (made from the text, so
/// every attempt sends the same) and the unsubscribe headers when there is an address.
fn build(from: &Mailbox, mail: &Outgoing) -> Result<Message, String> {
    let html = super::html::from_text(mail.body);
    let letter = super::message::Letter {
        to: mail.to,
        subject: mail.subject,
        text: mail.body,
        html: Some(&html),
        unsubscribe: mail.unsubscribe,
    };
    letter.build(from)
}

/// `body` with every run of 32 or more hex digits inside a link (the one-time tokens of
/// verification, reset and unsubscribe links) replaced by [`REDACTED`].
pub fn redact_links(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for word in body.split_inclusive(char::is_whitespace) {
        if !word.contains("://") {
            out.push_str(word);
            continue;
        }
        let mut run = String::new();
        for c in word.chars() {
            if c.is_ascii_hexdigit() {
                run.push(c);
            } else {
                push_run(&mut out, &mut run);
                out.push(c);
            }
        }
        push_run(&mut out, &mut run);
    }
    out
}

fn push_run(out: &mut String, run: &mut String) {
    out.push_str(if run.len() >= 32 { REDACTED } else { run });
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_links_are_taken_out_and_nothing_else() {
        let token = "0123456789abcdef".repeat(4);
        let body = format!(
            "Hello,\n\nchoose a new password at https://news.example/password/reset/{token}\n\
             or verify at <http://127.0.0.1:8080/verify/{token}>.\n\
             Reference {token} outside a link stays, as do https://news.example/2026/cafe and ids.\n"
        );
        let kept = redact_links(&body);
        assert_eq!(kept.matches(REDACTED).count(), 2, "{kept}");
        assert!(kept.contains(&format!("https://news.example/password/reset/{REDACTED}\n")));
        assert!(kept.contains(&format!("/verify/{REDACTED}>.")));
        assert!(kept.contains(&format!("Reference {token} outside")));
        assert!(kept.contains("https://news.example/2026/cafe"));
        assert!(kept.starts_with("Hello,\n\nchoose"));
    }
}
