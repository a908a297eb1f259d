//! `GET /api/v1/openapi.json`: the API described in OpenAPI 3.1, written by hand in
//! `openapi.json` beside this file and checked against the router by a test.

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
