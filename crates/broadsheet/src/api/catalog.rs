//! `/api/v1/sections`, `/tags`, `/authors` and `/images`.

use super::{ApiJson, ApiWriter};
use crate::editorial::taxonomy::{self, SectionInput};
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

pub async fn sections(
    State(state): State<AppState>,
    ApiWriter(_): ApiWriter,
) -> Result<Response, AppError> {
    Ok(Json(json!({ "sections": state.store.list_sections().await? })).into_response())
}

#[derive(Deserialize)]
pub struct NewSection {
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name_tr: String,
    #[serde(default)]
    description: String,
}

pub async fn create_section(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    ApiJson(s): ApiJson<NewSection>,
) -> Result<Response, AppError> {
    let input = SectionInput {
        slug: &s.slug,
        name: &s.name,
        name_tr: &s.name_tr,
        description: &s.description,
    };
    let section = taxonomy::create_section(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(section)).into_response())
}

pub async fn tags(
    State(state): State<AppState>,
    ApiWriter(_): ApiWriter,
) -> Result<Response, AppError> {
    Ok(Json(json!({ "tags": state.store.list_tags().await? })).into_response())
}

#[derive(Deserialize)]
pub struct NewTag {
    name: String,
}

pub async fn create_tag(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    ApiJson(t): ApiJson<NewTag>,
) -> Result<Response, AppError> {
    let tag = taxonomy::create_tag(&state, &user, &t.name).await?;
    Ok((StatusCode::CREATED, Json(tag)).into_response())
}

pub async fn authors(
    State(state): State<AppState>,
    ApiWriter(_): ApiWriter,
) -> Result<Response, AppError> {
    let people: Vec<_> = state
        .store
        .list_people(true)
        .await?
        .into_iter()
        .filter(|p| {
            p.role
                .parse::<broadsheet_domain::Role>()
                .is_ok_and(|r| r.writes_articles())
        })
        .map(|p| {
            json!({ "id": p.id, "email": p.email, "name": p.display_name, "bio": p.bio,
                         "photo_url": p.photo_url, "links": p.links.lines().collect::<Vec<_>>() })
        })
        .collect();
    Ok(Json(json!({ "authors": people })).into_response())
}

/// Multipart upload with `file` and `alt`; answers 201 with the stored image's URLs.
pub async fn upload(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    form: Multipart,
) -> Result<Response, AppError> {
    let up = crate::web::newsroom::read_upload(form)
        .await?
        .require_file()?;
    let m = crate::media::upload(&state, &user, &up.name, up.bytes, &up.alt).await?;
    let variants: Vec<serde_json::Value> = m
        .variants
        .split_whitespace()
        .map(|w| json!({ "width": w.parse::<u32>().unwrap_or(0), "webp": format!("/media/{}/{w}.webp", m.key) }))
        .collect();
    let body = json!({ "key": m.key, "url": crate::media::url(&m), "width": m.width, "height": m.height,
                       "format": m.format, "alt": m.alt, "variants": variants });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
