//! Every route of Broadsheet in one table, and the layers around them.

use crate::http;
use crate::state::AppState;
use crate::web;
use axum::Router;
use axum::routing::{get, post};

pub fn build(state: AppState) -> Router {
    let routes = Router::new()
        // Operations
        .route("/healthz", get(web::health::healthz))
        .route("/readyz", get(web::health::readyz))
        .route("/metrics", get(web::health::metrics))
        // Reader site
        .route("/", get(web::home::home))
        .route("/{section}/{slug}", get(web::article::show))
        .route("/static/{hash}/{*path}", get(web::assets::serve))
        // Accounts
        .route(
            "/login",
            get(web::accounts::login::form).post(web::accounts::login::submit),
        )
        .route("/logout", post(web::accounts::login::logout))
        .route(
            "/logout/everywhere",
            post(web::accounts::login::logout_everywhere),
        )
        // First-start administrator setup
        .route(
            "/setup/{token}",
            get(web::setup::form).post(web::setup::submit),
        )
        .fallback(web::not_found)
        .with_state(state.clone());
    http::apply(routes, state)
}
