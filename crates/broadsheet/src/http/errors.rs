//! Error pages: turns an `AppError`'s response into a themed HTML page on the site, or a
//! JSON envelope with a stable code under `/api/`.

use crate::error::ErrorInfo;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Keep only cheap handles (the URI and headers share their bytes); the locale and
    // paths are worked out only when there is an error page to render.
    let uri = req.uri().clone();
    // Browsers send one Cookie header over HTTP/1.1.
    let cookie = req.headers().get(header::COOKIE).cloned();
    let is_get = req.method() == axum::http::Method::GET;
    let response = next.run(req).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let is_api = uri.path().starts_with("/api/");
    let path = uri.path();
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or(path);
    let mut jar = axum::http::HeaderMap::new();
    if let Some(c) = cookie {
        jar.insert(header::COOKIE, c);
    }
    let locale = crate::web::page::locale_of(&state, &jar);
    // A signed-out visitor to a page that needs an account is sent to sign in first.
    if !is_api && info.code == "unauthorized" && is_get {
        let next = crate::http::errors::encode_component(path_and_query);
        return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let (mut parts, _) = response.into_parts();
    let body = if is_api {
        let envelope = serde_json::json!({
            "error": { "code": info.code, "message": info.message, "field": info.field }
        });
        Json(envelope).into_response()
    } else {
        // The masthead shows who is signed in, as on every other page (not when the
        // database is the thing that failed).
        let user = match crate::auth::session::cookie(&jar, crate::auth::session::COOKIE) {
            Some(secret) if info.status.as_u16() < 500 => {
                state.store.user_for_session(&secret).await.ok().flatten()
            }
            _ => None,
        };
        let retry_minutes = info.retry_after.map(|secs| secs.div_ceil(60).max(1));
        let ctx = minijinja::context! {
            status => info.status.as_u16(), code => info.code, message => info.message,
            retry_minutes => retry_minutes,
        };
        // The masthead's sign-out form needs the browser's form token, when it has one.
        let csrf = user
            .as_ref()
            .and_then(|_| crate::auth::csrf::token_from_cookies(&jar))
            .unwrap_or_default();
        let page = crate::web::page::render_html(
            &state,
            &locale,
            user.as_ref(),
            &csrf,
            path,
            "error.html",
            ctx,
        );
        match page {
            Ok(html) => html.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the error page template failed");
                Html(format!(
                    "<!doctype html><title>{}</title><h1>{}</h1>",
                    info.status, info.status
                ))
                .into_response()
            }
        }
    };
    let (body_parts, body) = body.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(ct) = body_parts.headers.get(header::CONTENT_TYPE) {
        parts.headers.insert(header::CONTENT_TYPE, ct.clone());
    }
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, body)
}

/// Percent-encodes a URL query component.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sets one query parameter on a local path, replacing any earlier value of it, so
/// redirects that carry a notice do not pile up duplicate parameters.
pub fn with_query_param(path_and_query: &str, name: &str, value: &str) -> String {
    let base = without_query_param(path_and_query, name);
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{name}={}", encode_component(value))
}

/// The path and query without one parameter (e.g. a one-off notice).
pub fn without_query_param(path_and_query: &str, name: &str) -> String {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_notice_replaces_the_first() {
        let once = with_query_param("/newsroom/moderation?queue=reported", "notice", "a b");
        assert_eq!(once, "/newsroom/moderation?queue=reported&notice=a%20b");
        let twice = with_query_param(&once, "notice", "c");
        assert_eq!(twice, "/newsroom/moderation?queue=reported&notice=c");
        assert_eq!(
            without_query_param(&twice, "notice"),
            "/newsroom/moderation?queue=reported"
        );
        assert_eq!(without_query_param("/x?notice=1", "notice"), "/x");
    }
}
