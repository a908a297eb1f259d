//! The article page.

use super::{Ctx, render};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_store::{Article, Byline};
use serde::Serialize;

#[derive(Serialize)]
struct ArticlePage {
    article: Article,
    bylines: Vec<Byline>,
    reading_minutes: i64,
}

pub async fn show(
    State(state): State<AppState>,
    Path((section, slug)): Path<(String, String)>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let article = state
        .store
        .published_article(&section, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let bylines = state.store.bylines(&[article.summary.id]).await?;
    let reading_minutes = (article.summary.word_count / 230).max(1);
    let page = ArticlePage {
        article,
        bylines,
        reading_minutes,
    };
    render(&state, &ctx, "article.html", page)
}
