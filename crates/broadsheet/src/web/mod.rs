//! Web handlers: the reader site, first-start setup, and operational endpoints.

pub mod accounts;
pub mod ads;
pub mod assets;
pub mod comments;
pub mod health;
pub mod moderation;
pub mod newsletters;
pub mod newsroom;
pub mod page;
pub mod reader;
pub mod respond;
pub mod setup;

use crate::error::AppError;
pub use page::{Ctx, render};

/// True when a page's own script asked for JSON rather than a page or a redirect (the
/// moderation desk's decisions, the editor's drag-and-drop upload).
pub fn asks_for_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Any path no route claims.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
