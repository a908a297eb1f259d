//! Sections and tags admin, for editors and administrators.

use super::{DeskEditor, see_other};
use crate::auth::csrf::CsrfForm;
use crate::editorial::input::name_field;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_domain::Slug;
use serde::Deserialize;

pub async fn sections(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let sections = state.store.list_sections().await?;
    super::show(
        &state,
        &ctx,
        "sections",
        serde_json::json!({ "sections": sections }),
    )
}

#[derive(Deserialize)]
pub struct SectionForm {
    #[serde(default)]
    slug: String,
    name: String,
    #[serde(default)]
    name_tr: String,
    #[serde(default)]
    description: String,
}

pub async fn create_section(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    CsrfForm(f): CsrfForm<SectionForm>,
) -> Result<Response, AppError> {
    let name = name_field("name", &f.name, 80)?;
    let slug = match f.slug.trim() {
        "" => Slug::from_title(&name),
        s => Slug::parse(s).map_err(|e| AppError::field("slug", e.to_string()))?,
    };
    if slug.as_str() == "pages" {
        // `/pages/…` holds the standalone pages (decision 0032).
        return Err(AppError::field(
            "slug",
            "the address /pages is kept for the site's pages; choose another",
        ));
    }
    state
        .store
        .create_section(slug.as_str(), &name, f.name_tr.trim(), f.description.trim())
        .await?;
    state.page_cache.invalidate_all();
    Ok(see_other("/newsroom/sections?done=section-created"))
}

pub async fn update_section(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<SectionForm>,
) -> Result<Response, AppError> {
    let name = name_field("name", &f.name, 80)?;
    state
        .store
        .update_section(id, &name, f.name_tr.trim(), f.description.trim())
        .await?;
    state.page_cache.invalidate_all();
    Ok(see_other("/newsroom/sections?done=section-saved"))
}

pub async fn tags(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let tags = state.store.list_tags().await?;
    super::show(&state, &ctx, "tags", serde_json::json!({ "tags": tags }))
}

#[derive(Deserialize)]
pub struct TagForm {
    name: String,
}

pub async fn create_tag(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    CsrfForm(f): CsrfForm<TagForm>,
) -> Result<Response, AppError> {
    let name = name_field("name", &f.name, 60)?;
    state
        .store
        .create_tag(Slug::from_title(&name).as_str(), &name)
        .await?;
    Ok(see_other("/newsroom/tags?done=tag-created"))
}

pub async fn rename_tag(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<TagForm>,
) -> Result<Response, AppError> {
    state
        .store
        .rename_tag(id, &name_field("name", &f.name, 60)?)
        .await?;
    state.page_cache.invalidate_all();
    Ok(see_other("/newsroom/tags?done=tag-renamed"))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete_tag(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    state.store.delete_tag(id).await?;
    state.page_cache.invalidate_all();
    Ok(see_other("/newsroom/tags?done=tag-deleted"))
}
