//! Sign in, sign out, and sign out everywhere.

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ClientIp;
use crate::auth::{password, session};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_domain::EmailAddress;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

#[derive(Serialize, Default)]
struct LoginPage {
    error: Option<String>,
    email: String,
    next: String,
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let next = session::safe_next(q.next.as_deref()).unwrap_or_default();
    render(
        &state,
        &ctx,
        "login.html",
        LoginPage {
            next,
            ..Default::default()
        },
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    count_sign_in(&state, &ip)?;
    let email = EmailAddress::parse(&form.email).ok();
    if let Some(e) = &email
        && let Err(wait) = state.limits.login_account.hit(e.as_str())
    {
        state.limits.login_ip.refund(&ip);
        return Err(AppError::TooManyRequests(wait));
    }
    let user = match &email {
        Some(e) => state.store.user_by_email(e).await?,
        None => None,
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify(
        form.password.clone(),
        stored
            .clone()
            .unwrap_or_else(|| password::dummy_hash().to_string()),
    )
    .await;
    let Some(user) = user.filter(|_| matches && stored.is_some()) else {
        // One message for unknown email and wrong password: no account enumeration.
        let page = LoginPage {
            error: Some(ctx.t(&state, "login-failed")),
            email: form.email.clone(),
            next: session::safe_next(form.next.as_deref()).unwrap_or_default(),
        };
        let mut response = render(&state, &ctx, "login.html", page)?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    let account = email.as_ref().map_or("", EmailAddress::as_str);
    forgive_sign_in(&state, &ip, account);
    if state.store.two_step(user.id).await?.secret.is_some() {
        let next = session::safe_next(form.next.as_deref()).unwrap_or_default();
        return super::two_step_login::ask_for_code(&state, &ctx, &user, next).await;
    }
    begin_session(&state, &ctx, &user, form.next.as_deref()).await
}

/// Every sign-in attempt (password or code) takes its hit against the address up front,
/// so parallel guesses cannot outrun the limit; a successful one gives it back through
/// [`forgive_sign_in`] (only failures count, decision 0027).
pub fn count_sign_in(state: &AppState, ip: &str) -> Result<(), AppError> {
    state
        .limits
        .login_ip
        .hit(ip)
        .map_err(AppError::TooManyRequests)
}

/// A right password (or code): the address's hit is given back and the account's
/// failures are cleared.
pub fn forgive_sign_in(state: &AppState, ip: &str, account_key: &str) {
    state.limits.login_ip.refund(ip);
    state.limits.login_account.forget(account_key);
}

/// Signs `user` in: a new session id (the old one, if any, is ended), the cookie, and
/// a redirect to `next` or the user's home.
pub async fn begin_session(
    state: &AppState,
    ctx: &Ctx,
    user: &broadsheet_store::User,
    next: Option<&str>,
) -> Result<Response, AppError> {
    if let Some(old) = &ctx.session_secret {
        state.store.delete_session(old).await?;
    }
    let secret = state
        .store
        .create_session(user.id, session::TTL_SECS)
        .await?;
    let default = if user.role().is_staff() {
        "/newsroom"
    } else {
        "/"
    };
    let next = session::safe_next(next).unwrap_or_else(|| default.into());
    tracing::info!(user = user.id, "signed in");
    let mut response = Redirect::to(&next).into_response();
    let cookie = session::set_cookie(&secret, state.options.behind_tls);
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie"),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct Empty {}

/// Ends this browser's session.
pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    if let Some(secret) = &ctx.session_secret {
        state.store.delete_session(secret).await?;
    }
    Ok(signed_out())
}

/// Ends every session of the signed-in user, on every device, and revokes their API
/// tokens.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    session::SignedIn(user): session::SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let (sessions, tokens) = state.store.sign_out_everywhere(user.id).await?;
    tracing::info!(user = user.id, sessions, tokens, "signed out everywhere");
    Ok(signed_out())
}

fn signed_out() -> Response {
    let mut response = Redirect::to("/").into_response();
    let expired = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        session::COOKIE
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&expired).expect("cookie"),
    );
    response
}
