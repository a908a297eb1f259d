//! The language switch: `/lang/{locale}?next=/path` remembers the choice in a cookie
//! and goes back to the page, which must be a path on this site (never an open redirect).

use super::param;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::LANG_COOKIE;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A year: the choice should outlive the visit.
const MAX_AGE_SECS: u64 = 365 * 24 * 3600;

pub async fn switch(
    State(state): State<AppState>,
    Path(locale): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !state.i18n.has(&locale) {
        return Err(AppError::NotFound);
    }
    let next = param(&query, "next")
        .filter(|p| is_local_path(p))
        .unwrap_or("/");
    let secure = if state.options.behind_tls {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{LANG_COOKIE}={locale}; Path=/; Max-Age={MAX_AGE_SECS}; SameSite=Lax{secure}");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(next).map_err(|_| AppError::bad("bad return path"))?,
    );
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::NotFound)?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A path on this site: starts with one `/`, no scheme-relative `//` or `/\`, no
/// control characters or backslashes a browser might read as another host.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && p.len() <= 2000
        && p.chars().all(|c| !c.is_control() && c != ' ')
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in [
            "/",
            "/city/a-story",
            "/search?q=x&page=2",
            "/tag/harbour#top",
        ] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil",
            "evil",
            "",
            "/\tx",
            "javascript:alert(1)",
            "/a b",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
