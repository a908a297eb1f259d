//! The invited colleague's side: the mailed link shows who invited them to which role,
//! they choose a password, and land signed in on the newsroom with a welcome line.

use super::login::begin_session;
use crate::auth::csrf::CsrfForm;
use crate::editorial::invitations::{self, AcceptProblem};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::respond::notice;
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct AcceptForm {
    password: String,
    password_confirm: String,
}

#[derive(Serialize)]
struct InvitePage {
    error: Option<String>,
    token: String,
    name: String,
    role: String,
}

fn dead_link(state: &AppState, ctx: &Ctx) -> Result<Response, AppError> {
    notice(
        state,
        ctx,
        StatusCode::BAD_REQUEST,
        "invite-invalid",
        ("/login", "login-title"),
    )
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    token: String,
    error: Option<String>,
) -> Result<Response, AppError> {
    let Some(user) = invitations::pending(state, &token).await? else {
        return dead_link(state, ctx);
    };
    let role = ctx.t(state, &format!("nr-role-{}", user.role().as_str()));
    let view = InvitePage {
        error,
        token,
        name: user.display_name,
        role,
    };
    render(state, ctx, "accounts/invite.html", view)
}

pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    page(&state, &ctx, token, None).await
}

pub async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<Response, AppError> {
    let outcome =
        invitations::accept(&state, &token, form.password, &form.password_confirm).await?;
    match outcome {
        Ok(user) => begin_session(&state, &ctx, &user, Some("/newsroom?done=welcome")).await,
        Err(AcceptProblem::DeadLink) => dead_link(&state, &ctx),
        Err(AcceptProblem::Password(key)) => {
            let error = Some(ctx.t(&state, key));
            let mut response = page(&state, &ctx, token, error).await?;
            *response.status_mut() = StatusCode::BAD_REQUEST;
            Ok(response)
        }
    }
}
