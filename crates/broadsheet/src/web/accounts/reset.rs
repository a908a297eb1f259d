//! Password reset by emailed link: single use, expiring, ends every session and revokes
//! every API token. The answer to "send me a link" is the same for known and unknown
//! addresses, and leaves before the address is looked up (the mail follows in a task).

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ClientIp;
use crate::auth::password;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::respond::{notice, too_many};
use crate::web::{Ctx, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use broadsheet_domain::EmailAddress;
use broadsheet_store::LinkPurpose;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
    password_confirm: String,
}

#[derive(Serialize, Default)]
struct ResetPage {
    error: Option<String>,
    token: String,
}

pub async fn forgot_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, "accounts/forgot.html", minijinja::context! {})
}

pub async fn forgot(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, AppError> {
    if let Err(secs) = state.limits.reset_ip.hit(&ip) {
        return Ok(too_many(&state, &ctx, secs));
    }
    if let Ok(email) = EmailAddress::parse(&form.email) {
        if let Err(secs) = state.limits.reset_account.hit(email.as_str()) {
            return Ok(too_many(&state, &ctx, secs));
        }
        // Known address or not, the answer leaves before any lookup: the link is made
        // and mailed afterwards, so neither timing nor content tells the two apart.
        let (task_state, locale) = (state.clone(), ctx.locale.clone());
        tokio::spawn(async move {
            if let Err(e) =
                crate::accounts::links::send_reset_link(&task_state, &locale, &email).await
            {
                tracing::warn!(error = %e, "could not send a password reset link");
            }
        });
    }
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        "reset-sent",
        ("/login", "login-title"),
    )
}

pub async fn reset_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    if state
        .store
        .peek_link_token(&token, LinkPurpose::Reset)
        .await?
        .is_none()
    {
        return notice(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "link-invalid",
            ("/password/forgot", "reset-again"),
        );
    }
    render(
        &state,
        &ctx,
        "accounts/reset.html",
        ResetPage { error: None, token },
    )
}

pub async fn reset(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, AppError> {
    let problem = if password::check_strength(&form.password).is_err() {
        Some("signup-error-password")
    } else if form.password != form.password_confirm {
        Some("reset-error-mismatch")
    } else {
        None
    };
    if let Some(key) = problem {
        let page = ResetPage {
            error: Some(ctx.t(&state, key)),
            token,
        };
        let mut response = render(&state, &ctx, "accounts/reset.html", page)?;
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(response);
    }
    let hash = password::hash(form.password).await?;
    match state.store.reset_password(&token, &hash).await? {
        Some(user) => {
            tracing::info!(user, "password reset");
            notice(
                &state,
                &ctx,
                StatusCode::OK,
                "reset-done",
                ("/login", "login-title"),
            )
        }
        None => notice(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "link-invalid",
            ("/password/forgot", "reset-again"),
        ),
    }
}
