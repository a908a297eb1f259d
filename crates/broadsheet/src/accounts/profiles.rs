//! Profile changes and deleting an account, each with what it changes on the public
//! site. Handlers check the input and the password; the writes and their after-write
//! hook are here.

use crate::cache::Change;
use crate::state::AppState;
use broadsheet_store::{DeletedComments, StoreError, User};

/// A reader's own name and bio. Names show on public comment threads, so a new name
/// drops cached pages; a bio alone shows on no cached page.
pub async fn save_reader_profile(
    state: &AppState,
    user: &User,
    name: &str,
    bio: &str,
) -> Result<(), StoreError> {
    state.store.update_profile(user.id, name, bio).await?;
    if name != user.display_name {
        state.after_write(Change::Everything);
    }
    Ok(())
}

/// A staff member's public profile (name, bio, photo, links one a line), shown on
/// bylines and the author page.
pub async fn save_staff_profile(
    state: &AppState,
    user: &User,
    name: &str,
    bio: &str,
    photo: &str,
    links: &[&str],
) -> Result<(), StoreError> {
    state
        .store
        .set_profile(user, name, bio, photo, &links.join("\n"))
        .await?;
    state.after_write(Change::Everything);
    Ok(())
}

/// Deletes `user`'s account, keeping their comments under "deleted" or removing them.
pub async fn delete(
    state: &AppState,
    user: &User,
    comments: DeletedComments,
) -> Result<(), StoreError> {
    state.store.delete_account(user.id, comments).await?;
    state.after_write(Change::Everything);
    tracing::info!(user = user.id, "account deleted");
    Ok(())
}
