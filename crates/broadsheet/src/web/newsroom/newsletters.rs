//! `/newsroom/newsletters`: every list with its readers, and the report of each send
//! (recipients, sent, failed, waiting, unsubscribed since); and "Send as breaking news"
//! for a published story: a page that says what will happen, then a confirmed POST.

use super::{see_other, show};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::DeskEditor;
use crate::error::AppError;
use crate::newsletters::list_label;
use crate::newsletters::send::{self, Breaking};
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use broadsheet_store::ListKey;
use serde::Deserialize;
use serde_json::json;

/// Sends shown in the report.
const REPORTED_SENDS: i64 = 50;

pub async fn report(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let sections = state.site_data().await?.sections.clone();
    let lists: Vec<serde_json::Value> = state
        .store
        .newsletter_lists()
        .await?
        .into_iter()
        .map(|l| {
            let key = ListKey {
                frequency: l.frequency.clone(),
                section_id: l.section_id,
                language: l.language.clone(),
            };
            json!({ "label": list_label(&state, &ctx.locale, &key, &sections), "counts": l })
        })
        .collect();
    let sends = state.store.newsletter_reports(REPORTED_SENDS).await?;
    show(
        &state,
        &ctx,
        "newsletters",
        json!({ "lists": lists, "sends": sends }),
    )
}

/// The confirmation page before a breaking-news send.
pub async fn breaking_page(
    State(state): State<AppState>,
    DeskEditor(_): DeskEditor,
    Path(id): Path<i64>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    breaking_view(&state, &ctx, id, None).await
}

async fn breaking_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<(StatusCode, &str)>,
) -> Result<Response, AppError> {
    let article = state
        .store
        .article_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sent = state
        .store
        .newsletter_send_exists(&format!("breaking:{id}"))
        .await?;
    let language = state
        .i18n
        .t(&article.summary.language, "language-name", None);
    let mut response = show(
        state,
        ctx,
        "breaking",
        json!({
            "article": article.summary, "language": language, "sent": sent,
            "published": article.summary.status.0 == broadsheet_domain::ArticleStatus::Published,
            "error": error.map(|(_, key)| ctx.t(state, key)),
        }),
    )?;
    if let Some((status, _)) = error {
        *response.status_mut() = status;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct BreakingForm {
    #[serde(default)]
    confirm: String,
}

/// Queues the story to every reader whose lists cover it, once; audit-logged.
pub async fn breaking(
    State(state): State<AppState>,
    DeskEditor(user): DeskEditor,
    Path(id): Path<i64>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<BreakingForm>,
) -> Result<Response, AppError> {
    if form.confirm != "yes" {
        let problem = (StatusCode::BAD_REQUEST, "nl-breaking-unconfirmed");
        return breaking_view(&state, &ctx, id, Some(problem)).await;
    }
    let problem = match send::breaking(&state, id, user.id).await? {
        Breaking::Queued(send, recipients) => {
            tracing::info!(
                article = id,
                send,
                recipients,
                by = user.id,
                "breaking news queued"
            );
            return Ok(see_other("/newsroom/newsletters?done=breaking-queued"));
        }
        Breaking::AlreadySent => (StatusCode::CONFLICT, "nl-breaking-already"),
        Breaking::NotPublished => (StatusCode::CONFLICT, "nl-breaking-unpublished"),
    };
    breaking_view(&state, &ctx, id, Some(problem)).await
}
