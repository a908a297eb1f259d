//! `/api/v1/webhooks`: list, register and delete endpoints (administrators only; the
//! check is in `webhooks::manage`). A new endpoint's secret is in the answer, once.

use super::{ApiJson, ApiWriter};
use crate::error::AppError;
use crate::state::AppState;
use crate::webhooks::manage;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use broadsheet_store::WebhookEndpoint;
use serde::Deserialize;
use serde_json::{Value, json};

fn endpoint_json(e: &WebhookEndpoint) -> Value {
    json!({
        "id": e.id, "url": e.url, "events": e.events.split(' ').collect::<Vec<_>>(),
        "enabled": e.enabled, "created_at": e.created_at, "updated_at": e.updated_at,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
) -> Result<Response, AppError> {
    let endpoints = manage::endpoints(&state, &user).await?;
    let items: Vec<Value> = endpoints.iter().map(endpoint_json).collect();
    Ok(Json(json!({ "items": items })).into_response())
}

#[derive(Deserialize)]
pub struct NewEndpoint {
    #[serde(default)]
    url: String,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

pub async fn create(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    ApiJson(input): ApiJson<NewEndpoint>,
) -> Result<Response, AppError> {
    let form = manage::EndpointForm {
        url: input.url,
        events: input.events,
        enabled: input.enabled,
    };
    let (id, secret) = manage::create(&state, &user, &form).await?;
    let endpoint = manage::endpoint(&state, &user, id).await?;
    let mut body = endpoint_json(&endpoint);
    body["secret"] = Value::String(secret);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    manage::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
