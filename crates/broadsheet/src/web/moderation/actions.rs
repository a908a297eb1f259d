//! Decisions from the desk: approve, reject with a reason, remove, feature (one comment or
//! many at once), and ban, suspend or trust a commenter. Every one is audit-logged.

use super::Moderator;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::safe_next;
use crate::error::AppError;
use crate::http::errors::with_query_param;
use crate::moderation::decisions::{apply, standing_change};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Redirect;
use broadsheet_domain::moderation::CommentAction;
use serde::Deserialize;

/// The desk's action form. Checked comments arrive as repeated `id` fields, which a
/// plain struct cannot hold, so the pairs are read one by one.
pub struct ActForm {
    ids: Vec<i64>,
    action: String,
    reason: String,
    back: Option<String>,
}

impl ActForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<ActForm, AppError> {
        let mut form = ActForm {
            ids: Vec::new(),
            action: String::new(),
            reason: String::new(),
            back: None,
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
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let form = ActForm::from_pairs(pairs)?;
    let action: CommentAction = form
        .action
        .parse()
        .map_err(|e: String| AppError::field("action", e))?;
    if form.ids.is_empty() {
        return Err(AppError::field("id", "choose at least one comment"));
    }
    let changed = apply(&state, &user, &form.ids, action, &form.reason).await?;
    Ok(back_to(
        form.back.as_deref(),
        &format!("{} {changed}/{}", action.as_str(), form.ids.len()),
    ))
}

#[derive(Deserialize)]
pub struct StandingForm {
    change: String,
    days: Option<i64>,
    #[serde(default)]
    reason: String,
    back: Option<String>,
}

pub async fn standing(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(subject): Path<i64>,
    CsrfForm(form): CsrfForm<StandingForm>,
) -> Result<Redirect, AppError> {
    let change = standing_change(&form.change, form.days)?;
    let reason: String = form.reason.trim().chars().take(500).collect();
    if !state
        .store
        .change_standing(subject, change, user.id, &reason)
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(back_to(form.back.as_deref(), &form.change))
}
