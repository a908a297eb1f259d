//! Turning reply mails off from the link in one: opening the link shows a page with one
//! button and changes nothing (mail scanners open links); the button's POST, or a mail
//! program's one-click POST (RFC 8058, no form token), turns them off.

use crate::auth::csrf;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::respond::notice;
use crate::web::{Ctx, render};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use broadsheet_store::LinkPurpose;

/// The page behind the link: one button, or word that reply mails are already off.
pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let Some(user_id) = state
        .store
        .peek_link_token(&token, LinkPurpose::Unsubscribe)
        .await?
    else {
        return invalid(&state, &ctx);
    };
    let gone = !state.store.account_flags(user_id).await?.notify_replies;
    let page = serde_json::json!({ "token": token, "gone": gone });
    render(&state, &ctx, "accounts/unsubscribe.html", page)
}

/// Turns reply mails off, from the page's button (with the form token) or from a mail
/// program's one-click POST.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
    body: Bytes,
) -> Result<Response, AppError> {
    if !csrf::unsubscribe_allowed(&headers, &body, &state.options.base_url) {
        return Err(AppError::CsrfRejected);
    }
    if !state.store.unsubscribe(&token).await? {
        return invalid(&state, &ctx);
    }
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        "unsubscribed",
        ("/", "error-go-home"),
    )
}

fn invalid(state: &AppState, ctx: &Ctx) -> Result<Response, AppError> {
    notice(
        state,
        ctx,
        StatusCode::BAD_REQUEST,
        "link-invalid",
        ("/", "error-go-home"),
    )
}
