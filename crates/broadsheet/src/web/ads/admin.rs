//! Newsroom ad pages for administrators: the overview with settings and suppressed
//! articles, and the slot forms.

use crate::ads::input::{self, Fields, InputError};
use crate::ads::settings::{AdSettings, KEYS};
use crate::ads::slot::{PAGE_TYPES, Placement};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Admin;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_store::{AdReportOf, Section};
use serde::Serialize;
use std::collections::HashMap;

/// The first value of each named field, empty when absent, for re-filling a form.
pub fn values(f: &Fields, names: &[&str]) -> HashMap<String, String> {
    names
        .iter()
        .map(|n| (n.to_string(), f.one(n).to_string()))
        .collect()
}

/// A form shown again with the problem explained in the reader's language.
pub fn problem(state: &AppState, ctx: &Ctx, e: InputError) -> serde_json::Value {
    serde_json::json!({ "field": e.field, "message": ctx.t(state, e.key) })
}

pub fn with_status(
    status: StatusCode,
    r: Result<Response, AppError>,
) -> Result<Response, AppError> {
    r.map(|resp| (status, resp).into_response())
}

/// Renders a newsroom ad page: its data under `ads`, and `nr` for the newsroom layout.
pub fn page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    ads: serde_json::Value,
) -> Result<Response, AppError> {
    #[derive(Serialize)]
    struct Page {
        nr: bool,
        ads: serde_json::Value,
    }
    render(
        state,
        ctx,
        &format!("newsroom/ads/{name}.html"),
        Page { nr: true, ads },
    )
}

pub async fn overview(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
) -> Result<Response, AppError> {
    state.ads.reload(&state.store).await?;
    let table = state.ads.table();
    let settings: HashMap<&str, String> = table.settings.pairs().into_iter().collect();
    let mut suppressed: Vec<i64> = table.ad_free.iter().copied().collect();
    suppressed.sort_unstable();
    let data = serde_json::json!({
        "slots": state.store.list_ad_slots().await?,
        "campaigns": state.store.list_ad_campaigns().await?,
        "settings": {
            "root_margin": settings[KEYS[0]], "when_empty": settings[KEYS[1]],
            "fallback_campaign": settings[KEYS[2]], "no_ads_tags": settings[KEYS[3]],
            "frame_origins": settings[KEYS[4]], "noscript_fallback": table.settings.noscript_fallback,
        },
        "suppressed": suppressed,
        "error": null,
    });
    page(&state, &ctx, "index", data)
}

pub async fn save_settings(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(form);
    let campaigns = state.store.list_ad_campaigns().await?;
    let parsed = AdSettings::parse_form(
        f.one("root_margin"),
        f.one("when_empty"),
        f.one("fallback_campaign"),
        f.one("no_ads_tags"),
        f.one("frame_origins"),
        f.checked("noscript_fallback"),
        |id| campaigns.iter().any(|c| c.id == id),
    );
    let settings = parsed.map_err(|e| AppError::field(e.field, ctx.t(&state, e.key)))?;
    crate::ads::changes::save_settings(&state, &settings).await?;
    Ok(Redirect::to("/newsroom/ads?done=ads-saved").into_response())
}

/// Turns ads off or on for one article, named by its id.
pub async fn suppress(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(form);
    let id = f.one("article_id").parse::<i64>().ok().filter(|i| *i > 0);
    let Some(id) = id else {
        return Err(AppError::field(
            "article_id",
            ctx.t(&state, "ads-error-article"),
        ));
    };
    let result = crate::ads::changes::suppress(&state, id, f.one("suppress") != "off").await;
    if let Err(broadsheet_store::StoreError::Database(_)) = &result {
        // A foreign-key failure: no such article.
        return Err(AppError::field(
            "article_id",
            ctx.t(&state, "ads-error-article"),
        ));
    }
    result?;
    Ok(Redirect::to("/newsroom/ads?done=ads-saved").into_response())
}

