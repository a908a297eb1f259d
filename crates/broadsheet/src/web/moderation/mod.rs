//! The moderation desk at `/newsroom/moderation`: queues, decisions on comments and
//! commenters, settings, the audit log, and the screener's models and agreement. Its
//! JSON API is `api::moderation`, under `/api/v1` with the rest.

mod actions;
mod audit;
mod learning;
pub(crate) mod queue;
mod reply;
mod settings;

pub use crate::moderation::ModerationSettings;

use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use broadsheet_store::User;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/newsroom/moderation", get(queue::page))
        .route("/newsroom/moderation/counts", get(queue::counts))
        .route("/newsroom/moderation/act", post(actions::act))
        .route("/newsroom/moderation/users/{id}", post(actions::standing))
        .route("/newsroom/moderation/audit", get(audit::page))
        .route("/newsroom/moderation/audit.csv", get(audit::csv))
        .route("/newsroom/moderation/audit.json", get(audit::json))
        .route(
            "/newsroom/moderation/settings",
            get(settings::page).post(settings::save),
        )
        .route("/newsroom/moderation/screener", get(learning::page))
        .route("/newsroom/moderation/screener/train", post(learning::train))
        .route(
            "/newsroom/moderation/screener/activate",
            post(learning::activate),
        )
        .route("/newsroom/moderation/screener/auto", post(learning::auto))
}

/// A signed-in moderator, editor or administrator; everyone else gets 403.
pub struct Moderator(pub User);

impl FromRequestParts<AppState> for Moderator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        if user.role().moderates() {
            Ok(Moderator(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}
