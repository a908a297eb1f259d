//! Comment threads from another platform into one article: parents before replies,
//! original times kept, each comment stored once under its source key.

use super::{ImportReport, plain};
use broadsheet_store::{CommentStatus, NewComment, PostOutcome, Store};
use std::collections::HashMap;

/// A comment as another platform had it.
pub struct Imported {
    /// Unique across imports, e.g. `wxr-101-501` or `disqus-7731`.
    pub key: String,
    pub parent_key: Option<String>,
    pub author: String,
    pub email: String,
    /// HTML or Markdown; rendered and sanitized like any comment.
    pub body: String,
    /// `None` leaves it behind (spam, trash, deleted).
    pub status: Option<CommentStatus>,
    /// Unix seconds; 0 for unknown.
    pub created_at: i64,
}

/// Adds `comments` to `article_id`; replies whose parent stayed behind stay behind too.
pub async fn add(
    store: &Store,
    article_id: i64,
    mut comments: Vec<Imported>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    comments.sort_by_key(|c| c.created_at);
    let mut ours: HashMap<String, i64> = HashMap::new();
    for c in comments {
        let Some(status) = c.status else {
            report.comments_skipped += 1;
            continue;
        };
        if let Some(id) = store.imported_comment(&c.key).await? {
            ours.insert(c.key, id);
            report.comments_already_there += 1;
            continue;
        }
        let parent_id = match &c.parent_key {
            None => None,
            Some(key) => match ours.get(key) {
                Some(id) => Some(*id),
                None => {
                    report.comments_skipped += 1;
                    continue;
                }
            },
        };
        let new = NewComment {
            article_id,
            parent_id,
            author_id: None,
            guest_name: plain(&c.author, 80),
            guest_email: c.email.chars().take(200).collect(),
            body_html: crate::comments::format::render(&c.body),
            body_md: c.body,
            status,
            reasons: "[]".into(),
            nonce: Some(c.key.clone()),
        };
        let at = Some(c.created_at)
            .filter(|t| *t > 0)
            .unwrap_or_else(broadsheet_store::now);
        match store.post_comment_at(&new, at).await? {
            PostOutcome::Created(row) => {
                ours.insert(c.key, row.id);
                report.comments += 1;
            }
            _ => report.comments_skipped += 1,
        }
    }
    Ok(())
}
