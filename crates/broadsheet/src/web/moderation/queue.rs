//! The queues: pending, reported, rejected and approved comments, with filters, each
//! comment shown with its article, thread context, the screener's reasons and its
//! author's record.

use crate::auth::extract::Moderator;
use crate::error::AppError;
use crate::http::errors::without_query_param;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use broadsheet_domain::moderation::Standing;
use broadsheet_store::{QueueFilter, QueueItem};
use serde::{Deserialize, Serialize};

pub const QUEUES: [&str; 4] = ["pending", "reported", "rejected", "approved"];
const PAGE: i64 = 25;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    pub queue: Option<String>,
    pub section: Option<String>,
    pub article: Option<i64>,
    pub author: Option<i64>,
    pub order: Option<String>,
    pub after: Option<i64>,
    pub notice: Option<String>,
}

#[derive(Serialize)]
struct Entry {
    item: QueueItem,
    reasons: serde_json::Value,
    parent_excerpt: Option<String>,
    /// Readers' reports (reason and note) while the comment has any.
    reports: Vec<broadsheet_store::ReportNote>,
    author_approved: i64,
    author_banned: bool,
    author_trusted: bool,
    author_suspended_until: Option<i64>,
}

#[derive(Serialize)]
struct DeskPage {
    nr: Desk,
}

#[derive(Serialize)]
struct Desk {
    queue: String,
    queues: [&'static str; 4],
    order: String,
    section: String,
    article: Option<i64>,
    author: Option<i64>,
    sections: Vec<broadsheet_store::Section>,
    entries: Vec<Entry>,
    next: Option<i64>,
    pending: i64,
    reported: i64,
    notice: Option<String>,
    back: String,
}

/// Turns query parameters into a store filter; unknown queues fall back to pending.
pub async fn filter_of(state: &AppState, q: &QueueQuery) -> Result<QueueFilter, AppError> {
    let queue = q
        .queue
        .clone()
        .filter(|n| QUEUES.contains(&n.as_str()))
        .unwrap_or_else(|| "pending".into());
    let section_id = match q.section.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => state.store.section_by_slug(slug).await?.map(|s| s.id),
        None => None,
    };
    Ok(QueueFilter {
        queue,
        section_id,
        article_id: q.article,
        author_id: q.author,
        newest_first: q.order.as_deref() == Some("newest"),
        after_id: q.after,
        limit: PAGE,
    })
}

/// Adds thread context, reasons and the author's record to each queued comment.
async fn entries(state: &AppState, items: Vec<QueueItem>) -> Result<Vec<Entry>, AppError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let parent_excerpt = match item.comment.parent_id {
            Some(pid) => state
                .store
                .comment(pid)
                .await?
                .map(|p| p.body_md.chars().take(160).collect()),
            None => None,
        };
        let standing = match item.comment.author_id {
            Some(id) => state.store.standing(id).await?,
            None => Standing::default(),
        };
        let reasons =
            serde_json::from_str(&item.comment.reasons).unwrap_or(serde_json::Value::Array(vec![]));
        let reports = if item.comment.report_count > 0 {
            state.store.reports_of(item.comment.id).await?
        } else {
            Vec::new()
        };
        out.push(Entry {
            item,
            reasons,
            parent_excerpt,
            reports,
            author_approved: standing.approved_comments,
            author_banned: standing.banned,
            author_trusted: standing.trusted,
            author_suspended_until: standing
                .suspended_until
                .filter(|t| *t > broadsheet_store::now()),
        });
    }
    Ok(out)
}

pub async fn page(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    ctx: Ctx,
    uri: axum::http::Uri,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let filter = filter_of(&state, &q).await?;
    let items = state.store.moderation_queue(&filter).await?;
    let next = (items.len() as i64 == PAGE)
        .then(|| items.last().map(|i| i.comment.id))
        .flatten();
    let (pending, reported) = state.store.queue_counts().await?;
    let nr = Desk {
        queue: filter.queue.clone(),
        queues: QUEUES,
        order: if filter.newest_first {
            "newest".into()
        } else {
            "oldest".into()
        },
        section: q.section.clone().unwrap_or_default(),
        article: q.article,
        author: q.author,
        sections: state.store.list_sections().await?,
        entries: entries(&state, items).await?,
        next,
        pending,
        reported,
        notice: q.notice.clone().filter(|n| n.len() < 200),
        back: uri
            .path_and_query()
            .map(|p| without_query_param(p.as_str(), "notice"))
            .unwrap_or_default(),
    };
    render(&state, &ctx, "moderation/queue.html", DeskPage { nr })
}

#[derive(Serialize)]
pub struct Counts {
    pending: i64,
    reported: i64,
}

/// The live badge: how many comments wait.
pub async fn counts(
    State(state): State<AppState>,
    Moderator(_): Moderator,
) -> Result<Json<Counts>, AppError> {
    let (pending, reported) = state.store.queue_counts().await?;
    Ok(Json(Counts { pending, reported }))
}
