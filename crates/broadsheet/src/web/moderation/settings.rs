//! The desk's settings page: shows and saves [`ModerationSettings`].

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Moderator;
use crate::error::AppError;
use crate::moderation::settings::{ModerationSettings, word_list};
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::response::{Redirect, Response};
use broadsheet_domain::moderation::ModerationMode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize)]
struct SettingsPage {
    nr: SettingsView,
}

#[derive(Serialize)]
struct SettingsView {
    settings: ModerationSettings,
    modes: Vec<&'static str>,
    sections: Vec<broadsheet_store::Section>,
    banned_text: String,
    suspect_text: String,
}

pub async fn page(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let settings = ModerationSettings::load(&state.store).await?;
    let view = SettingsView {
        banned_text: settings.banned_words.join("\n"),
        suspect_text: settings.suspect_words.join("\n"),
        settings,
        modes: ModerationMode::ALL.iter().map(|m| m.as_str()).collect(),
        sections: state.store.list_sections().await?,
    };
    render(
        &state,
        &ctx,
        "moderation/settings.html",
        SettingsPage { nr: view },
    )
}

#[derive(Deserialize)]
pub struct SettingsForm {
    mode: String,
    trust_after: i64,
    max_links: u32,
    hide_after_reports: i64,
    #[serde(default)]
    banned_words: String,
    #[serde(default)]
    suspect_words: String,
    /// `section_mode.<slug>` fields, collected from the rest of the form.
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

pub async fn save(
    State(state): State<AppState>,
    Moderator(_): Moderator,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Redirect, AppError> {
    let mode = form
        .mode
        .parse()
        .map_err(|e: String| AppError::field("mode", e))?;
    if !(0..=1000).contains(&form.trust_after)
        || form.max_links > 50
        || !(1..=1000).contains(&form.hide_after_reports)
    {
        return Err(AppError::bad(
            "numbers are out of range: trust after 0–1000, links 0–50, reports 1–1000",
        ));
    }
    let mut section_modes = BTreeMap::new();
    let chosen = form.rest.iter().filter(|(_, v)| !v.is_empty());
    for (slug, value) in chosen.filter_map(|(k, v)| Some((k.strip_prefix("section_mode.")?, v))) {
        let mode = value
            .parse()
            .map_err(|e: String| AppError::field("section_mode", e))?;
        section_modes.insert(slug.to_string(), mode);
    }
    let settings = ModerationSettings {
        mode,
        section_modes,
        trust_after: form.trust_after,
        max_links: form.max_links,
        hide_after_reports: form.hide_after_reports,
        banned_words: word_list(&form.banned_words)?,
        suspect_words: word_list(&form.suspect_words)?,
    };
    settings.save(&state.store).await?;
    Ok(Redirect::to(
        "/newsroom/moderation/settings?done=settings-saved",
    ))
}
