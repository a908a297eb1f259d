//! Readers' own API tokens: created on the account page (the secret is shown once) and
//! revoked there.

use super::profile::account_page;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct TokenForm {
    label: String,
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    let label = form.label.trim();
    if label.is_empty() || label.chars().count() > 80 || label.chars().any(char::is_control) {
        let error = ctx.t(&state, "tokens-error-label");
        return account_page(&state, &ctx, &user, None, Some(error)).await;
    }
    let (_, secret) = state.store.create_api_token(user.id, label).await?;
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
