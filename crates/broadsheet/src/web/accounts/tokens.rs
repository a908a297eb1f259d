//! Readers' own API tokens: created on the account page with a lifetime (the secret is
//! shown once) and revoked there; unverified accounts cannot make them.

use super::profile::account_page;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::SignedIn;
use crate::auth::tokens;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct TokenForm {
    label: String,
    /// Days the token lives; empty or absent: it never expires.
    #[serde(default)]
    expires_days: String,
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    if !tokens::may_create(&state.store, user.id).await? {
        let error = ctx.t(&state, "tokens-error-unverified");
        let mut page = account_page(&state, &ctx, &user, None, Some(error)).await?;
        *page.status_mut() = StatusCode::FORBIDDEN;
        return Ok(page);
    }
    let label = form.label.trim();
    let days = match form.expires_days.trim() {
        "" => Ok(None),
        d => d.parse::<u32>().map(Some),
    };
    let expires_at = days
        .ok()
        .and_then(|d| tokens::expiry_after_days(d, broadsheet_store::now()).ok());
    let bad_label =
        label.is_empty() || label.chars().count() > 80 || label.chars().any(char::is_control);
    let (false, Some(expires_at)) = (bad_label, expires_at) else {
        let key = if bad_label {
            "tokens-error-label"
        } else {
            "tokens-error-expiry"
        };
        let error = ctx.t(&state, key);
        return account_page(&state, &ctx, &user, None, Some(error)).await;
    };
    let (_, secret) = state
        .store
        .create_api_token_until(user.id, label, expires_at)
        .await?;
    account_page(&state, &ctx, &user, Some(secret), None).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    state.store.revoke_api_token(user.id, id).await?;
    Ok(Redirect::to("/account").into_response())
}
