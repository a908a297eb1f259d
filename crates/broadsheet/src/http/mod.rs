//! The layers every request passes through, outermost first: the cached-page fast path,
//! observation (request id, metrics, logs), panic catching, timeout, security headers,
//! error pages, body limit.

mod cached;
pub use cached::Front;
pub mod client_addr;
pub mod errors;
mod observe;
pub mod rate_limit;
pub mod security;
pub mod server;

use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use observe::RequestId;

/// The largest request body any route accepts; routes may set smaller limits.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Wraps the routes in the production middleware. `Router::layer` makes the last layer
/// added the outermost, so this reads innermost first; outside them all, and outside
/// routing, the cached-page fast path, which the server calls directly.
pub fn apply(router: Router, state: AppState) -> Front {
    let timeout = state.options.request_timeout;
    let inner = router
        .layer(from_fn_with_state(state.clone(), body_limit))
        .layer(from_fn_with_state(state.clone(), errors::render))
        .layer(from_fn_with_state(state.options.clone(), security::headers))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(state.clone(), observe::observe));
    // Outermost: a cached page for an anonymous reader skips everything above. (A layer
    // on the router would run after routing and copy the whole layer stack for every
    // request.)
    Front { state, inner }
}

/// Caps every request body at [`MAX_BODY_BYTES`], except image uploads, which may be as
/// large as the configured media limit.
async fn body_limit(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limit = if crate::media::takes_uploads(req.uri().path()) {
        state.media.max_bytes + 256 * 1024
    } else {
        MAX_BODY_BYTES
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        // Inside the error-page layer, so the reader gets a themed, translated page.
        return crate::error::AppError::PayloadTooLarge.into_response();
    }
    let req = req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}
