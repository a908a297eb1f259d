//! The moderation desk over JSON: queues and decisions, for moderators only.

use super::comments::ApiUser;
use crate::error::AppError;
use crate::moderation::decisions::{apply, standing_change};
use crate::state::AppState;
use crate::web::moderation::queue::{QueueQuery, filter_of};
use axum::Json;
use axum::extract::{Path, Query, State};
use broadsheet_domain::moderation::CommentAction;
use broadsheet_store::{CommentStatus, QueueItem, User};
use serde::{Deserialize, Serialize};

fn moderator(user: User) -> Result<User, AppError> {
    if user.role().moderates() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Serialize)]
pub struct QueuePage {
    comments: Vec<QueueItem>,
    next_cursor: Option<i64>,
}

/// `GET /api/v1/moderation/queue?queue=pending|reported|rejected|approved&after=ID`
pub async fn queue(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<QueueQuery>,
) -> Result<Json<QueuePage>, AppError> {
    moderator(user)?;
    let filter = filter_of(&state, &q).await?;
    let comments = state.store.moderation_queue(&filter).await?;
    let next_cursor = (comments.len() as i64 == filter.limit)
        .then(|| comments.last().map(|c| c.comment.id))
        .flatten();
    Ok(Json(QueuePage {
        comments,
        next_cursor,
    }))
}

#[derive(Deserialize, Default)]
pub struct ReasonBody {
    #[serde(default)]
    reason: String,
}

#[derive(Serialize)]
pub struct Acted {
    id: i64,
    action: &'static str,
    status: Option<CommentStatus>,
}

/// `POST /api/v1/moderation/comments/{id}/{approve|reject|remove|feature|unfeature}`
pub async fn act(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, action)): Path<(i64, String)>,
    body: Option<Json<ReasonBody>>,
) -> Result<Json<Acted>, AppError> {
    let user = moderator(user)?;
    let action: CommentAction = action
        .parse()
        .map_err(|e: String| AppError::field("action", e))?;
    let reason = body.map(|b| b.0.reason).unwrap_or_default();
    if apply(&state, &user, &[id], action, &reason)
        .await?
        .is_empty()
    {
        let exists = state.store.comment(id).await?;
        return match exists {
            None => Err(AppError::NotFound),
            Some(c) => Err(AppError::Conflict(format!(
                "cannot {} a comment that is {}",
                action.as_str(),
                c.status
            ))),
        };
    }
    let status = state.store.comment(id).await?.map(|c| c.status);
    Ok(Json(Acted {
        id,
        action: action.as_str(),
        status,
    }))
}

#[derive(Deserialize, Default)]
pub struct StandingBody {
    days: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /api/v1/moderation/users/{id}/{ban|unban|suspend|trust|untrust}`
pub async fn standing(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((subject, change)): Path<(i64, String)>,
    body: Option<Json<StandingBody>>,
) -> Result<Json<serde_json::Value>, AppError> {
    let user = moderator(user)?;
    let body = body.map(|b| b.0).unwrap_or_default();
    let change = standing_change(&change, body.days)?;
    if !state
        .store
        .change_standing(subject, change, user.id, body.reason.trim())
        .await?
    {
        return Err(AppError::NotFound);
    }
    let s = state.store.standing(subject).await?;
    Ok(Json(
        serde_json::json!({"id": subject, "banned": s.banned, "trusted": s.trusted, "suspended_until": s.suspended_until}),
    ))
}
