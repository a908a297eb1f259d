//! Moving articles through the workflow, always through the domain's transition table.

use super::load;
use crate::cache::Change;
use crate::error::AppError;
use crate::state::AppState;
use crate::webhooks::{self, Event};
use broadsheet_domain::{Action, ArticleStatus, TransitionError};
use broadsheet_store::User;

/// Names of actions in URLs, forms and the workflow log.
pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Edit => "edit",
        Action::Submit => "submit",
        Action::Schedule => "schedule",
        Action::Publish => "publish",
        Action::Unpublish => "unpublish",
        Action::Archive => "archive",
        Action::ReturnToDraft => "return_to_draft",
    }
}

pub fn parse_action(name: &str) -> Option<Action> {
    Action::ALL
        .into_iter()
        .find(|a| *a != Action::Edit && action_name(*a) == name)
}

/// The domain's refusal as an HTTP error: 403 for the role, 409 for the state.
pub fn refusal(e: TransitionError) -> AppError {
    match e {
        TransitionError::Forbidden => AppError::Forbidden,
        TransitionError::WrongState(s) => AppError::Conflict(format!(
            "an article that is {} cannot be moved this way",
            s.replace('_', " ")
        )),
    }
}

/// Takes `action` on article `id` as `user`; `publish_at` (Unix seconds) is required to
/// schedule and must be in the future. Returns the new state.
pub async fn apply(
    state: &AppState,
    user: &User,
    id: i64,
    action: Action,
    publish_at: Option<i64>,
) -> Result<ArticleStatus, AppError> {
    let loaded = load(state, id).await?;
    let from = loaded.article.summary.status.0;
    let to = loaded.check(user, action)?;
    let publish_at = match action {
        Action::Schedule => {
            let at = publish_at.ok_or_else(|| {
                AppError::field("publish_at", "choose when the article goes live")
            })?;
            if at <= broadsheet_store::now() {
                return Err(AppError::field(
                    "publish_at",
                    "the publishing time must be in the future",
                ));
            }
            Some(at)
        }
        _ => None,
    };
    let moved = state
        .store
        .move_article(id, from, to, action_name(action), publish_at, user.id)
        .await?;
    if !moved {
        return Err(AppError::Conflict(
            "someone else changed this article's state just now; reload and try again".into(),
        ));
    }
    if from == ArticleStatus::Published || to == ArticleStatus::Published {
        state.after_write(Change::Everything);
    }
    let event = match (from, to) {
        (ArticleStatus::Published, ArticleStatus::Published) => None,
        (_, ArticleStatus::Published) => Some(Event::ArticlePublished),
        (ArticleStatus::Published, _) => Some(Event::ArticleUnpublished),
        _ => None,
    };
    if let Some(event) = event {
        webhooks::emit_article(state, event, id).await;
    }
    tracing::info!(
        article = id,
        user = user.id,
        from = from.as_str(),
        to = to.as_str(),
        "article moved"
    );
    Ok(to)
}

/// Parses an RFC 3339 time, or a `datetime-local` value (`2026-11-26T14:30`) taken as
/// UTC shifted by `offset_minutes` (the browser's `getTimezoneOffset()`).
pub fn parse_time(value: &str, offset_minutes: i64) -> Result<i64, AppError> {
    use time::format_description::well_known::Rfc3339;
    let v = value.trim();
    if let Ok(t) = time::OffsetDateTime::parse(v, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(v, &fmt)
        .or_else(|_| time::PrimitiveDateTime::parse(v, &fmt_s))
        .map(|t| t.assume_utc().unix_timestamp() + offset_minutes * 60)
        .map_err(|_| {
            AppError::field(
                "publish_at",
                format!(
                    "'{}' is not a date and time",
                    v.chars().take(40).collect::<String>()
                ),
            )
        })
}

/// Appends a correction note to a published article (shown under the story, oldest
/// first). Whoever may take a live article down may also correct it.
pub async fn add_correction(
    state: &AppState,
    user: &User,
    id: i64,
    note: &str,
) -> Result<(), AppError> {
    let loaded = load(state, id).await?;
    if loaded.article.summary.status.0 != ArticleStatus::Published {
        return Err(AppError::Conflict(
            "corrections are appended to published articles only".into(),
        ));
    }
    loaded.check(user, Action::Unpublish)?;
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 2000 {
        return Err(AppError::field(
            "note",
            "a correction needs 1–2000 characters",
        ));
    }
    state.store.add_correction(id, user.id, note).await?;
    state.after_write(Change::Everything);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_from_rfc3339_and_the_date_picker() {
        assert_eq!(
            parse_time("2026-11-26T12:00:00Z", 0).unwrap(),
            1_795_694_400
        );
        assert_eq!(
            parse_time("2026-11-26T14:00:00+02:00", 0).unwrap(),
            1_795_694_400
        );
        assert_eq!(parse_time("2026-11-26T12:00", 0).unwrap(), 1_795_694_400);
        // A browser at UTC+3 reports an offset of -180 minutes.
        assert_eq!(parse_time("2026-11-26T15:00", -180).unwrap(), 1_795_694_400);
        assert!(parse_time("tomorrow", 0).is_err());
        assert!(parse_time("2026-13-40T99:00", 0).is_err());
    }

    #[test]
    fn action_names_round_trip() {
        for a in Action::ALL.into_iter().filter(|a| *a != Action::Edit) {
            assert_eq!(parse_action(action_name(a)), Some(a));
        }
        assert_eq!(parse_action("edit"), None);
    }
}
