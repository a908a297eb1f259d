//! The first page of each busy article's comments as everyone sees it, loaded once and
//! held per node until the article's comments or their likes change (decision 0044).
//! A reader's section is built from it with their own marks (one query); a reader with
//! a comment only they see gets their section loaded for them, as before.

use super::rows::LoadedSection;
use super::section::{ReaderMarks, Section, build_section, load_section};
use super::view::Viewer;
use crate::cache::per_article::PerArticle;
use crate::state::AppState;
use broadsheet_domain::Role;
use broadsheet_store::{CommentSort, ReaderOnArticle, StoreError, User};
use std::sync::Arc;

/// What a reader's section is built from: the public rows, and the reader's own marks
/// when someone is signed in.
pub struct ReaderRows {
    pub public: Arc<LoadedSection>,
    own: Option<ReaderOnArticle>,
}

/// The section under `article_id` as `viewer` sees it, newest first; `None` when the
/// article takes no comments section (not published).
pub async fn section_for(
    state: &AppState,
    viewer: &Viewer<'_>,
    article_id: i64,
) -> Result<Option<Section>, StoreError> {
    match rows_for(state, viewer, article_id).await? {
        Some(rows) => Ok(Some(rows.section(state, viewer).await?)),
        None => Ok(None),
    }
}

/// The rows of `viewer`'s section under `article_id`, newest first: the held public
/// rows and (signed in) the reader's marks, one query. `None` as for [`section_for`].
pub async fn rows_for(
    state: &AppState,
    viewer: &Viewer<'_>,
    article_id: i64,
) -> Result<Option<ReaderRows>, StoreError> {
    let Some(public) = public_rows(state, article_id, CommentSort::Newest).await? else {
        return Ok(None);
    };
    let own = match viewer.user {
        Some(user) => Some(state.store.reader_on_article(user.id, article_id).await?),
        None => None,
    };
    Ok(Some(ReaderRows { public, own }))
}

impl ReaderRows {
    /// Whether `user` sees the section exactly as every plain signed-in reader does: a
    /// reader (not staff), verified, with no like, comment or held comment of theirs in
    /// it. Their section is then the shared one with their own form token (decision 0048).
    pub fn is_plain_for(&self, user: &User) -> bool {
        let Some(own) = &self.own else { return false };
        user.role() == Role::Reader
            && !own.has_held
            && !own.unverified
            && own.liked.is_empty()
            && !self.public.has_comment_by(user.id)
    }

    /// The section as `viewer` sees it, built from these rows.
    pub async fn section(
        self,
        state: &AppState,
        viewer: &Viewer<'_>,
    ) -> Result<Section, StoreError> {
        let (Some(user), Some(own)) = (viewer.user, self.own) else {
            let marks = ReaderMarks::default();
            return build_section(state, viewer, &self.public, &marks).await;
        };
        let marks = ReaderMarks {
            liked: own.liked.into_iter().collect(),
            unverified: own.unverified,
        };
        // Their own held comment changes which rows are on the page: load them for this
        // reader; the marks already read serve as they are.
        if own.has_held {
            let article = self.public.article.clone();
            let sort = self.public.sort;
            let mine = load_section(state, Some(user.id), article, sort, None).await?;
            return build_section(state, viewer, &mine, &marks).await;
        }
        build_section(state, viewer, &self.public, &marks).await
    }
}

/// The article's public rows in `sort` order: held, else loaded and kept.
async fn public_rows(
    state: &AppState,
    article_id: i64,
    sort: CommentSort,
) -> Result<Option<Arc<LoadedSection>>, StoreError> {
    let rows = &state.public_rows.0;
    let key = (article_id, sort.as_str());
    if let Some(held) = rows.get(&state.page_cache, &key) {
        return Ok(Some(held));
    }
    let generation = PerArticle::<&str, LoadedSection>::generation(&state.page_cache);
    let Some(article) = state.store.comment_article(article_id).await? else {
        return Ok(None);
    };
    let loaded = Arc::new(load_section(state, None, article, sort, None).await?);
    rows.put(&state.page_cache, generation, key, loaded.clone());
    Ok(Some(loaded))
}
