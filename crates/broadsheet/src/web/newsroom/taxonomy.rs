//! Sections and tags admin, for editors and administrators. A refused section form is
//! shown again with what was typed and the message at its field.

use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::DeskEditor;
use crate::editorial::taxonomy::{self, SectionInput};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub async fn sections(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    ctx: Ctx,
) -> Result<Response, AppError> {
    sections_page(&state, &ctx, None).await
}

/// The sections admin; after a refused form, that form again with what was typed and
/// the message at its field (`echo`).
async fn sections_page(
    state: &AppState,
    ctx: &Ctx,
    echo: Option<(Option<i64>, SectionForm, AppError)>,
) -> Result<Response, AppError> {
    let sections = state.store.list_sections().await?;
    let Some((id, form, err)) = echo else {
        return super::show(state, ctx, "sections", json!({ "sections": sections }));
    };
    let field = match &err {
        AppError::BadRequest { field, .. } => *field,
        _ => None,
    };
    let error = json!({ "field": field, "message": err.said_in(&state.i18n, &ctx.locale) });
    let (status, _) = err.status_and_code();
    let data = json!({ "sections": sections, "echo": { "id": id, "form": form, "error": error } });
    let mut page = super::show(state, ctx, "sections", data)?;
    *page.status_mut() = status;
    Ok(page)
}

#[derive(Deserialize, Serialize)]
pub struct SectionForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_tr: String,
    #[serde(default)]
    description: String,
}

/// A form error the page can show again; anything else (an outage, say) is passed on.
fn shown_again(err: &AppError) -> bool {
    matches!(err, AppError::BadRequest { .. })
}

impl SectionForm {
    fn input(&self) -> SectionInput<'_> {
        SectionInput {
            slug: &self.slug,
            name: &self.name,
            name_tr: &self.name_tr,
            description: &self.description,
        }
    }
}

pub async fn create_section(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<SectionForm>,
) -> Result<Response, AppError> {
    match taxonomy::create_section(&state, &user, &f.input()).await {
        Ok(_) => Ok(see_other("/newsroom/sections?done=section-created")),
        Err(e) if shown_again(&e) => sections_page(&state, &ctx, Some((None, f, e))).await,
        Err(e) => Err(e),
    }
}

pub async fn update_section(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<SectionForm>,
) -> Result<Response, AppError> {
    match taxonomy::update_section(&state, &user, id, &f.input()).await {
        Ok(()) => Ok(see_other("/newsroom/sections?done=section-saved")),
        Err(e) if shown_again(&e) => sections_page(&state, &ctx, Some((Some(id), f, e))).await,
        Err(e) => Err(e),
    }
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
    DeskEditor(user): DeskEditor,
    CsrfForm(f): CsrfForm<TagForm>,
) -> Result<Response, AppError> {
    taxonomy::create_tag(&state, &user, &f.name).await?;
    Ok(see_other("/newsroom/tags?done=tag-created"))
}

pub async fn rename_tag(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<TagForm>,
) -> Result<Response, AppError> {
    taxonomy::rename_tag(&state, &user, id, &f.name).await?;
    Ok(see_other("/newsroom/tags?done=tag-renamed"))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete_tag(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    taxonomy::delete_tag(&state, &user, id).await?;
    Ok(see_other("/newsroom/tags?done=tag-deleted"))
}
