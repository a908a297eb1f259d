//! The code step of signing in: after a correct password there is no session yet, only
//! a short-lived pending secret, until an authenticator code or a recovery code is right.

use super::login::{begin_session, count_sign_in, forgive_sign_in};
use super::two_step_checks::{code_proves, limit_code_checks, secrets};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ClientIp;
use crate::auth::session;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use broadsheet_store::{LinkPurpose, User};
use serde::{Deserialize, Serialize};

/// How long the code step may follow the password.
const PENDING_SECS: i64 = 300;

#[derive(Serialize)]
struct CodePage {
    pending: String,
    next: String,
    error: Option<String>,
}

/// The code step after a correct password: no session yet, only a short-lived secret.
pub async fn ask_for_code(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    next: String,
) -> Result<Response, AppError> {
    let pending = state
        .store
        .create_link_token(user.id, LinkPurpose::SecondStep, PENDING_SECS)
        .await?;
    render(
        state,
        ctx,
        "login_code.html",
        CodePage {
            pending,
            next,
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct SecondStepForm {
    pending: String,
    code: String,
    next: Option<String>,
}

/// Checks the code (or a recovery code); a right one spends its time step (or itself)
/// and the pending secret, then signs in. A wrong one keeps the pending secret for
/// another try, within the account's limit on code checks.
pub async fn submit_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SecondStepForm>,
) -> Result<Response, AppError> {
    count_sign_in(&state, &ip)?;
    let next = session::safe_next(form.next.as_deref()).unwrap_or_default();
    let user_id = state
        .store
        .peek_link_token(&form.pending, LinkPurpose::SecondStep)
        .await?;
    let Some(user_id) = user_id else {
        return crate::web::respond::notice(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "two-step-expired",
            ("/login", "login-title"),
        );
    };
    limit_code_checks(&state, user_id)?;
    let secret = secrets(&state, user_id).await?.secret;
    let accepted = code_proves(&state, user_id, secret.as_deref(), &form.code, true).await?;
    let spent = accepted
        && state
            .store
            .spend_link_token(&form.pending, LinkPurpose::SecondStep)
            .await?
            .is_some();
    let user = match state.store.user_by_id(user_id).await? {
        Some(user) if spent => user,
        _ => {
            let page = CodePage {
                pending: form.pending,
                next,
                error: Some(ctx.t(&state, "two-step-wrong-code")),
            };
            let mut response = render(&state, &ctx, "login_code.html", page)?;
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            return Ok(response);
        }
    };
    // A right code: the address's sign-in attempt is given back, as for a password.
    forgive_sign_in(&state, &ip, &format!("user:{user_id}"));
    begin_session(&state, &ctx, &user, form.next.as_deref()).await
}
