//! Static theme assets at content-hashed URLs, cached for a year.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn serve(
    State(state): State<AppState>,
    Path((hash, path)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let asset = state.theme.assets.get(&path).ok_or(AppError::NotFound)?;
    if asset.hash != hash {
        return Err(AppError::NotFound);
    }
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        asset.bytes.clone(),
    )
        .into_response())
}

/// `/favicon.ico` at its conventional address (browsers ask for it unprompted), from the
/// theme's `static/icons/favicon.ico` so a theme can replace it; cached for a day.
pub async fn favicon(State(state): State<AppState>) -> Result<Response, AppError> {
    let asset = state
        .theme
        .assets
        .get("icons/favicon.ico")
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        asset.bytes.clone(),
    )
        .into_response())
}
