//! Serves reader pages to anonymous readers from the page cache: compression chosen from
//! `Accept-Encoding`, `ETag`/`Last-Modified` with 304s, CDN-friendly `Cache-Control`,
//! and HEAD. Requests with a session (cookie or bearer token) always render afresh.

use super::Cacheable;
use crate::auth::session;
use crate::cache::{CachedPage, Encoding, Lookup, X_CACHE};
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// The largest page we are willing to hold.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if !(method == Method::GET || method == Method::HEAD) {
        return next.run(req).await;
    }
    if has_session(req.headers()) {
        // Whatever a signed-in reader sees is theirs alone.
        let mut response = next.run(req).await;
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-cache"));
        return response;
    }
    let key = match req.extensions_mut().remove::<Key>() {
        Some(Key(key)) => key,
        None => cache_key(&state, &req),
    };
    let head = method == Method::HEAD;
    let claim = match state.page_cache.lookup(&key) {
        Lookup::Fresh(page) => return respond(&page, req.headers(), head, "hit"),
        // Another request is rendering the new copy; this one gets the last one.
        Lookup::Stale(page) => return respond(&page, req.headers(), head, "stale"),
        Lookup::Refresh => Some(Claim {
            cache: &state.page_cache,
            key: Some(key.clone()),
        }),
        Lookup::Miss => None,
    };
    let generation = state.page_cache.generation();
    let request_headers = req.headers().clone();
    // The route, for the metrics of later hits served by the fast path.
    let route: Arc<str> = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .into();
    let response = next.run(req).await;
    let Some(&Cacheable(shows)) = response.extensions().get::<Cacheable>() else {
        return response;
    };
    if response.status() != StatusCode::OK {
        return response;
    }
    if shows.search && !state.page_cache.asked_before(&key) {
        // A query asked for once is not worth compressing and holding.
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    // The one request renewing a page waits for its turn to compress; others that miss
    // (a cold cache) serve their render uncompressed rather than queue.
    let _turn = match &claim {
        Some(_) => state.page_cache.compress_wait().await,
        None => match state.page_cache.compress_turn() {
            Some(turn) => turn,
            None => return Response::from_parts(parts, Body::from(bytes)),
        },
    };
    let options = state.options.clone();
    // Compression is CPU work: keep it off the async workers.
    let page = tokio::task::spawn_blocking(move || {
        CachedPage::build(content_type, bytes, generation)
            .for_route(route)
            .short_lived(shows.search)
            .with_headers(|h| crate::http::security::add(h, &options))
    })
    .await;
    let Ok(page) = page.map(Arc::new) else {
        return Response::from_parts(parts, Body::empty());
    };
    state.page_cache.put(key, page.clone(), shows);
    if let Some(mut claim) = claim {
        claim.key = None; // `put` replaced the entry, and its claim with it
    }
    respond(&page, &request_headers, head, "miss")
}

/// A [`Lookup::Refresh`] claim, given back if the render ends any other way than in the
/// cache (an error, a page that may not be cached, or the client going away).
struct Claim<'a> {
    cache: &'a crate::cache::PageCache,
    key: Option<String>,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if let Some(key) = &self.key {
            self.cache.release(key);
        }
    }
}

pub fn has_session(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || session::cookie_str(headers, session::COOKIE).is_some()
}

/// A cache key the fast path already computed for this request.
#[derive(Clone)]
pub struct Key(pub String);

/// Locale first (it changes every word of the page), then path and query.
pub fn cache_key(state: &AppState, req: &Request) -> String {
    let mut key = String::new();
    write_key(&mut key, state, req);
    key
}

/// Runs `f` on this request's cache key, built in a buffer each thread keeps, so that a
/// cache hit allocates no key.
pub fn with_key<T>(state: &AppState, req: &Request, f: impl FnOnce(&str) -> T) -> T {
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    KEY.with_borrow_mut(|key| {
        key.clear();
        write_key(key, state, req);
        f(key)
    })
}

fn write_key(key: &mut String, state: &AppState, req: &Request) {
    let locale = crate::web::page::locale_name(state, req.headers());
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    key.push_str(locale);
    key.push(' ');
    key.push_str(path);
}

