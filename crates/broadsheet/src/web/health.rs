//! `/healthz` (the process is up), `/readyz` (the database answers), `/metrics` (on the
//! main listener only with the metrics token; without one on `--metrics-listen`).

use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Duration;

pub async fn healthz() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], "ok\n")
}

/// Ready when the database answers within a second.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let ping = tokio::time::timeout(Duration::from_secs(1), state.store.ping()).await;
    match ping {
        Ok(Ok(())) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ready\n",
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            "not ready: the database does not answer\n",
        ),
    }
}

/// `/metrics` on the public listener: 404 unless a token is configured, and then only
/// for `Authorization: Bearer <token>`.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.options.metrics_token.as_deref() else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::auth::csrf::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "the metrics need their bearer token\n",
        )
            .into_response();
    }
    exposition(&state)
}

/// The routes of the separate operations listener (`--metrics-listen`), meant for a
/// private network: metrics without a token, and the health checks.
pub fn private_routes(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(s): State<AppState>| async move { exposition(&s) }),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
}

fn exposition(state: &AppState) -> Response {
    let text = state.metrics.render(state.store.pool_stats());
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}
