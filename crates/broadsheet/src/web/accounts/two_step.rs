//! Two-step sign-in: setting up an authenticator app on the account page (a secret shown
//! once, confirmed with a first code), turning it off with a code, and the code step
//! that follows a correct password.

use super::login::{ClientIp, begin_session, forgive_sign_in};
use crate::auth::csrf::CsrfForm;
use crate::auth::{session, totp};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_store::{LinkPurpose, User};
use serde::{Deserialize, Serialize};

/// How long the code step may follow the password.
const PENDING_SECS: i64 = 300;

#[derive(Serialize, Default)]
struct SetupPage {
    enabled: bool,
    /// The secret waiting for its first code, grouped for reading aloud.
    secret: Option<String>,
    link: Option<String>,
    error: Option<String>,
}

fn grouped(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn setup_page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    error: Option<String>,
) -> Result<Response, AppError> {
    let two = state.store.two_step(user.id).await?;
    let page = SetupPage {
        enabled: two.secret.is_some(),
        link: two
            .pending
            .as_deref()
            .map(|s| totp::link(state.site_name(), &user.email, s)),
        secret: two.pending.as_deref().map(grouped),
        error,
    };
    render(state, ctx, "accounts/two_step.html", page)
}

pub async fn show(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
) -> Result<Response, AppError> {
    setup_page(&state, &ctx, &user, None).await
}

#[derive(Deserialize)]
pub struct Empty {}

/// Makes a new secret and shows it, waiting for its first code.
pub async fn start(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    state
        .store
        .set_two_step_pending(user.id, Some(&totp::new_secret()))
        .await?;
    Ok(Redirect::to("/account/two-step").into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// The time step of `code` when it is right for `secret` now; `None` without a secret.
fn step_of(secret: Option<&str>, code: &str) -> Option<i64> {
    secret.and_then(|s| totp::check(s, code, broadsheet_store::now()))
}

/// The setup page again, saying the code was wrong (400).
async fn wrong_code(state: &AppState, ctx: &Ctx, user: &User) -> Result<Response, AppError> {
    let message = ctx.t(state, "two-step-wrong-code");
    let mut page = setup_page(state, ctx, user, Some(message)).await?;
    *page.status_mut() = StatusCode::BAD_REQUEST;
    Ok(page)
}

/// Turns two-step sign-in on once a code from the new secret is right.
pub async fn confirm(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let pending = state.store.two_step(user.id).await?.pending;
    let Some(step) = step_of(pending.as_deref(), &form.code) else {
        return wrong_code(&state, &ctx, &user).await;
    };
    state.store.enable_two_step(user.id, step).await?;
    tracing::info!(user = user.id, "two-step sign-in turned on");
    Ok(Redirect::to("/account/two-step").into_response())
}

/// Turns two-step sign-in off, with a right code as proof of the authenticator (the
/// session is already signed in, so the code need not be unspent).
pub async fn disable(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let secret = state.store.two_step(user.id).await?.secret;
    if step_of(secret.as_deref(), &form.code).is_none() {
        return wrong_code(&state, &ctx, &user).await;
    }
    state.store.disable_two_step(user.id).await?;
    tracing::info!(user = user.id, "two-step sign-in turned off");
    Ok(Redirect::to("/account/two-step").into_response())
}

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

/// Checks the code; a right one spends its time step and the pending secret, then
/// signs in. A wrong one keeps the pending secret for another try, within the limits.
pub async fn submit_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SecondStepForm>,
) -> Result<Response, AppError> {
    state
        .limits
        .login_ip
        .hit(&ip)
        .map_err(AppError::TooManyRequests)?;
    let next = session::safe_next(form.next.as_deref()).unwrap_or_default();
    let user_id = state
        .store
        .peek_link_token(&form.pending, LinkPurpose::SecondStep)
        .await?;
    let Some(user_id) = user_id else {
        return super::notice(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "two-step-expired",
            ("/login", "login-title"),
        );
    };
    let account = format!("user:{user_id}");
    if let Err(wait) = state.limits.login_account.hit(&account) {
        state.limits.login_ip.refund(&ip);
        return Err(AppError::TooManyRequests(wait));
    }
    let secret = state.store.two_step(user_id).await?.secret;
    let accepted = match step_of(secret.as_deref(), &form.code) {
        Some(step) => state.store.spend_two_step(user_id, step).await?,
        None => false,
    };
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
    forgive_sign_in(&state, &ip, &account);
    begin_session(&state, &ctx, &user, form.next.as_deref()).await
}
