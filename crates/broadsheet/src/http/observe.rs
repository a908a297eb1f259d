//! Request ids, per-request metrics and the access log line.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

/// The id of the request being served, in the request's extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

static NODE: LazyLock<String> = LazyLock::new(|| {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
});
static COUNTER: AtomicU64 = AtomicU64::new(1);

/// A caller's id is kept when it is short and printable; otherwise we make one.
pub(super) fn request_id(req: &Request) -> HeaderValue {
    if let Some(v) = req.headers().get(HEADER) {
        let ok = v.len() <= 64
            && v.as_bytes()
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b));
        if ok && !v.is_empty() {
            return v.clone();
        }
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    HeaderValue::from_str(&format!("{}-{n:x}", *NODE)).expect("ascii")
}

pub async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&req);
    // The matched route is shared (an Arc inside), so this copies no text.
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("unmatched", |m| m.as_str());
    let method = req.method().clone();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span =
        tracing::info_span!("request", id = id.to_str().unwrap_or(""), %method, route = %route);
    let mut response = next.run(req).instrument(span.clone()).await;
    let status = response.status();
    let elapsed = started.elapsed();
    state
        .metrics
        .record(route, method.as_str(), status.as_u16(), elapsed);
    span.in_scope(|| {
        let ms = elapsed.as_secs_f64() * 1000.0;
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), ms, "answered with a server error");
        } else {
            tracing::debug!(status = status.as_u16(), ms, "answered");
        }
    });
    response.headers_mut().insert(HEADER, id);
    response
}
