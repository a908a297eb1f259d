//! Cross-site request forgery defence: a per-browser token in a SameSite cookie that
//! every form echoes back, plus a same-origin check on the request headers.

use axum::http::{HeaderMap, header};
use broadsheet_store::secret::new_token;

pub const COOKIE: &str = "bs_csrf";
pub const FIELD: &str = "csrf";

/// The browser's token from its cookie, if it has one of the right shape.
pub fn token_from_cookies(headers: &HeaderMap) -> Option<String> {
    super::session::cookie(headers, COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The browser's token, or a fresh one to set (returned as `(token, is_new)`).
pub fn token_for(headers: &HeaderMap) -> (String, bool) {
    match token_from_cookies(headers) {
        Some(t) => (t, false),
        None => (new_token(""), true),
    }
}

/// The Set-Cookie value carrying a token.
pub fn set_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}")
}

/// True when the submitted form token matches the cookie and the request does not come
/// from another site than this one, which is at `base_url` (`--base-url`).
pub fn verify(headers: &HeaderMap, submitted: Option<&str>, base_url: &str) -> bool {
    if cross_site(headers, base_url) {
        return false;
    }
    match (token_from_cookies(headers), submitted) {
        (Some(cookie), Some(form)) => constant_time_eq(cookie.as_bytes(), form.as_bytes()),
        _ => false,
    }
}

/// True when an unsubscribe POST with `body` may act: a mail program's one-click POST
/// (RFC 8058: `List-Unsubscribe=One-Click`, form-encoded or multipart) needs no form
/// token, since the unguessable token in the address is the proof; any other POST must
/// carry the form token as [`verify`] checks it.
pub fn unsubscribe_allowed(headers: &HeaderMap, body: &[u8], base_url: &str) -> bool {
    let text = String::from_utf8_lossy(body);
    let fields: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let one_click = fields
        .iter()
        .any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click")
        || (text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click"));
    let form_token = fields
        .iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.as_str());
    one_click || verify(headers, form_token, base_url)
}

/// A browser that says the request is cross-site, or an Origin that is neither the
/// configured site nor the host the request was sent to (a proxy may rewrite Host).
fn cross_site(headers: &HeaderMap, base_url: &str) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    if origin.eq_ignore_ascii_case(&origin_of(base_url)) {
        return false;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
    origin_host.is_empty() || origin_host != host
}

/// `scheme://host[:port]` of a URL, without a default port, as browsers send Origin.
fn origin_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    format!("{scheme}://{authority}")
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const SITE: &str = "http://news.example";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn tokens_must_match_and_come_from_this_site() {
        let t = "a".repeat(64);
        let cookie = format!("{COOKIE}={t}");
        assert!(verify(&headers(&[("cookie", &cookie)]), Some(&t), SITE));
        assert!(!verify(
            &headers(&[("cookie", &cookie)]),
            Some(&"b".repeat(64)),
            SITE
        ));
        assert!(!verify(&headers(&[("cookie", &cookie)]), None, SITE));
        assert!(!verify(&headers(&[]), Some(&t), SITE));
        let evil = [
            ("cookie", cookie.as_str()),
            ("host", "news.example"),
            ("origin", "https://evil.example"),
        ];
        assert!(!verify(&headers(&evil), Some(&t), SITE));
        let same = [
            ("cookie", cookie.as_str()),
            ("host", "news.example"),
            ("origin", "https://news.example"),
        ];
        assert!(verify(&headers(&same), Some(&t), SITE));
        let fetch = [
            ("cookie", cookie.as_str()),
            ("sec-fetch-site", "cross-site"),
        ];
        assert!(!verify(&headers(&fetch), Some(&t), SITE));
    }

    #[test]
    fn the_base_url_is_this_site_whatever_host_a_proxy_sends() {
        let t = "a".repeat(64);
        let cookie = format!("{COOKIE}={t}");
        let via = |origin: &str, base: &str| {
            let h = [
                ("cookie", cookie.as_str()),
                ("host", "upstream:8080"),
                ("origin", origin),
            ];
            verify(&headers(&h), Some(&t), base)
        };
        assert!(via("https://news.example", "https://news.example"));
        assert!(via("https://NEWS.example", "https://news.example:443/"));
        assert!(via("http://10.0.0.1:8080", "http://10.0.0.1:8080"));
        assert!(!via("https://evil.example", "https://news.example"));
        assert!(!via("http://news.example", "https://news.example"));
        assert!(!via("https://news.example:8443", "https://news.example"));
        assert!(!via("https://news.example.evil", "https://news.example"));
        assert!(!via("null", "https://news.example"));
        assert!(!via("", "https://news.example"));
    }
}

/// A URL-encoded form whose `csrf` field must match the browser's token. Bad UTF-8,
/// malformed fields or a missing token are refused before the handler runs.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenField {
    csrf: Option<String>,
}

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<crate::state::AppState>
    for CsrfForm<T>
{
    type Rejection = crate::error::AppError;

    async fn from_request(
        req: axum::extract::Request,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        use crate::error::AppError;
        let headers = req.headers().clone();
        let bytes = crate::error::read_body(req, "form").await?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(AppError::bad("the form is not valid UTF-8"));
        }
        crate::error::reject_nul(&bytes)?;
        let token: TokenField = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::bad("the form is malformed"))?;
        if !verify(&headers, token.csrf.as_deref(), &state.options.base_url) {
            return Err(AppError::CsrfRejected);
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| AppError::bad(format!("the form is incomplete: {e}")))?;
        Ok(CsrfForm(value))
    }
}
