//! The rows a comment section is built from, as loaded for one reader or for nobody,
//! and the node's holder of each busy article's public rows (decision 0044).

use crate::cache::PageCache;
use crate::cache::per_article::PerArticle;
use broadsheet_store::{CommentArticle, CommentRow, CommentSort};

/// Articles whose public rows are held at most.
const MAX_ARTICLES: usize = 4096;

/// A page's rows as loaded: top-level comments, each with its previewed replies.
pub struct LoadedPage {
    pub(super) threads: Vec<(CommentRow, Vec<CommentRow>)>,
    pub(super) next_cursor: Option<String>,
    pub(super) more_replies: Vec<i64>,
}

/// A section's rows as loaded for one reader (or for nobody: the public rows).
pub struct LoadedSection {
    pub article: CommentArticle,
    pub(super) featured: Vec<CommentRow>,
    pub(super) page: LoadedPage,
    pub(super) sort: CommentSort,
}

impl LoadedSection {
    /// The order the rows are in, as its name.
    pub fn sort_name(&self) -> &'static str {
        self.sort.as_str()
    }

    /// Whether any of the section's comments is by `user_id`.
    pub fn has_comment_by(&self, user_id: i64) -> bool {
        (self.featured.iter())
            .chain(self.page.rows())
            .any(|c| c.author_id == Some(user_id))
    }
}

impl LoadedPage {
    /// Every comment row of the page, each thread's top first.
    pub(super) fn rows(&self) -> Vec<&CommentRow> {
        self.threads
            .iter()
            .flat_map(|(top, replies)| std::iter::once(top).chain(replies))
            .collect()
    }
}

/// Public rows by (article id, sort), outdated by the article's comments and likes.
pub struct PublicRows(pub(super) PerArticle<&'static str, LoadedSection>);

impl Default for PublicRows {
    fn default() -> Self {
        PublicRows(PerArticle::new(MAX_ARTICLES, PageCache::likes_changed_at))
    }
}
