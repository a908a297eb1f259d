//! The reader's account page (profile, reply-mail setting, comment history, tokens),
//! its forms, and the public profile page.

use super::clean_name;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::SignedIn;
use crate::comments::view::reason_messages;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_store::{ApiToken, CommentRow, CommentStatus, User};
use serde::{Deserialize, Serialize};

/// The longest bio, in characters.
pub const MAX_BIO_CHARS: usize = 1000;

#[derive(Serialize)]
struct HistoryItem {
    id: i64,
    body_html: String,
    status: CommentStatus,
    created_at: i64,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct AccountPage<'a> {
    me: &'a User,
    unverified: bool,
    notify_replies: bool,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    history: Vec<HistoryItem>,
    error: Option<String>,
    /// The reader's newsletter lists and the subscribe form's choices.
    newsletters: serde_json::Value,
}

/// A token as the account page lists it: its dates and whether it still works.
#[derive(Serialize)]
struct TokenRow {
    #[serde(flatten)]
    token: ApiToken,
    state: &'static str,
}

fn history(rows: Vec<CommentRow>, locale: &str) -> Vec<HistoryItem> {
    rows.into_iter()
        .map(|c| HistoryItem {
            id: c.id,
            reasons: reason_messages(&c.reasons, locale),
            body_html: c.body_html,
            status: c.status,
            created_at: c.created_at,
        })
        .collect()
}

/// Renders the account page; `new_token` is a just-created API token, shown once.
pub async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    new_token: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let flags = state.store.account_flags(user.id).await?;
    let rows = state
        .store
        .comments_by_author(user.id, true, None, 50)
        .await?;
    let tokens = state.store.list_api_tokens(user.id).await?;
    let now = broadsheet_store::now();
    let page = AccountPage {
        me: user,
        unverified: flags.unverified,
        notify_replies: flags.notify_replies,
        tokens: tokens
            .into_iter()
            .map(|token| TokenRow {
                state: token.state(now),
                token,
            })
            .collect(),
        new_token,
        history: history(rows, &ctx.locale),
        error,
        newsletters: crate::web::newsletters::choices::account_lists(
            state,
            ctx,
            user,
            flags.unverified,
        )
        .await?,
    };
    let status = if page.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = render(state, ctx, "accounts/account.html", page)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, AppError> {
    account_page(&state, &ctx, &user, None, None).await
}

#[derive(Deserialize)]
pub struct ProfileForm {
    name: String,
    #[serde(default)]
    bio: String,
}

pub async fn update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let bio = form.bio.trim().replace("\r\n", "\n");
    let Some(name) = clean_name(&form.name).filter(|_| bio.chars().count() <= MAX_BIO_CHARS) else {
        let error = ctx.t(&state, "profile-error");
        return account_page(&state, &ctx, &user, None, Some(error)).await;
    };
    if let Err(secs) = state.limits.profile_user.hit(&user.id.to_string()) {
        return Ok(crate::web::respond::too_many(&state, &ctx, secs));
    }
    crate::accounts::save_reader_profile(&state, &user, &name, &bio).await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
pub struct NotifyForm {
    notify_replies: Option<String>,
}

pub async fn notifications(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<NotifyForm>,
) -> Result<Response, AppError> {
    state
        .store
        .set_notify_replies(user.id, form.notify_replies.is_some())
        .await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Serialize)]
struct PublicProfile {
    person: PublicPerson,
    history: Vec<HistoryItem>,
}

#[derive(Serialize)]
struct PublicPerson {
    id: i64,
    display_name: String,
    bio: String,
    created_at: i64,
}

/// A reader's public page: name, bio and visible comments.
pub async fn public(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let user = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = state.store.comments_by_author(id, false, None, 50).await?;
    let page = PublicProfile {
        person: PublicPerson {
            id: user.id,
            display_name: user.display_name,
            bio: user.bio,
            created_at: user.created_at,
        },
        history: history(rows, &ctx.locale),
    };
    render(&state, &ctx, "accounts/person.html", page)
}
