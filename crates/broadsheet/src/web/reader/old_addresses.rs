//! Old addresses answer 301: a WordPress permalink, `/?p=101`, a category archive or an
//! uploaded file of the site a newsroom moved from goes to where it lives now (decision
//! 0031). Only a request that would be a 404 costs a lookup, plus front-page requests
//! that carry a WordPress id; the target is always a path on this site.

use crate::editorial::old_paths;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return next.run(req).await;
    }
    let uri = req.uri().clone();
    let front = matches!(uri.path(), "/" | "/index.php");
    if front && let Some(key) = old_paths::key(uri.path(), uri.query()) {
        // `/?p=101` is the front page to the router: look before it renders.
        if let Some(to) = location(&state, &key, uri.path()).await {
            return moved(&to);
        }
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::NOT_FOUND || front {
        return response;
    }
    let Some(key) = old_paths::key(uri.path(), None) else {
        return response;
    };
    match location(&state, &key, uri.path()).await {
        Some(to) => moved(&to),
        None => response,
    }
}

/// Where `key` lives now, unless that is the very path asked for (no loop) or the
/// database cannot say (the original answer stands).
async fn location(state: &AppState, key: &str, asked: &str) -> Option<String> {
    let to = state.store.old_path_location(key).await.ok().flatten()?;
    (to != asked).then_some(to)
}

fn moved(to: &str) -> Response {
    let Ok(location) = HeaderValue::from_str(to) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location)],
    )
        .into_response()
}