const SLOT_FIELDS: [&str; 8] = [
    "name",
    "placement",
    "paragraph",
    "repeat_every",
    "size_mobile",
    "size_tablet",
    "size_desktop",
    "tag_html",
];

async fn slot_page(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    f: &Fields,
    error: Option<serde_json::Value>,
) -> Result<Response, AppError> {
    let sections = state.store.list_sections().await?;
    let report = match id {
        Some(id) => Some(crate::ads::report::build(
            &state.store.ad_report(AdReportOf::Slot(id)).await?,
        )),
        None => None,
    };
    let data = serde_json::json!({
        "slot_id": id,
        "f": values(f, &SLOT_FIELDS),
        "enabled": f.checked("enabled"),
        "pages": PAGE_TYPES.iter().map(|p| serde_json::json!({"name": p, "checked": f.all("page_types").contains(p)})).collect::<Vec<_>>(),
        "sections": section_choices(&sections, &f.all("sections")),
        "placements": Placement::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "report": report,
        "error": error,
    });
    page(state, ctx, "slot", data)
}

pub fn section_choices(sections: &[Section], picked: &[&str]) -> Vec<serde_json::Value> {
    sections
        .iter()
        .map(|s| serde_json::json!({"slug": s.slug, "name": s.name, "checked": picked.contains(&s.slug.as_str())}))
        .collect()
}

pub async fn new_slot(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let defaults = Fields(vec![
        ("placement".into(), "sidebar".into()),
        ("size_mobile".into(), "300x250".into()),
        ("page_types".into(), "article".into()),
        ("enabled".into(), "on".into()),
    ]);
    slot_page(&state, &ctx, None, &defaults, None).await
}

pub async fn edit_slot(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.ads.counter.flush(&state.store).await?;
    let s = state.store.ad_slot(id).await?.ok_or(AppError::NotFound)?;
    let mut pairs = vec![
        ("name".to_string(), s.name),
        ("placement".into(), s.placement),
        ("paragraph".into(), s.paragraph.to_string()),
        ("repeat_every".into(), s.repeat_every.to_string()),
        ("tag_html".into(), s.tag_html),
    ];
    for part in s.sizes.split_whitespace() {
        if let Some((bp, size)) = part.split_once('=') {
            pairs.push((format!("size_{bp}"), size.to_string()));
        }
    }
    pairs.extend(
        s.page_types
            .split(',')
            .map(|p| ("page_types".to_string(), p.to_string())),
    );
    pairs.extend(
        s.sections
            .split(',')
            .map(|p| ("sections".to_string(), p.to_string())),
    );
    if s.enabled {
        pairs.push(("enabled".into(), "on".into()));
    }
    slot_page(&state, &ctx, Some(id), &Fields(pairs), None).await
}

async fn save_slot(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    f: Fields,
) -> Result<Response, AppError> {
    let known: Vec<String> = state
        .store
        .list_sections()
        .await?
        .into_iter()
        .map(|s| s.slug)
        .collect();
    let slot = match input::parse_slot(&f, &known) {
        Ok(s) => s,
        Err(e) => {
            let error = problem(state, ctx, e);
            return with_status(
                StatusCode::BAD_REQUEST,
                slot_page(state, ctx, id, &f, Some(error)).await,
            );
        }
    };
    let saved = crate::ads::changes::save_slot(state, id, &slot).await;
    if let Err(broadsheet_store::StoreError::Conflict(_)) = saved {
        let error = problem(
            state,
            ctx,
            InputError {
                field: "name",
                key: "ads-error-name-taken",
            },
        );
        return with_status(
            StatusCode::CONFLICT,
            slot_page(state, ctx, id, &f, Some(error)).await,
        );
    }
    saved?;
    Ok(Redirect::to("/newsroom/ads?done=ads-saved").into_response())
}

pub async fn create_slot(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_slot(&state, &ctx, None, Fields(form)).await
}

pub async fn update_slot(
    State(state): State<AppState>,
    _: Admin,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    state.store.ad_slot(id).await?.ok_or(AppError::NotFound)?;
    save_slot(&state, &ctx, Some(id), Fields(form)).await
}
