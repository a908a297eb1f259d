//! Uploads on the running site: adding one as a signed-in member of staff (the same
//! checks and variants as [`super::add_image`]) and removing one.

use crate::cache::Change;
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_store::{MediaRecord, User};

/// Checks, strips, resizes, stores and records `bytes` as `user`'s upload.
pub async fn upload(
    state: &AppState,
    user: &User,
    name: &str,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<MediaRecord, AppError> {
    super::add_image(&state.media, &state.store, user.id, name, bytes, alt).await
}

/// Deletes an upload (editors and administrators): its files first, so a storage
/// failure keeps the record and trying again finishes the job, then its record.
pub async fn remove(state: &AppState, user: &User, key: &str) -> Result<(), AppError> {
    if !user.role().edits_all_articles() {
        return Err(AppError::Forbidden);
    }
    if state.store.media_by_key(key).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let (storage, k) = (state.media.storage.clone(), key.to_string());
    tokio::task::spawn_blocking(move || storage.delete(&k))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("media delete task: {e}")))??;
    state.store.delete_media(key).await?;
    // Pages that showed it render again, without its variants.
    state.after_write(Change::Everything);
    Ok(())
}
