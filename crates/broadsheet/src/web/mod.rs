//! Web handlers: the reader site, first-start setup, and operational endpoints.

pub mod article;
pub mod assets;
pub mod health;
pub mod home;
pub mod setup;

use crate::error::AppError;
use crate::state::AppState;
use axum::response::Html;
use serde::Serialize;

/// Renders a theme template with the page context plus what every page needs.
pub fn render(
    state: &AppState,
    name: &str,
    page: impl Serialize,
) -> Result<Html<String>, AppError> {
    let template = state.theme.env.get_template(name)?;
    let ctx = minijinja::context! {
        site => minijinja::context! { name => state.site_name(), base_url => &state.options.base_url },
        lang => &state.options.default_locale,
        ..minijinja::Value::from(minijinja::value::Serde(page))
    };
    Ok(Html(template.render(ctx)?))
}

/// Any path no route claims.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
