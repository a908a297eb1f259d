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
pub mod setup;

use crate::error::AppError;
pub use page::{Ctx, render};

/// Any path no route claims.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
