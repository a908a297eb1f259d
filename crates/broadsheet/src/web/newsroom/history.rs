//! Revision history of an article: the list, a diff between any two, and restore.

use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Writer;
use crate::editorial::{self, history};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct DiffQuery {
    from: Option<i64>,
    to: Option<i64>,
}

#[derive(Serialize)]
struct HistoryPage {
    id: i64,
    headline: String,
    version: i64,
    revisions: Vec<broadsheet_store::RevisionSummary>,
    from: i64,
    to: i64,
    diff: Vec<history::FieldDiff>,
}

pub async fn list(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let loaded = editorial::load(&state, id).await?;
    if !(loaded.is_owner(&user) || user.role().edits_all_articles()) {
        return Err(AppError::Forbidden);
    }
    let revisions = state.store.list_revisions(id).await?;
    let latest = loaded.article.version;
    let to = q.to.unwrap_or(latest);
    let from = q.from.unwrap_or((to - 1).max(1));
    let diff = match history::pair(&state, id, from, to).await {
        Ok((a, b)) => history::diff(&a, &b),
        Err(AppError::NotFound) if q.from.is_none() && q.to.is_none() => Vec::new(),
        Err(e) => return Err(e),
    };
    let page = HistoryPage {
        id,
        headline: loaded.article.summary.headline,
        version: latest,
        revisions,
        from,
        to,
        diff,
    };
    super::show(&state, &ctx, "history", page)
}

#[derive(Deserialize)]
pub struct RestoreForm {
    version: i64,
}

pub async fn restore(
    State(state): State<AppState>,
    Writer(user): Writer,
    Path((id, version)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<RestoreForm>,
) -> Result<Response, AppError> {
    history::restore(&state, &user, id, version, form.version).await?;
    Ok(see_other(&format!("/newsroom/articles/{id}?saved=1")))
}
