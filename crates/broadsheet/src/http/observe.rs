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

/// Eight hex digits naming this process, so ids from several nodes never collide.
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
    // `NODE-n` in hex, written by hand: this runs for every request, cached ones too.
    let mut id = [0u8; 8 + 1 + 16];
    id[..8].copy_from_slice(NODE.as_bytes());
    id[8] = b'-';
    let digits = (64 - n.leading_zeros()).div_ceil(4).max(1) as usize;
    for (i, slot) in id[9..9 + digits].iter_mut().enumerate() {
        let nibble = (n >> (4 * (digits - 1 - i))) & 0xf;
        *slot = b"0123456789abcdef"[nibble as usize];
    }
    HeaderValue::from_bytes(&id[..9 + digits]).expect("ascii")
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[test]
    fn made_ids_name_the_node_and_count_in_hex_and_a_callers_id_is_kept() {
        let req = Request::new(Body::empty());
        let (first, second) = (request_id(&req), request_id(&req));
        for id in [&first, &second] {
            let (node, n) = id.to_str().unwrap().split_once('-').unwrap();
            assert_eq!(node, NODE.as_str());
            assert!(u64::from_str_radix(n, 16).is_ok(), "{id:?}");
            assert!(!n.is_empty() && (n == "0" || !n.starts_with('0')), "{id:?}");
        }
        let n = |id: &HeaderValue| {
            u64::from_str_radix(id.to_str().unwrap().split_once('-').unwrap().1, 16).unwrap()
        };
        assert!(n(&second) > n(&first));
        let mut asked = Request::new(Body::empty());
        asked
            .headers_mut()
            .insert(HEADER, HeaderValue::from_static("edge-42.a_b"));
        assert_eq!(request_id(&asked), "edge-42.a_b");
        asked
            .headers_mut()
            .insert(HEADER, HeaderValue::from_static("has space"));
        assert_ne!(request_id(&asked), "has space");
    }
}
