//! The fast path for the busiest request there is: an anonymous reader asking for a page
//! the cache holds. It answers before every other layer (no span, timeout, panic guard,
//! routing or error-page work) with exactly the headers the full path would give: the
//! request id, the security headers, and the metrics line under the page's own route.

use crate::state::AppState;
use crate::web::reader::cache_layer;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

pub async fn serve_hit(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match hit(&state, &mut req) {
        Some(response) => response,
        None => next.run(req).await,
    }
}

/// The cached answer, or `None` when the full path must run: other methods, any
/// session, a page not held, or an ad table due for reloading (which may empty the
/// cache, so the full path's ad layer must see the request).
fn hit(state: &AppState, req: &mut Request) -> Option<Response> {
    let head = req.method() == Method::HEAD;
    if !(head || req.method() == Method::GET) || cache_layer::has_session(req.headers()) {
        return None;
    }
    if state.ads.is_stale(broadsheet_store::now()) {
        return None;
    }
    let started = Instant::now();
    let Some(page) = cache_layer::with_key(state, req, |key| state.page_cache.get(key)) else {
        // The full path's cache layer looks the same key up again: hand it over.
        let key = cache_layer::cache_key(state, req);
        req.extensions_mut().insert(cache_layer::Key(key));
        return None;
    };
    // The page's answers carry the security headers already (see `CachedPage`).
    let mut response = cache_layer::respond(&page, req.headers(), head, "hit");
    response
        .headers_mut()
        .insert(super::observe::HEADER, super::observe::request_id(req));
    state.metrics.record(
        &page.route,
        req.method().as_str(),
        response.status().as_u16(),
        started.elapsed(),
    );
    Some(response)
}
