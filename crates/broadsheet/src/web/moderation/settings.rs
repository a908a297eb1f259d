//! Moderation settings: the site's mode and per-section modes, when new commenters are
//! trusted, the link limit, the report threshold, and the banned and suspect word lists.

use super::Moderator;
use crate::auth::csrf::CsrfForm;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{Ctx, render};
use axum::extract::State;
use axum::response::{Redirect, Response};
use broadsheet_domain::moderation::ModerationMode;
use broadsheet_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const KEY: &str = "moderation.settings";
/// Word lists are for words and short phrases, not documents.
const MAX_WORDS: usize = 2_000;

/// Everything the posting path and the desk need to know about moderation policy.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ModerationSettings {
    pub mode: ModerationMode,
    /// Section slug → mode, overriding the site's.
    pub section_modes: BTreeMap<String, ModerationMode>,
    /// Approved comments after which a new commenter is no longer pre-moderated.
    pub trust_after: i64,
    pub max_links: u32,
    /// Reports that hide a visible comment until a moderator looks.
    pub hide_after_reports: i64,
    pub banned_words: Vec<String>,
    pub suspect_words: Vec<String>,
}

impl Default for ModerationSettings {
    fn default() -> Self {
        ModerationSettings {
            mode: ModerationMode::Post,
            section_modes: BTreeMap::new(),
            trust_after: 3,
            max_links: 2,
            hide_after_reports: 3,
            banned_words: Vec::new(),
            suspect_words: Vec::new(),
        }
    }
}

impl ModerationSettings {
    pub async fn load(store: &Store) -> Result<ModerationSettings, AppError> {
        Ok(store
            .setting(KEY)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    pub async fn save(&self, store: &Store) -> Result<(), AppError> {
        let json = serde_json::to_string(self).map_err(|e| AppError::Internal(e.into()))?;
        store.set_setting(KEY, &json).await?;
        Ok(())
    }

    /// The mode for a section: its own, or the site's.
    pub fn mode_for(&self, section_slug: &str) -> ModerationMode {
        self.section_modes
            .get(section_slug)
            .copied()
            .unwrap_or(self.mode)
    }
}

/// One word or phrase per line; blanks and duplicates dropped.
fn word_list(text: &str) -> Result<Vec<String>, AppError> {
    let mut words: Vec<String> = text
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty() && l.chars().count() <= 60)
        .collect();
    words.sort();
    words.dedup();
    if words.len() > MAX_WORDS {
        return Err(AppError::bad(format!(
            "a word list holds at most {MAX_WORDS} entries"
        )));
    }
    Ok(words)
}

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
