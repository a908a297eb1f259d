//! Security headers on every response: a strict Content-Security-Policy and friends.

use crate::state::SiteOptions;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// No inline script or style, no eval, no framing; scripts only from our own origin.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn headers(
    State(options): State<Arc<SiteOptions>>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = next.run(req).await;
    add(response.headers_mut(), &options);
    response
}

/// [`CSP`] with images also from `origin` (where `--media-public-url` points).
pub fn policy_with_images_from(origin: &str) -> Option<HeaderValue> {
    let csp = CSP.replacen("img-src 'self'", &format!("img-src 'self' {origin}"), 1);
    HeaderValue::from_str(&csp).ok()
}

/// Adds the security headers to a response's headers (also made once into each cached
/// page's answers, which the fast path serves before this layer).
pub fn add(h: &mut HeaderMap, options: &SiteOptions) {
    let behind_tls = options.behind_tls;
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert_with(|| match &options.media_public_url {
            Some(public) => public.policy().clone(),
            None => HeaderValue::from_static(CSP),
        });
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    // A response that sets its own framing rule keeps it (the sandboxed ad-tag frame).
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    if behind_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}
