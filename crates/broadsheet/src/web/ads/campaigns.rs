//! Newsroom campaign pages: the form with a creative upload, a campaign's report with
//! its chart, switching it on or off, and CSV exports of campaign and slot reports.

use super::admin::{page, problem, section_choices, values, with_status};
use super::extract::CsrfMultipart;
use crate::ads::creative;
use crate::ads::input::{self, Fields, Upload};
use crate::ads::report;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Admin;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_store::AdReportOf;

const FIELDS: [&str; 13] = [
    "name",
    "advertiser",
    "starts",
    "ends",
    "kind",
    "html",
    "image_alt",
    "click_url",
    "size",
    "weight",
    "daily_cap",
    "total_cap",
    "freq_cap",
];

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    f: &Fields,
    error: Option<serde_json::Value>,
) -> Result<Response, AppError> {
    let picked = f.all("slots");
    let slots: Vec<serde_json::Value> = state
        .store
        .list_ad_slots()
        .await?
        .into_iter()
        .map(|s| {
            let id = s.id.to_string();
            serde_json::json!({"id": s.id, "name": s.name, "sizes": s.sizes, "checked": picked.contains(&id.as_str())})
        })
        .collect();
    let sections = state.store.list_sections().await?;
    let data = serde_json::json!({
        "f": values(f, &FIELDS),
        "slots": slots,
        "sections": section_choices(&sections, &f.all("sections")),
        "error": error,
    });
    page(state, ctx, "campaign_form", data)
}

pub async fn new(State(state): State<AppState>, _: Admin, ctx: Ctx) -> Result<Response, AppError> {
    let today = time::OffsetDateTime::now_utc().date();
    let defaults = Fields(vec![
        ("kind".into(), "image".into()),
        ("starts".into(), today.to_string()),
        (
            "ends".into(),
            (today + time::Duration::days(30)).to_string(),
        ),
        ("weight".into(), "1".into()),
        ("size".into(), "300x250".into()),
    ]);
    form_page(&state, &ctx, &defaults, None).await
}

pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    form: CsrfMultipart,
) -> Result<Response, AppError> {
    let upload = match form.file {
        Some(bytes) => {
            let (bytes, checked) = tokio::task::spawn_blocking(move || {
                let checked = creative::check_image(&bytes);
                (bytes, checked)
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
            Some(Upload { bytes, checked })
        }
        None => None,
    };
    let slots: Vec<i64> = state
        .store
        .list_ad_slots()
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let sections: Vec<String> = state
        .store
        .list_sections()
        .await?
        .into_iter()
        .map(|s| s.slug)
        .collect();
    let campaign = match input::parse_campaign(&form.fields, upload, &slots, &sections) {
        Ok(c) => c,
        Err(e) => {
            let error = problem(&state, &ctx, e);
            return with_status(
                StatusCode::BAD_REQUEST,
                form_page(&state, &ctx, &form.fields, Some(error)).await,
            );
        }
    };
    let id = crate::ads::changes::create_campaign(&state, &campaign).await?;
    Ok(Redirect::to(&format!("/newsroom/ads/campaigns/{id}")).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    // This node's unflushed counts first, so the report is current here.
    state.ads.counter.flush(&state.store).await?;
    let campaign = state
        .store
        .ad_campaign(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = report::build(&state.store.ad_report(AdReportOf::Campaign(id)).await?);
    let data = serde_json::json!({ "campaign": campaign, "report": report });
    page(&state, &ctx, "campaign", data)
}

pub async fn set_enabled(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(form);
    let enabled = f.one("enabled") == "true";
    crate::ads::changes::set_campaign_enabled(&state, id, enabled).await?;
    Ok(Redirect::to(&format!("/newsroom/ads/campaigns/{id}")).into_response())
}

async fn csv(state: &AppState, of: AdReportOf, name: String) -> Result<Response, AppError> {
    state.ads.counter.flush(&state.store).await?;
    let body = report::csv(&report::build(&state.store.ad_report(of).await?));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

pub async fn campaign_csv(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state
        .store
        .ad_campaign(id)
        .await?
        .ok_or(AppError::NotFound)?;
    csv(&state, AdReportOf::Campaign(id), format!("campaign-{id}")).await
}

pub async fn slot_csv(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.store.ad_slot(id).await?.ok_or(AppError::NotFound)?;
    csv(&state, AdReportOf::Slot(id), format!("slot-{id}")).await
}
