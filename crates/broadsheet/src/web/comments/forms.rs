//! The comment forms (no script needed): post and reply with the screener's nudge, edit,
//! delete, like and report. Each answers with a redirect back to the comment's anchor.

use super::refusal_response;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ClientIp;
use crate::auth::session::SignedIn;
use crate::comments::{self, Draft, Mode, Posted, Poster, service};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::respond::notice;
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_moderation::Reason;
use broadsheet_store::CommentArticle;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct CommentForm {
    body: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    nonce: String,
    post_anyway: Option<String>,
    #[serde(default)]
    guest_name: String,
    #[serde(default)]
    guest_email: String,
}

/// The compose page: the nudge, an error with the text kept, or the edit form.
#[derive(Serialize)]
struct Compose {
    article: CommentArticle,
    action: String,
    body: String,
    parent_id: String,
    nonce: String,
    reasons: Vec<String>,
    error: Option<String>,
    editing: bool,
    guest_name: String,
    guest_email: String,
}

fn messages(reasons: &[Reason], locale: &str) -> Vec<String> {
    let mut out: Vec<String> = reasons
        .iter()
        .map(|r| {
            if locale == "tr" {
                r.message_tr.clone()
            } else {
                r.message_en.clone()
            }
        })
        .collect();
    out.dedup();
    out
}

fn compose(
    state: &AppState,
    ctx: &Ctx,
    page: Compose,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut response = render(state, ctx, "comments/compose.html", page)?;
    *response.status_mut() = status;
    Ok(response)
}

fn back_to(article: &CommentArticle, id: i64) -> Response {
    Redirect::to(&format!("{}#c-{id}", article.url())).into_response()
}

/// Refusals the author can fix by changing the text are shown with the text kept.
fn fixable(r: comments::Refusal) -> bool {
    matches!(
        r,
        comments::Refusal::Empty | comments::Refusal::TooLong | comments::Refusal::GuestDetails
    )
}

pub async fn post(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    form: Result<CsrfForm<CommentForm>, AppError>,
) -> Result<Response, AppError> {
    let CsrfForm(form) = form.map_err(|e| localize_form_error(&state, &ctx, e))?;
    let article = state
        .store
        .comment_article(article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let poster = match &ctx.user {
        Some(user) => Poster::Reader(user),
        None => Poster::Guest {
            name: form.guest_name.clone(),
            email: form.guest_email.clone(),
        },
    };
    let draft = Draft {
        body: form.body.clone(),
        parent_id: form.parent_id.trim().parse().ok(),
        nonce: Some(form.nonce.clone()),
        post_anyway: form.post_anyway.is_some(),
    };
    let page = |reasons: Vec<String>, error: Option<String>| Compose {
        article: article.clone(),
        action: format!("/articles/{article_id}/comments"),
        body: form.body.clone(),
        parent_id: form.parent_id.clone(),
        nonce: form.nonce.clone(),
        reasons,
        error,
        editing: false,
        guest_name: form.guest_name.clone(),
        guest_email: form.guest_email.clone(),
    };
    match comments::service::post(&state, article_id, poster, &ip, draft, Mode::Nudge).await? {
        Ok(Posted::Stored { comment, .. }) => Ok(back_to(&article, comment.id)),
        Ok(Posted::Nudge { reasons }) => compose(
            &state,
            &ctx,
            page(messages(&reasons, &ctx.locale), None),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(r) if fixable(r) => {
            let error = super::refusal_message(&state, &ctx, r);
            compose(
                &state,
                &ctx,
                page(Vec::new(), Some(error)),
                StatusCode::BAD_REQUEST,
            )
        }
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

/// The form extractor's own errors (bad UTF-8, malformed fields) in the reader's language.
fn localize_form_error(state: &AppState, ctx: &Ctx, e: AppError) -> AppError {
    match e {
        AppError::BadRequest { .. } => AppError::bad(ctx.t(state, "comment-error-form")),
        other => other,
    }
}

/// The article of a comment, for redirects back to it.
async fn article_of(
    state: &AppState,
    comment_id: i64,
) -> Result<(broadsheet_store::CommentRow, CommentArticle), AppError> {
    let comment = state
        .store
        .comment(comment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let article = state
        .store
        .comment_article(comment.article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((comment, article))
}

pub async fn edit_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (comment, article) = article_of(&state, id).await?;
    if comment.author_id != Some(user.id) {
        return Err(AppError::NotFound);
    }
    let page = Compose {
        action: format!("/comments/{id}/edit"),
        body: comment.body_md,
        parent_id: String::new(),
        nonce: String::new(),
        reasons: Vec::new(),
        error: None,
        editing: true,
        guest_name: String::new(),
        guest_email: String::new(),
        article,
    };
    compose(&state, &ctx, page, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct EditForm {
    body: String,
    post_anyway: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ctx: Ctx,
    form: Result<CsrfForm<EditForm>, AppError>,
) -> Result<Response, AppError> {
    let CsrfForm(form) = form.map_err(|e| localize_form_error(&state, &ctx, e))?;
    let (_, article) = article_of(&state, id).await?;
    let outcome = service::edit(
        &state,
        &user,
        id,
        &form.body,
        form.post_anyway.is_some(),
        Mode::Nudge,
    )
    .await?;
    let page = |reasons: Vec<String>, error: Option<String>| Compose {
        article: article.clone(),
        action: format!("/comments/{id}/edit"),
        body: form.body.clone(),
        parent_id: String::new(),
        nonce: String::new(),
        reasons,
        error,
        editing: true,
        guest_name: String::new(),
        guest_email: String::new(),
    };
    match outcome {
        Ok(Posted::Stored { comment, .. }) => Ok(back_to(&article, comment.id)),
        Ok(Posted::Nudge { reasons }) => compose(
            &state,
            &ctx,
            page(messages(&reasons, &ctx.locale), None),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(r) if fixable(r) || r == comments::Refusal::NotEditable => {
            let error = super::refusal_message(&state, &ctx, r);
            compose(
                &state,
                &ctx,
                page(Vec::new(), Some(error)),
                StatusCode::BAD_REQUEST,
            )
        }
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let (_, article) = article_of(&state, id).await?;
    match service::delete(&state, &user, id).await? {
        Ok(_) => Ok(Redirect::to(&format!("{}#comments", article.url())).into_response()),
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

#[derive(Deserialize)]
pub struct LikeForm {
    #[serde(default)]
    on: String,
}

pub async fn like(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LikeForm>,
) -> Result<Response, AppError> {
    let (_, article) = article_of(&state, id).await?;
    match service::like(&state, &user, &ip, id, form.on != "0").await? {
        Ok(_) => Ok(back_to(&article, id)),
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}

#[derive(Deserialize)]
pub struct ReportForm {
    reason: String,
    #[serde(default)]
    detail: String,
}

pub async fn report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let (_, article) = article_of(&state, id).await?;
    let back = format!("{}#c-{id}", article.url());
    match crate::moderation::reports::report(&state, &user, &ip, id, &form.reason, &form.detail)
        .await?
    {
        Ok(true) => notice(
            &state,
            &ctx,
            StatusCode::OK,
            "report-thanks",
            (&back, "comment-back"),
        ),
        Ok(false) => notice(
            &state,
            &ctx,
            StatusCode::OK,
            "report-again",
            (&back, "comment-back"),
        ),
        Err(r) => Ok(refusal_response(&state, &ctx, r)),
    }
}
