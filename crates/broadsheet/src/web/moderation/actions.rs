//! Decisions from the desk: approve, reject with a reason, remove, feature (one comment or
//! many at once), and ban, suspend or trust a commenter. Every one is audit-logged.
//! The desk's script asks for a JSON answer instead of a redirect (see `reply`).

use super::reply;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Moderator;
use crate::auth::session::safe_next;
use crate::error::AppError;
use crate::http::errors::with_query_param;
use crate::moderation::decisions::{apply, standing_change};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_domain::moderation::CommentAction;
use serde::Deserialize;

/// The desk's action form. Checked comments arrive as repeated `id` fields, which a
/// plain struct cannot hold, so the pairs are read one by one.
pub struct ActForm {
    ids: Vec<i64>,
    action: String,
    reason: String,
    back: Option<String>,
    /// Asked for by the desk's script: answer in JSON, not with a redirect.
    fragment: bool,
}

impl ActForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<ActForm, AppError> {
        let mut form = ActForm {
            ids: Vec::new(),
            action: String::new(),
            reason: String::new(),
            back: None,
            fragment: false,
        };
        for (key, value) in pairs {
            match key.as_str() {
                "id" => form.ids.push(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| AppError::field("id", "comment ids are numbers"))?,
                ),
                "action" => form.action = value,
                "reason" => form.reason = value,
                "back" => form.back = Some(value),
                "fragment" => form.fragment = value == "1",
                _ => {}
            }
        }
        Ok(form)
    }
}

fn back_to(back: Option<&str>, notice: &str) -> Redirect {
    let base = safe_next(back)
        .filter(|b| b.starts_with("/newsroom/moderation"))
        .unwrap_or_else(|| "/newsroom/moderation".into());
    Redirect::to(&with_query_param(&base, "notice", notice))
}

pub async fn act(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    headers: HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = ActForm::from_pairs(pairs)?;
    let action: CommentAction = form
        .action
        .parse()
        .map_err(|e: String| AppError::field("action", e))?;
    if form.ids.is_empty() {
        return Err(AppError::field("id", "choose at least one comment"));
    }
    let changed = apply(&state, &user, &form.ids, action, &form.reason).await?;
    let total = form.ids.len();
    if reply::wants_json(&headers, form.fragment) {
        return Ok(reply::acted(
            &state,
            &headers,
            action.as_str(),
            changed,
            total,
        ));
    }
    let notice = format!("{} {}/{total}", action.as_str(), changed.len());
    Ok(back_to(form.back.as_deref(), &notice).into_response())
}

#[derive(Deserialize)]
pub struct StandingForm {
    change: String,
    days: Option<i64>,
    #[serde(default)]
    reason: String,
    back: Option<String>,
    #[serde(default)]
    fragment: Option<String>,
}

pub async fn standing(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(subject): Path<i64>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<StandingForm>,
) -> Result<Response, AppError> {
    let change = standing_change(&form.change, form.days)?;
    let reason: String = form.reason.trim().chars().take(500).collect();
    if !state
        .store
        .change_standing(subject, change, user.id, &reason)
        .await?
    {
        return Err(AppError::NotFound);
    }
    if reply::wants_json(&headers, form.fragment.as_deref() == Some("1")) {
        return reply::standing(&state, &headers, subject, &form.change).await;
    }
    Ok(back_to(form.back.as_deref(), &form.change).into_response())
}
