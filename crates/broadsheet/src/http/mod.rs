//! The layers every request passes through, outermost first: observation (request id,
//! metrics, logs), panic catching, timeout, body limit, security headers, error pages.

pub mod errors;
mod observe;
pub mod rate_limit;
mod security;

use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use observe::RequestId;

/// The largest request body any route accepts; routes may set smaller limits.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// How long a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Wraps the routes in the production middleware. `Router::layer` makes the last layer
/// added the outermost, so this reads innermost first.
pub fn apply(router: Router, state: AppState) -> Router {
    router
        .layer(from_fn_with_state(state.clone(), errors::render))
        .layer(from_fn_with_state(state.options.clone(), security::headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(state, observe::observe))
}
