//! Signed webhooks (decision 0033): services name an event after their write, a
//! delivery row is queued for each enabled endpoint that chose it, and the job loop
//! sends it signed, retrying with a growing wait (see `send`).

pub(crate) mod http;
pub mod manage;
pub mod send;
pub mod signature;
pub mod target;

use crate::state::AppState;
use broadsheet_store::{Article, CommentRow};
use serde_json::{Value, json};

/// Site setting: "true" lets endpoints reach private and loopback addresses.
pub const ALLOW_PRIVATE_SETTING: &str = "webhooks.allow_private_targets";

/// Something that happened that receivers may subscribe to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    ArticlePublished,
    ArticleUpdated,
    ArticleUnpublished,
    CommentPosted,
    CommentApproved,
    CommentRejected,
    /// Sent by the "send test event" button to one endpoint only.
    Test,
}

impl Event {
    /// The events an endpoint may choose (the test event always reaches it).
    pub const CHOOSABLE: [Event; 6] = [
        Event::ArticlePublished,
        Event::ArticleUpdated,
        Event::ArticleUnpublished,
        Event::CommentPosted,
        Event::CommentApproved,
        Event::CommentRejected,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Event::ArticlePublished => "article.published",
            Event::ArticleUpdated => "article.updated",
            Event::ArticleUnpublished => "article.unpublished",
            Event::CommentPosted => "comment.posted",
            Event::CommentApproved => "comment.approved",
            Event::CommentRejected => "comment.rejected",
            Event::Test => "webhook.test",
        }
    }

    pub fn parse(name: &str) -> Option<Event> {
        Event::CHOOSABLE.into_iter().find(|e| e.name() == name)
    }
}

/// Whether endpoints may reach private addresses (off unless an administrator said so).
pub async fn private_targets_allowed(state: &AppState) -> bool {
    matches!(
        state.store.setting(ALLOW_PRIVATE_SETTING).await,
        Ok(Some(v)) if v == "true"
    )
}

/// The body every receiver gets: the event, when it happened, and what it is about.
pub fn payload(event: Event, data: Value, at: i64) -> String {
    json!({ "event": event.name(), "occurred_at": at, "data": data }).to_string()
}

/// Queues `event` for every endpoint that chose it. A failure is logged, not returned:
/// the write that caused the event has already happened and must not look failed.
pub async fn emit(state: &AppState, event: Event, data: Value) {
    let now = broadsheet_store::now();
    let body = payload(event, data, now);
    match state
        .store
        .queue_webhook_deliveries(event.name(), &body, None, now)
        .await
    {
        Ok(ids) if !ids.is_empty() => {
            tracing::info!(
                event = event.name(),
                deliveries = ids.len(),
                "webhook queued"
            )
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(event = event.name(), error = %e, "could not queue webhook"),
    }
}

/// An article as receivers see it.
pub fn article_data(state: &AppState, a: &Article) -> Value {
    let s = &a.summary;
    json!({
        "article": {
            "id": s.id, "headline": s.headline, "standfirst": s.standfirst,
            "url": format!("{}/{}/{}", state.options.base_url, s.section_slug, s.slug),
            "section": s.section_slug, "language": s.language, "status": s.status.0.as_str(),
            "published_at": s.published_at, "updated_at": s.updated_at, "version": a.version,
        }
    })
}

/// Emits an article event, loading the article as it now is.
pub async fn emit_article(state: &AppState, event: Event, article_id: i64) {
    match state.store.article_by_id(article_id).await {
        Ok(Some(a)) => emit(state, event, article_data(state, &a)).await,
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(article = article_id, error = %e, "could not load article for webhook")
        }
    }
}

/// A comment as receivers see it: no e-mail address, nothing a reader did not publish.
pub fn comment_data(state: &AppState, c: &CommentRow) -> Value {
    json!({
        "comment": {
            "id": c.id, "article_id": c.article_id, "parent_id": c.parent_id,
            "author_name": c.author_name, "status": c.status, "body": c.body_md,
            "url": format!("{}/comments/{}", state.options.base_url, c.id),
            "created_at": c.created_at,
        }
    })
}

/// Emits a comment event, loading the comment as it now is.
pub async fn emit_comment(state: &AppState, event: Event, comment_id: i64) {
    match state.store.comment(comment_id).await {
        Ok(Some(c)) => emit(state, event, comment_data(state, &c)).await,
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(comment = comment_id, error = %e, "could not load comment for webhook")
        }
    }
}
