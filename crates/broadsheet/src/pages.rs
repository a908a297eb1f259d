//! The page service shared by the newsroom and the importer: checks a page draft,
//! saves it (every save a revision), publishes, withdraws and restores. Only editors and
//! administrators may (the domain's `manages_pages`), checked here once for every caller.

use crate::cache::Change;
use crate::content::markdown::render_article;
use crate::editorial::MAX_BODY_BYTES;
use crate::editorial::input::language_ok;
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::Slug;
use broadsheet_store::{PageInput, SaveOutcome, SitePage, User};
use serde::{Deserialize, Serialize};

/// A page as the editor form sends it; checked by [`PageDraft::check`].
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PageDraft {
    pub title: String,
    pub slug: String,
    pub body: String,
    pub language: String,
}

impl PageDraft {
    pub fn of(page: &SitePage) -> PageDraft {
        PageDraft {
            title: page.title.clone(),
            slug: page.slug.clone(),
            body: page.body_md.clone(),
            language: page.language.clone(),
        }
    }

    /// Checks every field and renders the body through the article sanitizer.
    pub fn check(&self, default_language: &str) -> Result<PageInput, AppError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(AppError::field_said(
                "title",
                "nr-err-title",
                &[],
                "a title is required",
            ));
        }
        if title.chars().count() > 200 {
            return Err(AppError::field_said(
                "title",
                "nr-err-too-long",
                &[("max", "200".into())],
                "the title is longer than 200 characters",
            ));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(AppError::field_said(
                "body",
                "nr-err-body-too-long",
                &[],
                "the body is longer than the 1 MB limit",
            ));
        }
        let slug = match self.slug.trim() {
            "" => Slug::from_title(title),
            s => Slug::parse(s).map_err(crate::editorial::input::slug_error)?,
        };
        let language = match self.language.trim() {
            "" => default_language.to_string(),
            l if language_ok(l) => l.to_string(),
            l => {
                return Err(AppError::field_said(
                    "language",
                    "nr-err-language",
                    &[("tag", l.to_string())],
                    format!("'{l}' is not a language tag such as en or tr"),
                ));
            }
        };
        Ok(PageInput {
            slug: slug.as_str().to_string(),
            title: title.to_string(),
            body_html: render_article(&self.body).into_string(),
            body_md: self.body.clone(),
            language,
        })
    }
}

/// Refuses anyone who may not manage pages.
pub fn require(user: &User) -> Result<(), AppError> {
    if user.role().manages_pages() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Every page, drafts too, for the newsroom.
pub async fn list(state: &AppState, user: &User) -> Result<Vec<SitePage>, AppError> {
    require(user)?;
    Ok(state.store.list_pages(false).await?)
}

/// One page for the editor; 404 when there is none.
pub async fn load(state: &AppState, user: &User, id: i64) -> Result<SitePage, AppError> {
    require(user)?;
    state.store.page_by_id(id).await?.ok_or(AppError::NotFound)
}

/// Creates a draft page; its id.
pub async fn create(state: &AppState, user: &User, draft: &PageDraft) -> Result<i64, AppError> {
    require(user)?;
    let input = draft.check(&state.options.default_locale)?;
    match state
        .store
        .save_page(None, 0, &input, Some(user.id), "page-created", "created")
        .await?
    {
        SaveOutcome::Saved { id, .. } => Ok(id),
        SaveOutcome::Stale { .. } => {
            Err(AppError::Conflict("the page could not be created".into()))
        }
    }
}

/// Saves a new version of a page if `version` is still its current one.
pub async fn save(
    state: &AppState,
    user: &User,
    id: i64,
    version: i64,
    draft: &PageDraft,
) -> Result<i64, AppError> {
    let page = load(state, user, id).await?;
    let input = draft.check(&state.options.default_locale)?;
    let outcome = state
        .store
        .save_page(
            Some(id),
            version,
            &input,
            Some(user.id),
            "page-saved",
            "saved",
        )
        .await?;
    finish(state, &page, outcome)
}

/// Makes revision `version`'s title and body current again, as a new revision; `expected`
/// is the version the editor saw, so a restore never overwrites a newer save.
pub async fn restore(
    state: &AppState,
    user: &User,
    id: i64,
    version: i64,
    expected: i64,
) -> Result<i64, AppError> {
    let page = load(state, user, id).await?;
    let old = state
        .store
        .page_revisions(id)
        .await?
        .into_iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let draft = PageDraft {
        title: old.title,
        body: old.body_md,
        ..PageDraft::of(&page)
    };
    let input = draft.check(&state.options.default_locale)?;
    let note = format!("restored version {version}");
    let outcome = state
        .store
        .save_page(
            Some(id),
            expected,
            &input,
            Some(user.id),
            "page-restored",
            &note,
        )
        .await?;
    finish(state, &page, outcome)
}

/// Publishes (`true`) or withdraws a page.
pub async fn set_published(
    state: &AppState,
    user: &User,
    id: i64,
    published: bool,
) -> Result<(), AppError> {
    require(user)?;
    state
        .store
        .set_page_published(id, published, Some(user.id))
        .await?;
    // The page, the sitemap and any menu linking it change (decision 0032).
    state.after_write(Change::Everything);
    Ok(())
}

/// Maps a save's outcome; a live page's change empties the page cache, since the page,
/// the sitemap and every page whose menu links it may show the old text or address.
fn finish(state: &AppState, before: &SitePage, outcome: SaveOutcome) -> Result<i64, AppError> {
    match outcome {
        SaveOutcome::Saved { version, .. } => {
            if before.published {
                state.after_write(Change::Everything);
            }
            Ok(version)
        }
        SaveOutcome::Stale { current } => Err(AppError::Conflict(format!(
            "someone else saved this page (now version {current}) after you opened it; \
             your changes were not saved, so copy them, reload and apply them again"
        ))),
    }
}
