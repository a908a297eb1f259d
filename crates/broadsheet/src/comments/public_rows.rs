//! The first page of each busy article's comments as everyone sees it, loaded once and
//! held per node until the article's comments or their likes change (decision 0044).
//! A reader's section is built from it with their own marks (one query); a reader with
//! a comment only they see gets their section loaded for them, as before.

use super::rows::LoadedSection;
use super::section::{ReaderMarks, Section, build_section, load_section};
use super::view::Viewer;
use crate::cache::per_article::PerArticle;
use crate::state::AppState;
use broadsheet_store::{CommentSort, StoreError};
use std::sync::Arc;

/// The section under `article_id` as `viewer` sees it, newest first; `None` when the
/// article takes no comments section (not published).
pub async fn section_for(
    state: &AppState,
    viewer: &Viewer<'_>,
    article_id: i64,
) -> Result<Option<Section>, StoreError> {
    let sort = CommentSort::Newest;
    let Some(public) = public_rows(state, article_id, sort).await? else {
        return Ok(None);
    };
    let Some(user) = viewer.user else {
        let marks = ReaderMarks::default();
        return Ok(Some(build_section(state, viewer, &public, &marks).await?));
    };
    let own = state.store.reader_on_article(user.id, article_id).await?;
    let marks = ReaderMarks {
        liked: own.liked.into_iter().collect(),
        unverified: own.unverified,
    };
    // Their own held comment changes which rows are on the page: load them for this
    // reader; the marks already read serve as they are.
    let mine;
    let rows = if own.has_held {
        let article = public.article.clone();
        mine = load_section(state, Some(user.id), article, sort, None).await?;
        &mine
    } else {
        &*public
    };
    Ok(Some(build_section(state, viewer, rows, &marks).await?))
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
