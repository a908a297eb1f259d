//! `/newsroom/webhooks`: administrators register endpoints, see their recent deliveries,
//! rotate secrets, send a test event, and allow private targets. The role check is the
//! service's (`webhooks::manage`); these handlers parse forms and render.

use super::{see_other, show};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use crate::webhooks::{Event, manage, private_targets_allowed};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::json;

/// The events an endpoint may choose, for check boxes.
fn event_names() -> Vec<&'static str> {
    Event::CHOOSABLE.iter().map(|e| e.name()).collect()
}

pub async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let endpoints = manage::endpoints(&state, &user).await?;
    let allow_private = private_targets_allowed(&state).await;
    show(
        &state,
        &ctx,
        "webhooks",
        json!({ "endpoints": endpoints, "allow_private": allow_private }),
    )
}

pub async fn new(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    manage::only_admins(&user)?;
    show(
        &state,
        &ctx,
        "webhook",
        json!({ "events": event_names(), "chosen": Vec::<String>::new(), "enabled": true }),
    )
}

/// A delivery with its attempts, for the endpoint's page.
#[derive(Serialize)]
struct DeliveryView {
    #[serde(flatten)]
    delivery: broadsheet_store::WebhookDelivery,
    /// Every try, oldest first (`attempts` is their count).
    tries: Vec<broadsheet_store::WebhookAttempt>,
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let endpoint = manage::endpoint(&state, &user, id).await?;
    let mut deliveries = Vec::new();
    for delivery in state
        .store
        .webhook_deliveries(id, manage::RECENT_DELIVERIES)
        .await?
    {
        let tries = state.store.webhook_attempts(delivery.id).await?;
        deliveries.push(DeliveryView { delivery, tries });
    }
    let chosen: Vec<&str> = endpoint.events.split(' ').collect();
    show(
        &state,
        &ctx,
        "webhook",
        json!({
            "endpoint": endpoint, "events": event_names(), "chosen": chosen,
            "enabled": endpoint.enabled, "deliveries": deliveries,
            "notice": match q.notice.as_deref() {
                Some("saved") => Some(ctx.t(&state, "wh-saved")),
                Some("test") => Some(ctx.t(&state, "wh-test-queued")),
                _ => None,
            },
        }),
    )
}

/// The endpoint form; event check boxes arrive as repeated `events` fields.
fn endpoint_form(pairs: Vec<(String, String)>) -> manage::EndpointForm {
    let mut form = manage::EndpointForm {
        url: String::new(),
        events: Vec::new(),
        enabled: false,
    };
    for (key, value) in pairs {
        match key.as_str() {
            "url" => form.url = value,
            "events" => form.events.push(value),
            "enabled" => form.enabled = true,
            _ => {}
        }
    }
    form
}

/// Shows a new secret, this once.
fn secret_page(state: &AppState, ctx: &Ctx, id: i64, secret: &str) -> Result<Response, AppError> {
    show(
        state,
        ctx,
        "webhook_secret",
        json!({ "id": id, "secret": secret }),
    )
}

pub async fn create(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (id, secret) = manage::create(&state, &user, &endpoint_form(pairs)).await?;
    secret_page(&state, &ctx, id, &secret)
}

pub async fn update(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    manage::update(&state, &user, id, &endpoint_form(pairs)).await?;
    Ok(see_other(&format!("/newsroom/webhooks/{id}?notice=saved")))
}

pub async fn rotate(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<super::taxonomy::Empty>,
) -> Result<Response, AppError> {
    let secret = manage::rotate(&state, &user, id).await?;
    secret_page(&state, &ctx, id, &secret)
}

pub async fn send_test(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::taxonomy::Empty>,
) -> Result<Response, AppError> {
    manage::send_test(&state, &user, id).await?;
    Ok(see_other(&format!("/newsroom/webhooks/{id}?notice=test")))
}

pub async fn delete(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<super::taxonomy::Empty>,
) -> Result<Response, AppError> {
    manage::delete(&state, &user, id).await?;
    Ok(see_other("/newsroom/webhooks"))
}

#[derive(serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    allow_private: Option<String>,
}

pub async fn settings(
    State(state): State<AppState>,
    Staff(user): Staff,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    manage::set_allow_private(&state, &user, form.allow_private.is_some()).await?;
    Ok(see_other("/newsroom/webhooks"))
}
