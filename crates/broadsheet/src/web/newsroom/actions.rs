//! Actions on an article beside saving it: workflow moves, corrections, and the live
//! preview of Markdown.

use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Writer;
use crate::editorial::{self, workflow};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_domain::Action;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct WorkflowForm {
    action: String,
    #[serde(default)]
    publish_at: String,
    #[serde(default)]
    tz_offset: Option<i64>,
}

pub async fn workflow(
    State(state): State<AppState>,
    Writer(user): Writer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<WorkflowForm>,
) -> Result<Response, AppError> {
    let action = workflow::parse_action(&form.action)
        .ok_or_else(|| AppError::field("action", "unknown action"))?;
    let at = match action {
        Action::Schedule => Some(workflow::parse_time(
            &form.publish_at,
            form.tz_offset.unwrap_or(0),
        )?),
        _ => None,
    };
    workflow::apply(&state, &user, id, action, at).await?;
    Ok(see_other(&format!("/newsroom/articles/{id}")))
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    note: String,
}

pub async fn correction(
    State(state): State<AppState>,
    Writer(user): Writer,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CorrectionForm>,
) -> Result<Response, AppError> {
    workflow::add_correction(&state, &user, id, &form.note).await?;
    Ok(see_other(&format!("/newsroom/articles/{id}")))
}

/// The editor's form as the preview reads it: the live preview sends only the body,
/// "Preview in a new tab" sends every field so the story looks as it will when live.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PreviewForm {
    body: String,
    headline: String,
    standfirst: String,
    section: String,
    language: String,
    dateline: String,
    authors: String,
    lead_image: String,
    image_alt: String,
    image_caption: String,
    image_credit: String,
}

/// Renders Markdown as the article page would (sanitized), for the live preview.
pub async fn preview(
    State(state): State<AppState>,
    Writer(_): Writer,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PreviewForm>,
) -> Result<Response, AppError> {
    if form.body.len() > editorial::MAX_BODY_BYTES {
        return Err(AppError::field(
            "body",
            "the body is longer than the 1 MB limit",
        ));
    }
    let html = crate::content::markdown::render_article(&form.body).into_string();
    let mut bylines = Vec::new();
    for raw in form
        .authors
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let Ok(email) = broadsheet_domain::EmailAddress::parse(raw) else {
            continue;
        };
        if let Some(u) = state.store.user_by_email(&email).await? {
            bylines.push(u.display_name);
        }
    }
    let section = match form.section.trim() {
        "" => None,
        slug => state.store.section_by_slug(slug).await?.map(|s| s.name),
    };
    let lead = crate::media::picture(
        &state.store,
        state.options.media_base(),
        form.lead_image.trim(),
    )
    .await?;
    super::show(
        &state,
        &ctx,
        "preview",
        minijinja::context! { html, form => minijinja::Value::from(minijinja::value::Serde(&form)), bylines, section, lead => minijinja::Value::from(minijinja::value::Serde(&lead)) },
    )
}
