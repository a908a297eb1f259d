//! `GET /media/<key>/<file>`: stored images with long caching and no way out of the
//! media folder.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `original.<ext>` or `<width>.<ext>`, with a known image extension.
fn content_type(file: &str) -> Option<&'static str> {
    let (stem, ext) = file.split_once('.')?;
    let stem_ok = stem == "original"
        || (!stem.is_empty() && stem.len() <= 5 && stem.bytes().all(|b| b.is_ascii_digit()));
    if !stem_ok {
        return None;
    }
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "gif" => Some("image/gif"),
        _ => None,
    }
}

pub async fn serve(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let key_ok = key.len() == 24 && key.bytes().all(|b| b.is_ascii_hexdigit());
    let ct = content_type(&file)
        .filter(|_| key_ok)
        .ok_or(AppError::NotFound)?;
    let storage = state.media.storage.clone();
    let bytes = tokio::task::spawn_blocking(move || storage.get(&key, &file))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("media read task: {e}")))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("media read: {e}")))?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            // Keys are random and files never change: cache them for a year.
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn only_known_file_names_are_served() {
        assert_eq!(content_type("original.png"), Some("image/png"));
        assert_eq!(content_type("640.webp"), Some("image/webp"));
        for bad in [
            "..",
            "../x.png",
            "original.svg",
            "x.png",
            "640",
            "original.png.html",
        ] {
            assert_eq!(content_type(bad), None, "{bad}");
        }
    }
}
