//! Decisions on comments (approve, reject, remove, feature; one or many at once) and on
//! commenters (ban, suspend, trust). Shared by the desk and the JSON API; the store
//! writes each decision and its audit row in one transaction.

use crate::cache::Change;
use crate::error::AppError;
use crate::state::AppState;
use crate::webhooks::{self, Event};
use broadsheet_domain::moderation::CommentAction;
use broadsheet_store::{Decided, StandingChange};

/// How many comments one bulk action may touch.
pub const MAX_BULK: usize = 200;

/// Applies one action to many comments; returns the ones it changed.
pub async fn apply(
    state: &AppState,
    moderator: &broadsheet_store::User,
    ids: &[i64],
    action: CommentAction,
    reason: &str,
) -> Result<Vec<i64>, AppError> {
    if !action.allowed_for(moderator.role()) {
        return Err(AppError::Forbidden);
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::bad(format!(
            "at most {MAX_BULK} comments at once"
        )));
    }
    let reason: String = reason.trim().chars().take(500).collect();
    let mut changed = Vec::new();
    for id in ids {
        if let Decided::Done { article_id, .. } = state
            .store
            .moderate_comment(*id, action, moderator.id, &reason)
            .await?
        {
            changed.push(*id);
            state.after_write(Change::Comments { article_id });
            let event = match action {
                CommentAction::Approve => Some(Event::CommentApproved),
                CommentAction::Reject => Some(Event::CommentRejected),
                _ => None,
            };
            if let Some(event) = event {
                webhooks::emit_comment(state, event, *id).await;
            }
        }
    }
    Ok(changed)
}

/// Parses a commenter decision; `days` is needed for a suspension.
pub fn standing_change(change: &str, days: Option<i64>) -> Result<StandingChange, AppError> {
    Ok(match change {
        "ban" => StandingChange::Ban,
        "unban" => StandingChange::Unban,
        "trust" => StandingChange::Trust,
        "untrust" => StandingChange::Untrust,
        "suspend" => {
            let days = days
                .filter(|d| (1..=3650).contains(d))
                .ok_or_else(|| AppError::field("days", "a suspension lasts 1 to 3650 days"))?;
            StandingChange::Suspend {
                until: broadsheet_store::now() + days * 86_400,
            }
        }
        other => {
            return Err(AppError::field(
                "change",
                format!("unknown decision '{other}'"),
            ));
        }
    })
}
