//! Sign-up and email verification. The answer is the same whether or not the address
//! already has an account (its owner gets a mail saying so), so sign-up never tells a
//! stranger who is registered.

use super::clean_name;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ClientIp;
use crate::auth::password;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::respond::{notice, too_many};
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use broadsheet_domain::EmailAddress;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SignupForm {
    name: String,
    email: String,
    password: String,
}

#[derive(Serialize, Default)]
struct SignupPage {
    error: Option<String>,
    name: String,
    email: String,
}

pub async fn form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, "accounts/signup.html", SignupPage::default())
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<Response, AppError> {
    if let Err(secs) = state.limits.signup_ip.hit(&ip) {
        return Ok(too_many(&state, &ctx, secs));
    }
    let email = EmailAddress::parse(&form.email);
    let name = clean_name(&form.name);
    let problem = match (&email, &name) {
        (Err(_), _) => Some("signup-error-email"),
        (_, None) => Some("signup-error-name"),
        _ if password::check_strength(&form.password).is_err() => Some("signup-error-password"),
        _ => None,
    };
    let (Ok(email), Some(name), None) = (email, name, problem) else {
        let page = SignupPage {
            error: Some(ctx.t(&state, problem.unwrap_or("signup-error-email"))),
            name: form.name,
            email: form.email,
        };
        let mut response = render(&state, &ctx, "accounts/signup.html", page)?;
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(response);
    };
    if let Err(secs) = state.limits.signup_account.hit(email.as_str()) {
        return Ok(too_many(&state, &ctx, secs));
    }
    // Hash even for a known address so both paths take as long.
    let hash = password::hash(form.password).await?;
    crate::accounts::links::sign_up(&state, &ctx.locale, &email, &name, &hash).await?;
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        "signup-sent",
        ("/", "error-go-home"),
    )
}

/// Sends a signed-in reader who has not confirmed their address a new link (the first
/// mail may have been lost), within the same per-address limit as sign-up.
pub async fn resend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if !state.store.account_flags(user.id).await?.unverified {
        return notice(
            &state,
            &ctx,
            StatusCode::OK,
            "verify-done",
            ("/", "error-go-home"),
        );
    }
    if let Err(secs) = state.limits.signup_account.hit(&user.email) {
        return Ok(too_many(&state, &ctx, secs));
    }
    crate::accounts::links::resend_verification(&state, &ctx.locale, &user).await?;
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        "verify-resent",
        ("/account", "account-title"),
    )
}

pub async fn verify(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    match state.store.verify_email(&token).await? {
        Some(user) => {
            tracing::info!(user, "email verified");
            notice(
                &state,
                &ctx,
                StatusCode::OK,
                "verify-done",
                ("/login", "login-title"),
            )
        }
        None => notice(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "link-invalid",
            ("/", "error-go-home"),
        ),
    }
}
