//! Live comments over server-sent events: each new visible comment of the article,
//! rendered for this reader, as a `comment` event the page script inserts.

use crate::comments::view::{Viewer, view};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::page::render_html;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use broadsheet_store::CommentRow;
use std::collections::HashSet;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

pub async fn stream(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    state
        .store
        .comment_article(article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rx = state.live.subscribe();
    let events = BroadcastStream::new(rx).filter_map(move |msg| {
        // A lagging reader skips what it missed rather than closing the stream.
        let comment = msg.ok().filter(|c| c.article_id == article_id)?;
        event(&state, &ctx, &comment).map(Ok::<_, std::convert::Infallible>)
    });
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
    let viewer = Viewer {
        user: ctx.user.as_ref(),
        locale: &ctx.locale,
    };
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
