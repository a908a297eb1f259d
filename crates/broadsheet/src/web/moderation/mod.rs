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

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

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
