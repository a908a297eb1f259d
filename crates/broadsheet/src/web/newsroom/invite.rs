//! The administrator's side of staff invitations: the form on the users admin posts
//! here; a refused invitation shows the page again with the message at its field.

use super::people::{InviteEcho, UsersQuery, users_page};
use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Admin;
use crate::editorial::invitations::{self, InviteProblem};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

pub async fn invite(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<InviteForm>,
) -> Result<Response, AppError> {
    let typed = (f.email.as_str(), f.name.as_str(), f.role.as_str());
    let problem = match invitations::invite(&state, &admin, &ctx.locale, typed).await? {
        Ok(_) => return Ok(see_other("/newsroom/users?done=invited")),
        Err(problem) => problem,
    };
    let mut args = fluent_bundle::FluentArgs::new();
    if let InviteProblem::TooMany(secs) = problem {
        args.set("minutes", secs.div_ceil(60).max(1) as i64);
    }
    let echo = InviteEcho {
        field: Some(problem.field()),
        error: Some(state.i18n.t(&ctx.locale, problem.key(), Some(&args))),
        email: f.email,
        name: f.name,
        role: f.role,
    };
    let status = match problem {
        InviteProblem::Taken => StatusCode::CONFLICT,
        InviteProblem::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut page = users_page(&state, &ctx, &UsersQuery::default(), echo).await?;
    *page.status_mut() = status;
    Ok(page)
}
