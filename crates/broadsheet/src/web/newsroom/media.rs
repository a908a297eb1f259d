//! The media library: recent uploads and the upload form (multipart, so the CSRF token
//! is checked here by hand rather than by `CsrfForm`, which reads URL-encoded forms).
//! The editor's drag-and-drop asks for JSON (`Accept: application/json`) and gets the
//! new image's address instead of a redirect.

use super::see_other;
use crate::auth::csrf;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{DeskEditor, Writer};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Item {
    key: String,
    url: String,
    alt: String,
    width: i64,
    height: i64,
    name: String,
    /// The Markdown to paste into a body.
    markdown: String,
}

pub async fn library(
    State(state): State<AppState>,
    Writer(_): Writer,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let items = recent(&state, 60).await?;
    let max_mb = state.media.max_bytes / (1024 * 1024);
    super::show(
        &state,
        &ctx,
        "media",
        serde_json::json!({ "items": items, "max_mb": max_mb, "max_bytes": state.media.max_bytes }),
    )
}

/// The newest uploads as the library and the editor's picker show them.
pub(super) async fn recent(state: &AppState, limit: i64) -> Result<Vec<Item>, AppError> {
    Ok(state
        .store
        .list_media(limit)
        .await?
        .into_iter()
        .map(|m| {
            let url = crate::media::url(&m);
            Item {
                markdown: format!("![{}]({url})", m.alt.replace(['[', ']'], "")),
                key: m.key,
                url,
                alt: m.alt,
                width: m.width,
                height: m.height,
                name: m.original_name,
            }
        })
        .collect())
}

/// The fields of an upload form: the token, the file and its alt text.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub alt: String,
    pub csrf: Option<String>,
}

/// Reads an upload form's fields; the file may be large, the others are small.
pub async fn read_upload(mut form: Multipart) -> Result<Upload, AppError> {
    let mut up = Upload {
        name: String::new(),
        bytes: Vec::new(),
        alt: String::new(),
        csrf: None,
    };
    let unreadable = |_| {
        AppError::field(
            "file",
            "the upload could not be read (too large or interrupted)",
        )
    };
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or("") {
            "file" => {
                up.name = field.file_name().unwrap_or("").to_string();
                up.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            "alt" => up.alt = field.text().await.map_err(unreadable)?,
            "csrf" => up.csrf = Some(field.text().await.map_err(unreadable)?),
            _ => {}
        }
    }
    Ok(up)
}

impl Upload {
    /// Refuses a form that carried no file.
    pub fn require_file(self) -> Result<Upload, AppError> {
        if self.bytes.is_empty() {
            return Err(AppError::field("file", "choose an image to upload"));
        }
        Ok(self)
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Writer(user): Writer,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, AppError> {
    let up = read_upload(form).await?;
    // The token is checked before anything about the file, so a forged post learns nothing.
    if !csrf::verify(&headers, up.csrf.as_deref(), &state.options.base_url) {
        return Err(AppError::CsrfRejected);
    }
    let up = up.require_file()?;
    let record = crate::media::upload(&state, &user, &up.name, up.bytes, &up.alt).await?;
    if crate::web::asks_for_json(&headers) {
        let url = crate::media::url(&record);
        let body = serde_json::json!({ "url": url, "alt": record.alt });
        return Ok(axum::response::IntoResponse::into_response(axum::Json(
            body,
        )));
    }
    Ok(see_other("/newsroom/media?done=uploaded"))
}

#[derive(serde::Deserialize)]
pub struct Empty {}

/// Deletes an upload and its files from the media storage.
pub async fn delete(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    Path(key): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    crate::media::remove(&state, &user, &key).await?;
    Ok(see_other("/newsroom/media?done=image-deleted"))
}
