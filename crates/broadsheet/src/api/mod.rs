//! The admin JSON API under `/api/v1`, for bearer tokens only (`broadsheet token
//! create`); a token acts with its owner's role. Errors use the JSON envelope of
//! `http::errors`, with a stable `code` and the failing `field`.

mod articles;
mod catalog;
pub mod comments;
mod moderation;
pub mod openapi;
mod webhooks;

use crate::error::AppError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use axum::routing::{delete, get, post};
use broadsheet_store::User;

/// Declares the API's routes once, so the OpenAPI test can list them.
macro_rules! api_routes {
    ($($path:literal => $route:expr),+ $(,)?) => {
        /// Every API path, as registered in the router.
        pub const PATHS: &[&str] = &[$($path),+];

        /// The API's routes; merged into the router's table of contents.
        pub fn routes() -> Router<AppState> {
            Router::new()$(.route($path, $route))+
        }
    };
}

api_routes! {
    "/api/v1/openapi.json" => get(openapi::document),
    "/api/v1/articles" => get(articles::list).post(articles::create),
    "/api/v1/articles/{id}" => get(articles::show).patch(articles::update),
    "/api/v1/articles/{id}/{action}" => post(articles::act),
    "/api/v1/articles/{id}/revisions" => get(articles::revisions),
    "/api/v1/articles/{id}/revisions/{version}" => get(articles::revision),
    "/api/v1/articles/{id}/revisions/{version}/restore" => post(articles::restore),
    "/api/v1/sections" => get(catalog::sections).post(catalog::create_section),
    "/api/v1/tags" => get(catalog::tags).post(catalog::create_tag),
    "/api/v1/authors" => get(catalog::authors),
    "/api/v1/images" => post(catalog::upload).layer(axum::extract::DefaultBodyLimit::disable()),
    "/api/v1/articles/{id}/comments" => get(comments::list).post(comments::post),
    "/api/v1/articles/{id}/comments/stream" => get(crate::web::comments::stream::stream),
    "/api/v1/comments/{id}/reactions" => post(comments::add_reaction).delete(comments::remove_reaction),
    "/api/v1/comments/{id}/reports" => post(comments::report),
    "/api/v1/moderation/queue" => get(moderation::queue),
    "/api/v1/moderation/comments/{id}/{action}" => post(moderation::act),
    "/api/v1/moderation/users/{id}/{change}" => post(moderation::standing),
    "/api/v1/webhooks" => get(webhooks::list).post(webhooks::create),
    "/api/v1/webhooks/{id}" => delete(webhooks::delete),
}

/// A caller with a bearer token whose owner writes articles. Cookies do not count here,
/// so the API needs no CSRF token.
pub struct ApiWriter(pub User);

impl FromRequestParts<AppState> for ApiWriter {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = crate::auth::session::bearer_user(parts, state).await?;
        if user.role().writes_articles() {
            Ok(ApiWriter(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// True when the request says its body is JSON (`application/json` or `…+json`).
pub fn has_json_content_type(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let mime = v.split(';').next().unwrap_or("").trim();
            let mime = mime.to_ascii_lowercase();
            mime == "application/json" || mime.ends_with("+json")
        })
}

/// Refuses a write (any method but GET, HEAD, OPTIONS) that does not say it sends JSON,
/// with 415: a browser sends JSON cross-site only after a CORS preflight, so this keeps
/// plain forms and `text/plain` beacons away from the API.
pub fn require_json_write(parts: &Parts) -> Result<(), AppError> {
    let reads = [
        axum::http::Method::GET,
        axum::http::Method::HEAD,
        axum::http::Method::OPTIONS,
    ];
    if reads.contains(&parts.method) || has_json_content_type(&parts.headers) {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType)
    }
}

/// A JSON body whose problems are reported in the API's error envelope. A body needs
/// `Content-Type: application/json` (415 otherwise); an empty one reads as `{}`.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, _state: &S) -> Result<Self, AppError> {
        let labelled = req.headers().contains_key(header::CONTENT_TYPE);
        let is_json = has_json_content_type(req.headers());
        if labelled && !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = crate::error::read_body(req, "request body").await?;
        if !bytes.is_empty() && !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        crate::error::reject_nul(&bytes)?;
        let bytes = if bytes.is_empty() {
            axum::body::Bytes::from_static(b"{}")
        } else {
            bytes
        };
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|e| AppError::bad(format!("the JSON body is not valid: {e}")))
    }
}
