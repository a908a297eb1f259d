//! How the desk answers a decision: a redirect back to the queue for a plain form, or a
//! small JSON body (what changed and a message in the UI language) when the desk's script
//! sent it with `Accept: application/json` or a `fragment=1` field, so the row can leave
//! or change in place without a page load.

use crate::state::AppState;
use crate::web::page::locale_of;
use axum::Json;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentArgs;
use serde::Serialize;

/// True when the script asked for the in-place answer rather than a page.
pub fn wants_json(headers: &HeaderMap, fragment: bool) -> bool {
    fragment || crate::web::asks_for_json(headers)
}

/// The outcome of a decision on comments, for the desk's script.
#[derive(Serialize)]
pub struct Acted {
    pub action: &'static str,
    /// The comments the decision changed; the others were decided already.
    pub changed: Vec<i64>,
    pub total: usize,
    pub message: String,
}

/// The in-place answer to a decision on comments.
pub fn acted(
    state: &AppState,
    headers: &HeaderMap,
    action: &'static str,
    changed: Vec<i64>,
    total: usize,
) -> Response {
    let mut args = FluentArgs::new();
    args.set("changed", changed.len() as i64);
    args.set("total", total as i64);
    let key = if changed.is_empty() {
        "mod-acted-none".to_string()
    } else {
        format!("mod-acted-{action}")
    };
    let message = state.i18n.t(&locale_of(state, headers), &key, Some(&args));
    Json(Acted {
        action,
        changed,
        total,
        message,
    })
    .into_response()
}

/// The in-place answer to a decision on a commenter: the message and their standing now.
pub async fn standing(
    state: &AppState,
    headers: &HeaderMap,
    subject: i64,
    change: &str,
) -> Result<Response, crate::error::AppError> {
    let s = state.store.standing(subject).await?;
    let key = format!("mod-standing-{change}");
    let message = state.i18n.t(&locale_of(state, headers), &key, None);
    Ok(Json(serde_json::json!({
        "subject": subject, "change": change, "message": message,
        "banned": s.banned, "trusted": s.trusted,
    }))
    .into_response())
}
