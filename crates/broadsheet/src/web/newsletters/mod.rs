//! Newsletter pages for readers: the subscribe form (by email alone, double opt-in; the
//! same answer whether or not the address is known), one-click subscribing from the
//! account page, the confirmation link, and unsubscribing (a page with one button, or
//! the RFC 8058 one-click POST a mail program sends, which needs no form token).

use crate::auth::csrf::{self, CsrfForm};
use crate::auth::extract::ClientIp;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::newsletters::{self, list_label};
use crate::state::AppState;
use crate::web::respond::{notice, too_many};
use crate::web::{Ctx, render};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use broadsheet_domain::EmailAddress;
use broadsheet_store::ListKey;
use serde::{Deserialize, Serialize};

pub mod choices;
use choices::list_choices;

#[derive(Deserialize, Default, Serialize)]
pub struct ListForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    language: String,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: ListForm,
    error: Option<&str>,
) -> Result<Response, AppError> {
    let page = serde_json::json!({
        "choices": list_choices(state, ctx).await?,
        "form": form,
        "error": error.map(|k| ctx.t(state, k)),
    });
    let mut response = render(state, ctx, "newsletters/subscribe.html", page)?;
    if error.is_some() {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(response)
}

pub async fn form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let form = ListForm {
        language: ctx.locale.clone(),
        frequency: "daily".into(),
        ..Default::default()
    };
    form_page(&state, &ctx, form, None).await
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ListForm>,
) -> Result<Response, AppError> {
    if let Err(secs) = state.limits.newsletter_ip.hit(&ip) {
        return Ok(too_many(&state, &ctx, secs));
    }
    let Ok(email) = EmailAddress::parse(&form.email) else {
        return form_page(&state, &ctx, form, Some("signup-error-email")).await;
    };
    let list = match newsletters::parse_list(&state, &form.frequency, &form.section, &form.language)
        .await
    {
        Ok(list) => list,
        Err(problem) => return form_page(&state, &ctx, form, Some(problem)).await,
    };
    if let Err(secs) = state.limits.newsletter_email.hit(email.as_str()) {
        return Ok(too_many(&state, &ctx, secs));
    }
    // Known address or not, the answer leaves first; the link is made and mailed after.
    let (task_state, locale) = (state.clone(), ctx.locale.clone());
    tokio::spawn(async move {
        let done =
            newsletters::subscribe(&task_state, &locale, email.as_str(), None, &list, false).await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "could not start a newsletter subscription");
        }
    });
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        "nl-check-mail",
        ("/", "error-go-home"),
    )
}

/// One click on the account page: a verified address is on the list at once; an
/// unverified one is sent the confirmation link like anyone else.
pub async fn subscribe_account(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ListForm>,
) -> Result<Response, AppError> {
    let list = match newsletters::parse_list(&state, &form.frequency, &form.section, &form.language)
        .await
    {
        Ok(list) => list,
        Err(problem) => {
            let message = Some(ctx.t(&state, problem));
            return crate::web::accounts::profile::account_page(&state, &ctx, &user, None, message)
                .await;
        }
    };
    let proven = !state.store.account_flags(user.id).await?.unverified;
    if !proven && let Err(secs) = state.limits.newsletter_email.hit(&user.email) {
        return Ok(too_many(&state, &ctx, secs));
    }
    newsletters::subscribe(
        &state,
        &ctx.locale,
        &user.email,
        Some(user.id),
        &list,
        proven,
    )
    .await?;
    let key = if proven {
        "nl-subscribed"
    } else {
        "nl-check-mail"
    };
    notice(
        &state,
        &ctx,
        StatusCode::OK,
        key,
        ("/account", "account-title"),
    )
}

pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    match state.store.confirm_newsletter(&token).await? {
        Some(_) => notice(
            &state,
            &ctx,
            StatusCode::OK,
            "nl-confirmed",
            ("/", "error-go-home"),
        ),
        None => invalid(&state, &ctx),
    }
}

fn invalid(state: &AppState, ctx: &Ctx) -> Result<Response, AppError> {
    notice(
        state,
        ctx,
        StatusCode::BAD_REQUEST,
        "link-invalid",
        ("/newsletters", "nl-title"),
    )
}

/// The unsubscribe page: which list, and one button. Opening it changes nothing (mail
/// scanners open links).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let Some(sub) = state.store.newsletter_by_unsubscribe_token(&token).await? else {
        return invalid(&state, &ctx);
    };
    let list = ListKey {
        frequency: sub.frequency.clone(),
        section_id: sub.section_id,
        language: sub.language.clone(),
    };
    let sections = state.site_data().await?.sections.clone();
    let page = serde_json::json!({
        "token": token, "email": sub.email, "gone": sub.unsubscribed_at.is_some(),
        "list": list_label(&state, &ctx.locale, &list, &sections),
    });
    render(&state, &ctx, "newsletters/unsubscribe.html", page)
}

/// Takes the address off the list: from the page's button (with the form token) or
/// from a mail program's one-click POST (`List-Unsubscribe=One-Click`), where the
/// unguessable token in the address is the proof.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
    body: Bytes,
) -> Result<Response, AppError> {
    if !csrf::unsubscribe_allowed(&headers, &body, &state.options.base_url) {
        return Err(AppError::CsrfRejected);
    }
    match state.store.unsubscribe_newsletter(&token).await? {
        Some(sub) => {
            tracing::info!(subscription = sub.id, "newsletter unsubscribed");
            notice(
                &state,
                &ctx,
                StatusCode::OK,
                "nl-unsubscribed",
                ("/newsletters", "nl-title"),
            )
        }
        None => invalid(&state, &ctx),
    }
}
