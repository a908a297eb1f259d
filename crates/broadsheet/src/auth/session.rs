//! Sessions: the signed-in user from the session cookie or a bearer token.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, header, request::Parts};
use broadsheet_store::User;

pub const COOKIE: &str = "bs_session";
pub const TTL_SECS: i64 = 30 * 24 * 3600;

/// Reads one cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_str(headers, name).map(str::to_string)
}

/// One cookie's value, borrowed from the request headers (no copy on the hot path).
pub fn cookie_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The Set-Cookie value for a new session.
pub fn set_cookie(secret: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={TTL_SECS}{secure}")
}

/// How a request proved who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An `Authorization: Bearer` API token that named a live token. Only this kind
    /// needs no CSRF token: a browser never attaches it on its own.
    Bearer,
    /// The session cookie, which a browser sends on forged requests too.
    Session,
}

/// The token of an `Authorization: Bearer …` header (the scheme as written by the spec's
/// examples and every client; other spellings authenticate nothing).
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// The owner of the request's live bearer token; 401 when there is none, or it is
/// unknown, revoked or expired.
pub async fn bearer_user(parts: &Parts, state: &AppState) -> Result<User, AppError> {
    let token = bearer_token(parts).ok_or(AppError::Unauthorized)?;
    let user = state.store.user_for_api_token(token).await?;
    user.ok_or(AppError::Unauthorized)
}

/// The caller and how they authenticated: a bearer token when the request carries one
/// (an unknown, revoked or expired token is 401, never a fall-back to the cookie), else
/// the session cookie. Any other `Authorization` scheme (Basic, …) authenticates nothing,
/// so a cookie beside it is still a cookie.
pub async fn authenticate(
    parts: &Parts,
    state: &AppState,
) -> Result<Option<(User, Credential)>, AppError> {
    if bearer_token(parts).is_some() {
        return Ok(Some((bearer_user(parts, state).await?, Credential::Bearer)));
    }
    let Some(secret) = cookie(&parts.headers, COOKIE) else {
        return Ok(None);
    };
    let user = state.store.user_for_session(&secret).await?;
    Ok(user.map(|u| (u, Credential::Session)))
}

/// The signed-in user, if any: from `Authorization: Bearer` or the session cookie.
pub struct MaybeUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let found = authenticate(parts, state).await?;
        Ok(MaybeUser(found.map(|(user, _)| user)))
    }
}

/// A signed-in user; anyone else gets 401 (on web pages: a redirect to the login page).
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match MaybeUser::from_request_parts(parts, state).await?.0 {
            Some(user) => Ok(SignedIn(user)),
            None => Err(AppError::Unauthorized),
        }
    }
}

/// A local path safe to redirect to after signing in: never another site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 512;
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            safe_next(Some("/newsroom?x=1")).as_deref(),
            Some("/newsroom?x=1")
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(safe_next(None), None);
    }
}
