//! The moderation desk's policy applied to a reader's comment: their standing (banned,
//! suspended, trusted), the site's and section's mode, the link limit, and the admin's
//! banned and suspect word lists (folded into the screener by
//! [`crate::screening::active::ScreenerCache`]).

use super::ModerationSettings;
use crate::state::AppState;
use broadsheet_domain::moderation::{Standing, must_wait_for_review};
use broadsheet_moderation::AuthorContext;
use broadsheet_store::StoreError;

/// What the policy says about one author posting in one section.
pub struct Policy {
    pub settings: ModerationSettings,
    pub standing: Standing,
    pub section_slug: String,
}

impl Policy {
    pub async fn load(
        state: &AppState,
        author_id: Option<i64>,
        section_slug: &str,
    ) -> Result<Policy, StoreError> {
        let settings = ModerationSettings::load(&state.store)
            .await
            .unwrap_or_default();
        let standing = match author_id {
            Some(id) => state.store.standing(id).await?,
            None => Standing::default(),
        };
        Ok(Policy {
            settings,
            standing,
            section_slug: section_slug.to_string(),
        })
    }

    /// Banned or suspended authors may not post or edit.
    pub fn barred(&self) -> bool {
        self.standing.is_barred(broadsheet_store::now())
    }

    /// Whether a comment the screener allowed must still wait for a moderator.
    pub fn must_wait(&self, guest: bool) -> bool {
        let mode = self.settings.mode_for(&self.section_slug);
        must_wait_for_review(mode, &self.standing, self.settings.trust_after, guest)
    }

    /// The screener's view of the author, with the desk's link limit and trust.
    pub fn author_context(&self, base: AuthorContext) -> AuthorContext {
        AuthorContext {
            trusted: self.standing.trusted,
            max_links: Some(self.settings.max_links),
            ..base
        }
    }
}
