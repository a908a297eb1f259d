//! An upload by a signed-in member of staff on the running site: the site's media
//! settings and store, the same checks and variants as [`super::add_image`].

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
