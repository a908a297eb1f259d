//! Moderation settings: the site's mode and per-section modes, when new commenters are
//! trusted, the link limit, the report threshold, and the banned and suspect word lists,
//! kept as one JSON setting.

use crate::error::AppError;
use broadsheet_domain::moderation::ModerationMode;
use broadsheet_store::{Store, StoreError};
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
    pub async fn load(store: &Store) -> Result<ModerationSettings, StoreError> {
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
pub fn word_list(text: &str) -> Result<Vec<String>, AppError> {
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
