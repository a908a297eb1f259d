//! The editorial service shared by the newsroom UI and the JSON API: checks a draft,
//! saves it with optimistic locking, moves it through the workflow, and keeps history.

pub mod bylines;
pub mod history;
pub mod input;
pub mod invitations;
pub mod old_paths;
pub mod taxonomy;
pub mod workflow;

use crate::cache::Change;
use crate::error::AppError;
use crate::state::AppState;
use crate::webhooks;
use broadsheet_domain::{Action, workflow::transition};
use broadsheet_store::{Article, SaveOutcome, User};
pub use input::Draft;

/// The largest Markdown body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An article with what the service needs to decide who may touch it.
pub struct Loaded {
    pub article: Article,
    pub author_ids: Vec<i64>,
}

impl Loaded {
    pub fn is_owner(&self, user: &User) -> bool {
        self.author_ids.contains(&user.id)
    }

    /// May `user` take `action` on this article? Uses the domain's workflow table.
    pub fn check(
        &self,
        user: &User,
        action: Action,
    ) -> Result<broadsheet_domain::ArticleStatus, AppError> {
        transition(
            user.role(),
            self.is_owner(user),
            self.article.summary.status.0,
            action,
        )
        .map_err(workflow::refusal)
    }
}

/// Loads an article and its bylines; 404 when it does not exist.
pub async fn load(state: &AppState, id: i64) -> Result<Loaded, AppError> {
    let article = state
        .store
        .article_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let author_ids = state
        .store
        .bylines(&[id])
        .await?
        .into_iter()
        .map(|b| b.user_id)
        .collect();
    Ok(Loaded {
        article,
        author_ids,
    })
}

/// Creates a draft. Contributors and up may write; the writer is the byline, and only
/// editors may name others.
pub async fn create(state: &AppState, user: &User, draft: &Draft) -> Result<i64, AppError> {
    if !user.role().writes_articles() {
        return Err(AppError::Forbidden);
    }
    let mut input = draft.check(state).await?;
    if input.author_ids.is_empty() {
        input.author_ids.push(user.id);
    }
    bylines::check_change(user, &[user.id], &input.author_ids)?;
    match state
        .store
        .save_article(None, 0, &input, user.id, "created")
        .await?
    {
        SaveOutcome::Saved { id, .. } => Ok(id),
        SaveOutcome::Stale { .. } => Err(AppError::Conflict(
            "the article could not be created".into(),
        )),
    }
}

/// Saves a new version of an article if `version` is still its current one.
pub async fn save(
    state: &AppState,
    user: &User,
    id: i64,
    version: i64,
    draft: &Draft,
    note: &str,
) -> Result<i64, AppError> {
    let loaded = load(state, id).await?;
    loaded.check(user, Action::Edit)?;
    let mut input = draft.check(state).await?;
    // No authors given keeps the bylines as they are.
    if input.author_ids.is_empty() {
        input.author_ids = loaded.author_ids.clone();
    }
    bylines::check_change(user, &loaded.author_ids, &input.author_ids)?;
    let note = bylines::note(state, note, &loaded.author_ids, &input.author_ids).await?;
    let outcome = state
        .store
        .save_article(Some(id), version, &input, user.id, &note)
        .await?;
    finish_save(state, &loaded, outcome).await
}

/// Maps a save outcome; when a live article changed, refreshes public pages and tells
/// webhook receivers.
pub(crate) async fn finish_save(
    state: &AppState,
    loaded: &Loaded,
    outcome: SaveOutcome,
) -> Result<i64, AppError> {
    match outcome {
        SaveOutcome::Saved { version, .. } => {
            if loaded.article.summary.status.0 == broadsheet_domain::ArticleStatus::Published {
                state.after_write(Change::Everything);
                let id = loaded.article.summary.id;
                webhooks::emit_article(state, webhooks::Event::ArticleUpdated, id).await;
            }
            Ok(version)
        }
        SaveOutcome::Stale { current } => Err(AppError::Conflict(format!(
            "someone else saved this article (now version {current}) after you opened it; \
             your changes were not saved, so copy them, reload and apply them again"
        ))),
    }
}

/// The answer for an address with no live article: a 301 to where a published article
/// moved when its slug or section changed, otherwise 404.
pub async fn moved(
    state: &AppState,
    section: &str,
    slug: &str,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let (s, a) = state
        .store
        .moved_article(section, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let to = format!("/{s}/{a}");
    Ok((
        axum::http::StatusCode::MOVED_PERMANENTLY,
        [(axum::http::header::LOCATION, to)],
    )
        .into_response())
}
