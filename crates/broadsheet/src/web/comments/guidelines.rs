//! The community guidelines page, and the administrators' form that edits the
//! guidelines (per language) and the comment settings.

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::comments::settings;
use crate::content::markdown::render_article;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use broadsheet_domain::Role;
use serde::Serialize;
use std::collections::HashMap;

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let text = settings::guidelines(&state.store, &ctx.locale).await?;
    let html = render_article(&text).into_string();
    render(
        &state,
        &ctx,
        "comments/guidelines.html",
        minijinja::context! { guidelines_html => html },
    )
}

#[derive(Serialize)]
struct LanguageTexts {
    lang: String,
    summary: String,
    full: String,
}

#[derive(Serialize)]
struct SettingsPage {
    languages: Vec<LanguageTexts>,
    guest_posting: bool,
    auto_close_days: String,
    saved: bool,
}

fn admin(user: &broadsheet_store::User) -> Result<(), AppError> {
    if user.role() == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn settings_form(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    admin(&user)?;
    let mut languages = Vec::new();
    for lang in state.i18n.locales() {
        languages.push(LanguageTexts {
            lang: lang.to_string(),
            summary: settings::summary(&state.store, lang).await?,
            full: settings::guidelines(&state.store, lang).await?,
        });
    }
    let page = SettingsPage {
        languages,
        guest_posting: settings::guest_posting(&state.store).await?,
        auto_close_days: state
            .store
            .setting(settings::AUTO_CLOSE_DAYS)
            .await?
            .unwrap_or_default(),
        saved: false,
    };
    render(&state, &ctx, "comments/settings.html", page)
}

/// Saves every field of the settings form: `summary.LANG`, `full.LANG`,
/// `guest_posting` and `auto_close_days`.
pub async fn save_settings(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    admin(&user)?;
    let days = form.get("auto_close_days").map(|d| d.trim()).unwrap_or("");
    if !days.is_empty() && days.parse::<u32>().is_err() {
        return Err(AppError::field(
            "auto_close_days",
            ctx.t(&state, "settings-error-days"),
        ));
    }
    let mut pairs = Vec::new();
    for lang in state.i18n.locales() {
        for (field, key) in [
            ("summary", settings::summary_key(lang)),
            ("full", settings::guidelines_key(lang)),
        ] {
            if let Some(text) = form.get(&format!("{field}.{lang}")) {
                pairs.push((key, text.trim().to_string()));
            }
        }
    }
    let guests = form.contains_key("guest_posting");
    settings::save(&state, pairs, guests, days).await?;
    Ok(Redirect::to("/newsroom/comment-settings").into_response())
}
