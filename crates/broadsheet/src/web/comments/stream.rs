//! Live comments over server-sent events: each new visible comment of the article,
//! rendered for this reader, as a `comment` event the page script inserts. Streams are
//! capped per address and in all, end after a lifetime, and resume where they left off.

use crate::auth::extract::ClientIp;
use crate::comments::streams::Refused;
use crate::comments::view::view;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::page::render_html;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use broadsheet_store::CommentRow;
use serde::Deserialize;
use std::collections::HashSet;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

/// Most missed comments sent to a stream that resumes; a page reload shows the rest.
const RESUME_MAX: i64 = 100;
/// How long a refused reader should wait before trying again.
const RETRY_SECS: u64 = 30;

#[derive(Deserialize, Default)]
pub struct StreamQuery {
    /// The last comment id seen, for a page script that opens a new stream itself
    /// (browsers resuming on their own send `Last-Event-ID`).
    after: Option<i64>,
}

/// The last comment id the reader saw, from `Last-Event-ID` or `?after=`.
fn resume_after(headers: &HeaderMap, query: &StreamQuery) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .or(query.after)
}

pub async fn stream(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    ClientIp(ip): ClientIp,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let pass = state
        .live_streams
        .admit(&ip)
        .map_err(|refused| match refused {
            Refused::Address => AppError::TooManyRequests(RETRY_SECS),
            Refused::Full => AppError::Busy(RETRY_SECS),
        })?;
    state
        .store
        .comment_article(article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Subscribe before reading what was missed, so nothing falls in between.
    let mut rx = state.live.subscribe();
    let missed = match resume_after(&headers, &query) {
        Some(after) => {
            state
                .store
                .visible_comments_after(article_id, after, RESUME_MAX)
                .await?
        }
        None => Vec::new(),
    };
    let resumed_to = missed.last().map_or(0, |c| c.id);
    let backlog: Vec<Event> = missed
        .iter()
        .filter_map(|c| event(&state, &ctx, c))
        .collect();
    let lifetime = state.live_streams.limits.lifetime;
    let (tx, out) = tokio::sync::mpsc::channel::<Event>(16);
    tokio::spawn(async move {
        // The pass lives as long as this task: the reader's place is freed when the
        // stream ends or the reader leaves.
        let _pass = pass;
        let deadline = tokio::time::sleep(lifetime);
        tokio::pin!(deadline);
        for e in backlog {
            if tx.send(e).await.is_err() {
                return;
            }
        }
        loop {
            // The server ends every stream after its lifetime; the browser reconnects
            // with Last-Event-ID, resumes, and is counted afresh.
            let comment = tokio::select! {
                _ = &mut deadline => return,
                _ = tx.closed() => return,
                msg = rx.recv() => match msg {
                    Ok(comment) => comment,
                    // A lagging reader skips what it missed rather than closing.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
            };
            if comment.article_id != article_id || comment.id <= resumed_to {
                continue;
            }
            if let Some(e) = event(&state, &ctx, &comment)
                && tx.send(e).await.is_err()
            {
                return;
            }
        }
    });
    // A comment line at once: a proxy may pass the answer's head on only with its first
    // bytes (nginx over HTTP/2 does), and a browser counts the stream open only then.
    let opened = tokio_stream::once(Event::default().comment("open"));
    let events = opened
        .chain(ReceiverStream::new(out))
        .map(Ok::<_, std::convert::Infallible>);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response();
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    Ok(response)
}

/// The event for one comment: where it goes and its HTML for this reader.
fn event(state: &AppState, ctx: &Ctx, comment: &CommentRow) -> Option<Event> {
    let viewer = ctx.viewer();
    let mut c = view(comment, &viewer, &HashSet::new());
    if comment.depth > 2 {
        c.reply_to = Some(String::new());
    }
    let page = minijinja::context! { c => minijinja::Value::from(minijinja::value::Serde(&c)), open => true, article_url => "" };
    let html = render_html(
        state,
        &ctx.locale,
        ctx.user.as_ref(),
        &ctx.csrf,
        &ctx.path,
        "comments/_comment.html",
        page,
    )
    .map_err(|e| tracing::warn!(error = %e, "live comment did not render"))
    .ok()?;
    let data = serde_json::json!({
        "id": comment.id,
        "parent_id": comment.parent_id,
        "nest_parent_id": comment.nest_parent_id,
        "depth": comment.depth,
        "html": html.0,
    });
    Some(
        Event::default()
            .event("comment")
            .id(comment.id.to_string())
            .data(data.to_string()),
    )
}
