//! The comment section under an article and its pages of comments, in two steps: load
//! the rows (what the store holds for a reader) and build one reader's view of them
//! (their likes, their own comments, fresh form tokens). The public rows of a section
//! load the same for every reader, so they can be held (see [`super::public_rows`]).

use super::rows::{LoadedPage, LoadedSection};
use super::settings;
use super::view::{CommentView, PAGE_SIZE, REPLY_PREVIEW, Viewer, liked_set, nest, view_in};
use crate::state::AppState;
use broadsheet_store::{CommentArticle, CommentCursor, CommentRow, CommentSort, StoreError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A page of top-level comments with a preview of each thread.
#[derive(Serialize)]
pub struct CommentPage {
    pub comments: Vec<CommentView>,
    /// Where "show more" continues, if there is more.
    pub next_cursor: Option<String>,
    /// Top-level comments whose threads have more replies than shown.
    pub more_replies: Vec<i64>,
}

/// Everything the comments section under an article shows.
#[derive(Serialize)]
pub struct Section {
    pub article: CommentArticle,
    pub article_url: String,
    pub open: bool,
    pub count: i64,
    pub sort: &'static str,
    pub featured: Vec<CommentView>,
    pub page: CommentPage,
    pub guidelines: String,
    pub guest_posting: bool,
    pub unverified: bool,
    /// A fresh form token for the new-comment form.
    pub nonce: String,
}

/// What only this reader has in a section: their likes on its comments, and whether
/// they must verify their address before posting.
#[derive(Default)]
pub struct ReaderMarks {
    pub liked: HashSet<i64>,
    pub unverified: bool,
}

/// The form nonces a section carries: fresh random ones, or a stencil's stand-ins.
pub struct FormTokens {
    /// The new-comment form's.
    pub nonce: String,
    /// The stem of every reply form's (then the comment's id).
    pub forms: String,
}

impl FormTokens {
    /// Fresh random ones.
    pub fn fresh() -> FormTokens {
        FormTokens {
            nonce: broadsheet_store::secret::new_token(""),
            forms: broadsheet_store::secret::new_token(""),
        }
    }
}

/// The section as `viewer` sees it: loaded with their own held comments, then built
/// with their likes.
pub async fn section(
    state: &AppState,
    viewer: &Viewer<'_>,
    article: CommentArticle,
    sort: CommentSort,
    after: Option<CommentCursor>,
) -> Result<Section, StoreError> {
    let viewer_id = viewer.user.map(|u| u.id);
    let loaded = load_section(state, viewer_id, article, sort, after).await?;
    let marks = ReaderMarks {
        liked: liked_set(state, viewer, &loaded.page.rows()).await?,
        unverified: match viewer.user {
            Some(u) => state.store.account_flags(u.id).await?.unverified,
            None => false,
        },
    };
    build_section(state, viewer, &loaded, &marks).await
}

/// Loads a section's rows as `viewer_id` may see them (`None`: the public rows).
pub async fn load_section(
    state: &AppState,
    viewer_id: Option<i64>,
    article: CommentArticle,
    sort: CommentSort,
    after: Option<CommentCursor>,
) -> Result<LoadedSection, StoreError> {
    let featured = state.store.featured_comments(article.id, 5).await?;
    let page = load_page(state, viewer_id, article.id, sort, after).await?;
    Ok(LoadedSection {
        article,
        featured,
        page,
        sort,
    })
}

/// `viewer`'s section from loaded rows and their marks.
pub async fn build_section(
    state: &AppState,
    viewer: &Viewer<'_>,
    loaded: &LoadedSection,
    marks: &ReaderMarks,
) -> Result<Section, StoreError> {
    build_section_with(state, viewer, loaded, marks, FormTokens::fresh()).await
}

/// [`build_section`] with the form nonces given.
pub async fn build_section_with(
    state: &AppState,
    viewer: &Viewer<'_>,
    loaded: &LoadedSection,
    marks: &ReaderMarks,
    tokens: FormTokens,
) -> Result<Section, StoreError> {
    let site = state.site_data().await?;
    let no_likes = HashSet::new();
    let article = &loaded.article;
    Ok(Section {
        article_url: article.url(),
        open: settings::is_open_in(&site, article),
        count: article.comment_count,
        sort: loaded.sort.as_str(),
        featured: loaded
            .featured
            .iter()
            .map(|c| super::view::view(c, viewer, &no_likes))
            .collect(),
        page: build_page(&loaded.page, viewer, &marks.liked, &tokens.forms),
        guidelines: settings::summary_in(&site, viewer.locale),
        guest_posting: settings::guest_posting_in(&site),
        unverified: marks.unverified,
        nonce: tokens.nonce,
        article: article.clone(),
    })
}

/// A page of comments as `viewer` sees them.
pub async fn page(
    state: &AppState,
    viewer: &Viewer<'_>,
    article_id: i64,
    sort: CommentSort,
    after: Option<CommentCursor>,
) -> Result<CommentPage, StoreError> {
    let loaded = load_page(state, viewer.user.map(|u| u.id), article_id, sort, after).await?;
    let liked = liked_set(state, viewer, &loaded.rows()).await?;
    let forms = broadsheet_store::secret::new_token("");
    Ok(build_page(&loaded, viewer, &liked, &forms))
}

async fn load_page(
    state: &AppState,
    viewer_id: Option<i64>,
    article_id: i64,
    sort: CommentSort,
    after: Option<CommentCursor>,
) -> Result<LoadedPage, StoreError> {
    let mut tops = state
        .store
        .top_comments(article_id, viewer_id, sort, after, PAGE_SIZE + 1)
        .await?;
    let next_cursor = (tops.len() as i64 > PAGE_SIZE).then(|| {
        tops.truncate(PAGE_SIZE as usize);
        CommentCursor::of(tops.last().expect("a full page")).encode()
    });
    // Every previewed thread's replies in one query, then dealt out to their threads.
    let roots: Vec<i64> = tops
        .iter()
        .filter(|t| t.reply_count > 0)
        .map(|t| t.id)
        .collect();
    let mut by_root: HashMap<i64, Vec<CommentRow>> = HashMap::new();
    for reply in state
        .store
        .replies_of_threads(&roots, viewer_id, REPLY_PREVIEW + 1)
        .await?
    {
        by_root
            .entry(reply.root_id.unwrap_or(0))
            .or_default()
            .push(reply);
    }
    let mut threads = Vec::with_capacity(tops.len());
    let mut more_replies = Vec::new();
    for top in tops {
        let mut replies = by_root.remove(&top.id).unwrap_or_default();
        if replies.len() as i64 > REPLY_PREVIEW {
            replies.truncate(REPLY_PREVIEW as usize);
            more_replies.push(top.id);
        }
        threads.push((top, replies));
    }
    Ok(LoadedPage {
        threads,
        next_cursor,
        more_replies,
    })
}

/// A loaded page as `viewer` sees it, each reply form's nonce `forms` and the comment's id.
fn build_page(
    loaded: &LoadedPage,
    viewer: &Viewer<'_>,
    liked: &HashSet<i64>,
    forms: &str,
) -> CommentPage {
    let comments = loaded
        .threads
        .iter()
        .map(|(top, replies)| {
            let top = view_in(top, viewer, liked, forms);
            nest(top, replies, viewer, (liked, forms))
        })
        .collect();
    CommentPage {
        comments,
        next_cursor: loaded.next_cursor.clone(),
        more_replies: loaded.more_replies.clone(),
    }
}
