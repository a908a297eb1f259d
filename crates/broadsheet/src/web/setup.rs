//! The one-time administrator setup page reached from the link printed on first start.

use super::{Ctx, render};
use crate::auth::{csrf, password, session};
use crate::error::AppError;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_domain::EmailAddress;
use broadsheet_store::SetupOutcome;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SetupForm {
    csrf: Option<String>,
    email: String,
    name: String,
    password: String,
    password_confirm: String,
}

#[derive(Serialize, Default)]
struct SetupPage<'a> {
    error: Option<String>,
    email: &'a str,
    name: &'a str,
}

fn page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    view: SetupPage,
) -> Result<Response, AppError> {
    let mut response = render(state, ctx, "setup.html", view)?;
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    if !state.store.setup_token_is_valid(&token).await? {
        return Err(AppError::NotFound);
    }
    page(&state, &ctx, StatusCode::OK, SetupPage::default())
}

pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if !csrf::verify(&headers, form.csrf.as_deref(), &state.options.base_url) {
        return Err(AppError::CsrfRejected);
    }
    let retry = |message: String| {
        let view = SetupPage {
            error: Some(message),
            email: &form.email,
            name: &form.name,
        };
        page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, view)
    };
    let email = match EmailAddress::parse(&form.email) {
        Ok(e) => e,
        Err(e) => return retry(e.to_string()),
    };
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return retry("Your name must be 1–80 characters.".into());
    }
    if let Err(e) = password::check_strength(&form.password) {
        return retry(format!("{e}."));
    }
    if form.password != form.password_confirm {
        return retry("The two passwords do not match.".into());
    }
    let hash = password::hash(form.password.clone()).await?;
    match state
        .store
        .complete_setup(&token, &email, name, &hash)
        .await?
    {
        SetupOutcome::InvalidLink => Err(AppError::NotFound),
        SetupOutcome::Created(user) => {
            tracing::info!(
                user = user.id,
                "administrator created through the setup link"
            );
            let secret = state
                .store
                .create_session(user.id, session::TTL_SECS)
                .await?;
            let mut response = Redirect::to("/").into_response();
            let cookie = session::set_cookie(&secret, state.options.behind_tls);
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie.parse().expect("cookie"));
            Ok(response)
        }
    }
}
