//! Responses many handlers share: a refusal worded in the reader's language, the
//! rate-limit answer, and the one-message notice page.

use crate::error::{AppError, ErrorInfo};
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error response whose message is in the reader's language (status, code and
/// Retry-After stay those of `error`).
pub fn refuse(error: AppError, message: String) -> Response {
    let mut response = error.into_response();
    if let Some(info) = response.extensions_mut().get_mut::<ErrorInfo>() {
        info.message = message;
    }
    response
}

/// A 429 with the reader-language message and Retry-After.
pub fn too_many(state: &AppState, ctx: &Ctx, secs: u64) -> Response {
    // The error page words it in the reader's language, in minutes (`error-rate-limited`);
    // this message is what the JSON envelope and logs carry.
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("minutes", secs.div_ceil(60).max(1) as i64);
    let message = state.i18n.t(&ctx.locale, "error-rate-limited", Some(&args));
    refuse(AppError::TooManyRequests(secs), message)
}

#[derive(Serialize)]
struct Notice {
    title: String,
    message: String,
    link_href: String,
    link_text: String,
}

/// A one-message page ("check your email", "link expired", …) from message keys.
pub fn notice(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    key: &str,
    link: (&str, &str),
) -> Result<Response, AppError> {
    let page = Notice {
        title: ctx.t(state, &format!("{key}-title")),
        message: ctx.t(state, &format!("{key}-body")),
        link_href: link.0.to_string(),
        link_text: ctx.t(state, link.1),
    };
    let mut response = render(state, ctx, "accounts/notice.html", page)?;
    *response.status_mut() = status;
    Ok(response)
}