/// The cached page as this request wants it: 304 if the client's copy is current, else
/// the best encoding it accepts (no body for HEAD). The headers were made with the page.
pub fn respond(page: &CachedPage, req: &HeaderMap, head: bool, how: &'static str) -> Response {
    let (encoding, body) = if not_modified(page, req) {
        (None, Body::empty())
    } else {
        let encoding = preferred_encoding(req);
        let body = match head {
            true => Body::empty(),
            false => Body::from(page.body(encoding).clone()),
        };
        (Some(encoding), body)
    };
    let mut response = Response::new(body);
    if encoding.is_none() {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    *response.headers_mut() = page.answer(encoding).clone();
    if how != "hit" {
        response
            .headers_mut()
            .insert(X_CACHE, HeaderValue::from_static(how));
    }
    response
}

/// `If-None-Match` decides when present; otherwise `If-Modified-Since`.
fn not_modified(page: &CachedPage, req: &HeaderMap) -> bool {
    if let Some(inm) = req.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        let ours = page.etag.to_str().unwrap_or("");
        let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
        return inm
            .split(',')
            .any(|t| t.trim() == "*" || bare(t) == bare(ours));
    }
    req.get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| {
            let ours = page
                .modified_at
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let since = since
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            ours <= since
        })
}

/// Brotli if accepted, then gzip; a coding with `q=0` is refused.
fn preferred_encoding(req: &HeaderMap) -> Encoding {
    let Some(accept) = req
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (coding.eq_ignore_ascii_case(name) || coding == "*") && q > 0.0
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(ae: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(ae).unwrap());
        h
    }

    #[test]
    fn encodings_are_negotiated() {
        assert_eq!(preferred_encoding(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(
            preferred_encoding(&with("gzip, deflate, br")),
            Encoding::Brotli
        );
        assert_eq!(preferred_encoding(&with("gzip")), Encoding::Gzip);
        assert_eq!(
            preferred_encoding(&with("br;q=0, gzip;q=0.5")),
            Encoding::Gzip
        );
        assert_eq!(preferred_encoding(&with("identity")), Encoding::Identity);
    }

    /// The answers are made once with the page: each must still match what was asked.
    #[tokio::test]
    async fn each_answer_carries_its_own_encoding_length_validators_and_security_headers() {
        let body = axum::body::Bytes::from("<p>High tide at the harbour</p>".repeat(50));
        let page = CachedPage::build(HeaderValue::from_static("text/html"), body, 0)
            .short_lived(true)
            .with_headers(|h| crate::http::security::add(h, &crate::state::SiteOptions::local()));
        let br = respond(&page, &with("gzip, br"), false, "hit");
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let length = br.headers()[header::CONTENT_LENGTH].clone();
        assert_eq!(length, page.brotli.len().to_string());
        assert_eq!(
            br.headers()[header::CACHE_CONTROL],
            "public, max-age=0, s-maxage=10"
        );
        assert_eq!(br.headers()[header::CONTENT_TYPE], "text/html");
        assert!(br.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        assert_eq!(br.headers()["x-cache"], "hit");
        let sent = to_bytes(br.into_body(), usize::MAX).await.unwrap();
        assert_eq!(sent, page.brotli);

        let gzip = respond(&page, &with("gzip"), false, "stale");
        assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzip.headers()["x-cache"], "stale");

        let head = respond(&page, &HeaderMap::new(), true, "miss");
        assert!(!head.headers().contains_key(header::CONTENT_ENCODING));
        let identity_length = page.identity.len().to_string();
        assert_eq!(head.headers()[header::CONTENT_LENGTH], identity_length);
        assert_eq!(head.headers()["x-cache"], "miss");
        assert!(to_bytes(head.into_body(), 16).await.unwrap().is_empty());

        let mut current = with("br");
        current.insert(header::IF_NONE_MATCH, page.etag.clone());
        let unchanged = respond(&page, &current, false, "hit");
        assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(unchanged.headers()[header::ETAG], page.etag);
        assert!(!unchanged.headers().contains_key(header::CONTENT_LENGTH));
        assert!(!unchanged.headers().contains_key(header::CONTENT_ENCODING));
        assert!(
            unchanged
                .headers()
                .contains_key(header::X_CONTENT_TYPE_OPTIONS)
        );
    }
}
