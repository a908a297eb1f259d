//! Web handlers: the reader site, first-start setup, and operational endpoints.

pub mod accounts;
pub mod article;
pub mod assets;
pub mod health;
pub mod home;
pub mod page;
pub mod setup;

use crate::error::AppError;
pub use page::{Ctx, render};

/// Any path no route claims.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
