//! The mail outbox for administrators: what the site sent (or would have sent without
//! SMTP), newest first.

use crate::auth::extract::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::response::Response;
use broadsheet_domain::Role;
use broadsheet_store::OutboxMessage;
use serde::Serialize;

#[derive(Serialize)]
struct OutboxPage {
    messages: Vec<OutboxMessage>,
    smtp: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    if user.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let messages = state.store.outbox(None, 100).await?;
    render(
        &state,
        &ctx,
        "accounts/outbox.html",
        OutboxPage {
            messages,
            smtp: state.mailer.uses_smtp(),
        },
    )
}
