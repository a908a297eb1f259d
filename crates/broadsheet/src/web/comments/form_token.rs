//! The browser's form token for pages served from the shared cache: an anonymous article
//! page is the same for every visitor, so its comment form carries no token, and the page
//! script asks for this browser's own (set as its cookie when it had none).

use crate::state::AppState;
use crate::web::Ctx;
use crate::web::page::set_form_token_cookie;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Response {
    // Other sites cannot read this answer (no CORS), so the token stays this site's.
    let mut response = Json(serde_json::json!({ "token": ctx.csrf })).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    set_form_token_cookie(&state, &ctx, &mut response);
    response
}
