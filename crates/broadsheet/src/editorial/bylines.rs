//! Who may put names on a story (decision 0025): editors and administrators set any
//! byline; a contributor or author keeps the byline they were given, so nobody can drop
//! themselves and leave a colleague's name on a story, or sign a colleague up for one.
//! Every byline change is written into the revision's note.

use crate::error::AppError;
use crate::state::AppState;
use broadsheet_store::User;

/// Refuses a byline change `user` may not make: `wanted` differs from `current`
/// (names or their order) and `user` is not on the desk.
pub fn check_change(user: &User, current: &[i64], wanted: &[i64]) -> Result<(), AppError> {
    if wanted == current || user.role().edits_all_articles() {
        return Ok(());
    }
    Err(AppError::field(
        "authors",
        "only an editor can change who is named on a story; ask the desk",
    ))
}

/// The revision note for a save: `note`, plus the bylines before and after when they
/// changed, so the history shows who changed them and when.
pub async fn note(
    state: &AppState,
    note: &str,
    current: &[i64],
    wanted: &[i64],
) -> Result<String, AppError> {
    if wanted == current {
        return Ok(note.to_string());
    }
    Ok(format!(
        "{note}; bylines: {} → {}",
        names(state, current).await?,
        names(state, wanted).await?
    ))
}

async fn names(state: &AppState, ids: &[i64]) -> Result<String, AppError> {
    let mut names = Vec::new();
    for id in ids {
        if let Some(user) = state.store.user_by_id(*id).await? {
            names.push(user.display_name);
        }
    }
    Ok(if names.is_empty() {
        "(none)".to_string()
    } else {
        names.join(", ")
    })
}
