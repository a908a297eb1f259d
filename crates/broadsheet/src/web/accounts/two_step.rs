//! Two-step sign-in on the account page: setting up an authenticator app (a QR code and
//! the secret as text, confirmed with a first code), recovery codes shown once, and
//! turning it off or moving to a new phone, which need the password and a current code.

use super::two_step_checks::{code_proves, limit_code_checks, password_is_right, secrets};
use crate::auth::csrf::CsrfForm;
use crate::auth::sealed::totp_context;
use crate::auth::{qr, recovery, session, totp};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_store::User;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Default)]
struct SetupPage {
    enabled: bool,
    /// The secret waiting for its first code, grouped for reading aloud.
    secret: Option<String>,
    link: Option<String>,
    /// The `otpauth://` link drawn as an inline SVG QR code.
    qr_svg: Option<String>,
    /// Recovery codes just made: shown on this response only.
    recovery_codes: Vec<String>,
    codes_left: i64,
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
    recovery_codes: Vec<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let two = secrets(state, user.id).await?;
    let link = two
        .pending
        .as_deref()
        .map(|s| totp::link(state.site_name(), &user.email, s));
    let label = ctx.t(state, "two-step-qr-label");
    let page = SetupPage {
        enabled: two.secret.is_some(),
        qr_svg: link.as_deref().and_then(|l| qr::svg(l, &label)),
        link,
        secret: two.pending.as_deref().map(grouped),
        recovery_codes,
        codes_left: state.store.recovery_codes_left(user.id).await?,
        error,
    };
    render(state, ctx, "accounts/two_step.html", page)
}

pub async fn show(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
) -> Result<Response, AppError> {
    setup_page(&state, &ctx, &user, Vec::new(), None).await
}

/// The setup page again with the message `key` (400), nothing changed.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    key: &str,
) -> Result<Response, AppError> {
    let message = ctx.t(state, key);
    let mut page = setup_page(state, ctx, user, Vec::new(), Some(message)).await?;
    *page.status_mut() = StatusCode::BAD_REQUEST;
    Ok(page)
}

/// The password, and while two-step sign-in is on a current code (or recovery code):
/// the proof every change to it needs, so a stolen session alone cannot swap or remove
/// the second factor. `Some(message key)` when the proof falls short.
async fn proof_missing(
    state: &AppState,
    user: &User,
    form: &ProofForm,
) -> Result<Option<&'static str>, AppError> {
    limit_code_checks(state, user.id)?;
    if !password_is_right(user, &form.password).await {
        return Ok(Some("two-step-wrong-password"));
    }
    let secret = secrets(state, user.id).await?.secret;
    let code = form.code.as_deref().unwrap_or_default();
    if secret.is_some() && !code_proves(state, user.id, secret.as_deref(), code, false).await? {
        return Ok(Some("two-step-wrong-code"));
    }
    Ok(None)
}

#[derive(Deserialize)]
pub struct ProofForm {
    #[serde(default)]
    password: String,
    code: Option<String>,
}

/// Makes a new secret and shows it, waiting for its first code. With two-step sign-in
/// already on (moving to a new phone) the old secret keeps working until then.
pub async fn start(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ProofForm>,
) -> Result<Response, AppError> {
    if let Some(key) = proof_missing(&state, &user, &form).await? {
        return refused(&state, &ctx, &user, key).await;
    }
    let sealed = state
        .sealed
        .seal(&totp_context(user.id), &totp::new_secret());
    state
        .store
        .set_two_step_pending(user.id, Some(&sealed))
        .await?;
    Ok(Redirect::to("/account/two-step").into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// Turns two-step sign-in on (or moves it to the new secret) once a code from the new
/// secret is right, and shows a fresh set of recovery codes, this once.
pub async fn confirm(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    limit_code_checks(&state, user.id)?;
    let pending = secrets(&state, user.id).await?.pending;
    let now = broadsheet_store::now();
    let Some(step) = pending.and_then(|s| totp::check(&s, &form.code, now)) else {
        return refused(&state, &ctx, &user, "two-step-wrong-code").await;
    };
    let (codes, hashes) = recovery::new_codes();
    if !state.store.enable_two_step(user.id, step, &hashes).await? {
        return refused(&state, &ctx, &user, "two-step-wrong-code").await;
    }
    tracing::info!(user = user.id, "two-step sign-in turned on");
    setup_page(&state, &ctx, &user, codes, None).await
}

/// Turns two-step sign-in off: the password and a current code or recovery code.
pub async fn disable(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ProofForm>,
) -> Result<Response, AppError> {
    let on = state.store.two_step(user.id).await?.secret.is_some();
    let key = if on {
        proof_missing(&state, &user, &form).await?
    } else {
        Some("two-step-wrong-code")
    };
    if let Some(key) = key {
        return refused(&state, &ctx, &user, key).await;
    }
    state.store.disable_two_step(user.id).await?;
    tracing::info!(user = user.id, "two-step sign-in turned off");
    Ok(Redirect::to("/account/two-step").into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// Replaces the recovery codes with ten new ones (the old stop working), shown once.
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    limit_code_checks(&state, user.id)?;
    if !password_is_right(&user, &form.password).await {
        return refused(&state, &ctx, &user, "two-step-wrong-password").await;
    }
    let (codes, hashes) = recovery::new_codes();
    if !state
        .store
        .regenerate_recovery_codes(user.id, &hashes)
        .await?
    {
        return refused(&state, &ctx, &user, "two-step-not-on").await;
    }
    tracing::info!(user = user.id, "two-step recovery codes made anew");
    setup_page(&state, &ctx, &user, codes, None).await
}
