//! Making sends and delivering them. Digests: for each list with confirmed readers, the
//! stories of the last whole period (UTC day, or week from Monday), made once per period
//! by the dedupe key whichever node gets there first. Deliveries: claimed in batches by
//! one node each, sent one after another with a pause, failures retried with a growing
//! wait; a reader who left the list since is skipped.

use super::compose::{self, personal, unsubscribe_url};
use crate::error::AppError;
use crate::mail::message::Letter;
use crate::state::AppState;
use broadsheet_store::{DeliveryOutcome, ListKey, NewSend, NewsletterSend, StoreError};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;

/// Most deliveries one node claims per tick.
pub const BATCH: i64 = 50;
/// The pause between two mails of a batch, so a large list does not flood the relay.
pub const PAUSE: Duration = Duration::from_millis(100);
/// How long a claim lasts: well beyond a batch (`BATCH` mails, pauses and SMTP time).
const CLAIM_SECS: i64 = 900;
/// The wait before each retry of a failed delivery; after the last one it is given up.
pub const BACKOFF_SECS: [i64; 4] = [5 * 60, 30 * 60, 2 * 3600, 8 * 3600];
/// Most stories in one digest.
const DIGEST_STORIES: i64 = 30;
const DAY: i64 = 86_400;

/// The last whole period of `frequency` before `now`: `[start, end)`.
pub fn last_period(frequency: &str, now: i64) -> (i64, i64) {
    let today = now - now.rem_euclid(DAY);
    if frequency == "weekly" {
        // 1970-01-01 was a Thursday: three days past a Monday.
        let monday = today - ((today / DAY + 3).rem_euclid(7)) * DAY;
        (monday - 7 * DAY, monday)
    } else {
        (today - DAY, today)
    }
}

/// One job tick: make due digests, then deliver a batch. Returns the deliveries tried.
pub async fn tick(state: &AppState, now: i64) -> Result<usize, AppError> {
    queue_due_digests(state, now).await?;
    Ok(deliver_due(state, now).await?)
}

/// Makes the digests whose period ended by `now` and that no node made yet; a list with
/// no stories in the period gets none. Returns the sends made.
pub async fn queue_due_digests(state: &AppState, now: i64) -> Result<Vec<i64>, AppError> {
    let mut made = Vec::new();
    for l in state.store.newsletter_lists().await? {
        if l.confirmed == 0 {
            continue;
        }
        let (from, to) = last_period(&l.frequency, now);
        let key = format!(
            "digest:{}:{}:{}:{to}",
            l.frequency, l.section_id, l.language
        );
        if state.store.newsletter_send_exists(&key).await? {
            continue;
        }
        let stories = state
            .store
            .published_between(l.section_id, &l.language, (from, to), DIGEST_STORIES)
            .await?;
        if stories.is_empty() {
            continue;
        }
        let list = ListKey {
            frequency: l.frequency.clone(),
            section_id: l.section_id,
            language: l.language.clone(),
        };
        let bodies = compose::digest(state, &list, &stories).await?;
        let send = NewSend {
            kind: "digest",
            dedupe_key: &key,
            frequency: &list.frequency,
            section_id: list.section_id,
            language: &list.language,
            article_id: None,
            subject: &bodies.subject,
            body_text: &bodies.text,
            body_html: &bodies.html,
            actor: None,
        };
        if let Some((id, recipients)) = state.store.create_newsletter_send(&send).await? {
            tracing::info!(send = id, recipients, list = %key, "newsletter digest made");
            made.push(id);
        }
    }
    Ok(made)
}

/// What sending a published story as breaking news did.
#[derive(Debug, PartialEq, Eq)]
pub enum Breaking {
    /// The send and how many readers it goes to.
    Queued(i64, i64),
    /// This story was sent already.
    AlreadySent,
    /// Only published stories are sent.
    NotPublished,
}

/// Queues `article_id` as breaking news to every reader whose lists cover its section
/// and language; audit-logged as `actor`'s.
pub async fn breaking(state: &AppState, article_id: i64, actor: i64) -> Result<Breaking, AppError> {
    let article = state
        .store
        .article_by_id(article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if article.summary.status.0 != broadsheet_domain::ArticleStatus::Published {
        return Ok(Breaking::NotPublished);
    }
    let bodies = compose::breaking(state, &article)?;
    let key = format!("breaking:{article_id}");
    let send = NewSend {
        kind: "breaking",
        dedupe_key: &key,
        frequency: "",
        section_id: article.section_id,
        language: &article.summary.language,
        article_id: Some(article_id),
        subject: &bodies.subject,
        body_text: &bodies.text,
        body_html: &bodies.html,
        actor: Some(actor),
    };
    Ok(match state.store.create_newsletter_send(&send).await? {
        Some((id, n)) => Breaking::Queued(id, n),
        None => Breaking::AlreadySent,
    })
}

/// Sends the deliveries due by `now` that this call claims; every node may call it,
/// each delivery goes to one. Returns how many it tried.
pub async fn deliver_due(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let due = state
        .store
        .claim_due_newsletter_mail(now, CLAIM_SECS, BATCH)
        .await?;
    let mut sends: HashMap<i64, NewsletterSend> = HashMap::new();
    for (i, d) in due.iter().enumerate() {
        if d.unsubscribed_at.is_some() {
            state
                .store
                .record_newsletter_delivery(d.id, &DeliveryOutcome::Skipped)
                .await?;
            continue;
        }
        if i > 0 {
            tokio::time::sleep(PAUSE).await;
        }
        if let Entry::Vacant(slot) = sends.entry(d.send_id) {
            let Some(send) = state.store.newsletter_send(d.send_id).await? else {
                continue;
            };
            slot.insert(send);
        }
        let send = &sends[&d.send_id];
        let token = &d.unsubscribe_token;
        let (text, html) = (
            personal(&send.body_text, token),
            personal(&send.body_html, token),
        );
        let url = unsubscribe_url(state, token);
        let letter = Letter {
            to: &d.email,
            subject: &send.subject,
            text: &text,
            html: Some(&html),
            unsubscribe: Some(&url),
        };
        let kind = format!("newsletter-{}", send.kind);
        let outcome = match state.mailer.send_letter(&state.store, &kind, &letter).await {
            Ok(()) => DeliveryOutcome::Sent,
            Err((error, permanent)) => {
                let wait = BACKOFF_SECS.get(d.attempts as usize).filter(|_| !permanent);
                tracing::warn!(delivery = d.id, error = %error, ?wait, "newsletter delivery failed");
                match wait {
                    Some(w) => DeliveryOutcome::RetryAt(broadsheet_store::now() + w, error),
                    None => DeliveryOutcome::GiveUp(error),
                }
            }
        };
        state
            .store
            .record_newsletter_delivery(d.id, &outcome)
            .await?;
    }
    Ok(due.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_whole_utc_days_and_weeks_from_monday() {
        // Thursday 2026-12-03 10:00 UTC.
        let now = 1_796_292_000;
        let (from, to) = last_period("daily", now);
        assert_eq!((to - from, now - to), (DAY, 10 * 3600));
        let (from, to) = last_period("weekly", now);
        assert_eq!(to - from, 7 * DAY);
        // Monday 2026-11-30 00:00 UTC.
        assert_eq!(to, 1_795_996_800);
    }
}
