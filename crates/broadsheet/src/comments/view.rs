//! What templates and the API show of comments: one reader's view of a thread, with
//! nesting (three levels, deeper replies flat with "in reply to"), likes and actions.

use super::settings;
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_store::{
    CommentArticle, CommentCursor, CommentRow, CommentSort, CommentStatus, StoreError, User,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Top-level comments per page.
pub const PAGE_SIZE: i64 = 20;
/// Replies shown under each top-level comment on the article page.
pub const REPLY_PREVIEW: i64 = 5;
/// Replies per page of a thread's own page.
pub const THREAD_PAGE: i64 = 200;

#[derive(Clone, Debug, Serialize)]
pub struct CommentView {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    pub author_name: String,
    pub author_id: Option<i64>,
    pub author_deleted: bool,
    pub body_html: String,
    pub status: CommentStatus,
    pub like_count: i64,
    pub created_at: i64,
    pub edited: bool,
    pub featured: bool,
    pub liked: bool,
    pub mine: bool,
    pub can_edit: bool,
    /// The author's name of the parent, for replies shown flat below the third level.
    pub reply_to: Option<String>,
    /// The screener's explanations, for the author of a held comment, in their language.
    pub reasons: Vec<String>,
    pub replies: Vec<CommentView>,
    /// A fresh form token for this comment's reply form.
    pub nonce: String,
}

/// The viewer: who, and in which language.
/// What a request for a page of comments asks for: the article, the order and where to
/// continue. Unknown sorts and cursors fall back to the first page, newest first.
pub struct Asked {
    pub article: CommentArticle,
    pub sort: CommentSort,
    pub cursor: Option<CommentCursor>,
}

/// Reads a comment-page request (HTML or JSON); 404 when the article is not there.
pub async fn asked_for(
    state: &AppState,
    article_id: i64,
    sort: Option<&str>,
    cursor: Option<&str>,
) -> Result<Asked, AppError> {
    let article = state
        .store
        .comment_article(article_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Asked {
        article,
        sort: sort.and_then(CommentSort::parse).unwrap_or_default(),
        cursor: cursor.and_then(CommentCursor::decode),
    })
}

pub struct Viewer<'a> {
    pub user: Option<&'a User>,
    pub locale: &'a str,
}

impl Viewer<'_> {
    fn id(&self) -> Option<i64> {
        self.user.map(|u| u.id)
    }
}

/// The author's explanations from a stored reasons list, in `locale`.
pub fn reason_messages(reasons_json: &str, locale: &str) -> Vec<String> {
    let list: Vec<serde_json::Value> = serde_json::from_str(reasons_json).unwrap_or_default();
    let field = if locale == "tr" {
        "message_tr"
    } else {
        "message_en"
    };
    let mut out: Vec<String> = list
        .iter()
        .filter_map(|r| r.get(field).and_then(|m| m.as_str()).map(str::to_string))
        .collect();
    out.dedup();
    out
}

/// One comment as `viewer` sees it (replies not yet attached), with a fresh form token.
pub fn view(row: &CommentRow, viewer: &Viewer<'_>, liked: &HashSet<i64>) -> CommentView {
    let nonce = broadsheet_store::secret::new_token("");
    view_in(row, viewer, liked, &nonce)
}

/// One comment of a page whose form tokens all start with `forms` (one random token
/// per page, then the comment's id: unique per form without a random draw each).
pub(super) fn view_in(
    row: &CommentRow,
    viewer: &Viewer<'_>,
    liked: &HashSet<i64>,
    forms: &str,
) -> CommentView {
    let mine = viewer.id().is_some() && row.author_id == viewer.id();
    let now = broadsheet_store::now();
    let placeholder = matches!(
        row.status,
        CommentStatus::DeletedByAuthor | CommentStatus::Removed
    );
    CommentView {
        id: row.id,
        article_id: row.article_id,
        parent_id: row.parent_id,
        depth: row.depth,
        author_name: if placeholder {
            String::new()
        } else {
            row.author_name.clone()
        },
        author_id: row.author_id,
        author_deleted: row.author_deleted,
        body_html: if placeholder {
            String::new()
        } else {
            row.body_html.clone()
        },
        status: row.status,
        like_count: row.like_count,
        created_at: row.created_at,
        edited: row.edited_at.is_some(),
        featured: row.featured,
        liked: liked.contains(&row.id),
        mine,
        can_edit: mine
            && matches!(row.status, CommentStatus::Visible | CommentStatus::Pending)
            && now - row.created_at <= settings::EDIT_WINDOW_SECS,
        reply_to: None,
        reasons: if mine {
            reason_messages(&row.reasons, viewer.locale)
        } else {
            Vec::new()
        },
        replies: Vec::new(),
        nonce: format!("{forms}-{}", row.id),
    }
}

/// Hangs `replies` (oldest first, one thread) under `root` by their display parent.
pub(super) fn nest(
    mut root: CommentView,
    replies: &[CommentRow],
    viewer: &Viewer<'_>,
    (liked, forms): (&HashSet<i64>, &str),
) -> CommentView {
    let names: HashMap<i64, &str> = replies
        .iter()
        .map(|r| (r.id, r.author_name.as_str()))
        .collect();
    let mut children: HashMap<i64, Vec<CommentView>> = HashMap::new();
    for r in replies {
        let mut v = view_in(r, viewer, liked, forms);
        if r.depth > 2 {
            v.reply_to = r
                .parent_id
                .and_then(|p| names.get(&p))
                .map(|n| n.to_string());
        }
        children
            .entry(r.nest_parent_id.unwrap_or(root.id))
            .or_default()
            .push(v);
    }
    fn attach(v: &mut CommentView, children: &mut HashMap<i64, Vec<CommentView>>) {
        if let Some(mut kids) = children.remove(&v.id) {
            for k in &mut kids {
                attach(k, children);
            }
            v.replies = kids;
        }
    }
    attach(&mut root, &mut children);
    root
}

/// The ids a list of rows mentions that the viewer has liked.
pub(super) async fn liked_set(
    state: &AppState,
    viewer: &Viewer<'_>,
    rows: &[&CommentRow],
) -> Result<HashSet<i64>, StoreError> {
    let Some(user) = viewer.user else {
        return Ok(HashSet::new());
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    Ok(state
        .store
        .reacted(user.id, "like", &ids)
        .await?
        .into_iter()
        .collect())
}

/// A whole thread (a top-level comment and its replies after `after_id`), for the
/// comment permalink page.
pub async fn thread(
    state: &AppState,
    viewer: &Viewer<'_>,
    root: &CommentRow,
    after_id: i64,
) -> Result<(CommentView, Option<i64>), StoreError> {
    let mut replies = state
        .store
        .thread_replies(root.id, viewer.id(), after_id, THREAD_PAGE + 1)
        .await?;
    let more = (replies.len() as i64 > THREAD_PAGE).then(|| {
        replies.truncate(THREAD_PAGE as usize);
        replies.last().map(|r| r.id).unwrap_or(0)
    });
    let all: Vec<&CommentRow> = std::iter::once(root).chain(replies.iter()).collect();
    let liked = liked_set(state, viewer, &all).await?;
    let forms = broadsheet_store::secret::new_token("");
    let root = view_in(root, viewer, &liked, &forms);
    Ok((nest(root, &replies, viewer, (&liked, &forms)), more))
}
