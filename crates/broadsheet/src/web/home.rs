//! The home page: the lead story and the latest articles.

use super::{Ctx, render};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use broadsheet_store::ArticleSummary;
use serde::Serialize;

#[derive(Serialize)]
struct HomePage {
    lead: Option<ArticleSummary>,
    latest: Vec<ArticleSummary>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let mut latest = state.store.list_published(None, None, 30).await?;
    let lead_at = latest
        .iter()
        .position(|a| a.featured)
        .or(if latest.is_empty() { None } else { Some(0) });
    let lead = lead_at.map(|i| latest.remove(i));
    render(&state, &ctx, "home.html", HomePage { lead, latest })
}
