//! Comments: posting with idempotency, threads, reactions, reports, edits, deletion,
//! and the status changes the moderation desk needs. Each write is one transaction
//! that also keeps the article's visible-comment count in step.

mod bulk;
mod read;
mod reader;

use crate::db::in_write_tx;
use crate::in_tx::audit;
use crate::{Store, StoreError};
pub use broadsheet_domain::CommentStatus;
use serde::Serialize;

pub use read::{AuthorStats, CommentArticle, CommentCursor, CommentSort};
pub use reader::ReaderOnArticle;

/// A comment as stored, with its author's current display name.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub root_id: Option<i64>,
    pub nest_parent_id: Option<i64>,
    pub depth: i64,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub author_deleted: bool,
    pub body_md: String,
    pub body_html: String,
    #[sqlx(try_from = "String")]
    pub status: CommentStatus,
    /// The screener's reasons, JSON.
    pub reasons: String,
    pub like_count: i64,
    pub report_count: i64,
    pub reply_count: i64,
    pub featured: bool,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// A comment to store. The caller has screened and sanitized it.
#[derive(Clone, Debug)]
pub struct NewComment {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: Option<i64>,
    pub guest_name: String,
    pub guest_email: String,
    pub body_md: String,
    pub body_html: String,
    pub status: CommentStatus,
    pub reasons: String,
    /// The form's one-time token: the same one twice makes one comment.
    pub nonce: Option<String>,
}

#[derive(Debug)]
pub enum PostOutcome {
    Created(Box<CommentRow>),
    /// This form was already submitted: the comment it made.
    Duplicate(Box<CommentRow>),
    /// The parent is missing, of another article, or not visible.
    BadParent,
}

/// New text for a comment, screened and sanitized by the caller.
#[derive(Clone, Debug)]
pub struct CommentEdit {
    pub body_md: String,
    pub body_html: String,
    pub status: CommentStatus,
    pub reasons: String,
}

#[derive(Debug)]
pub enum EditOutcome {
    Edited(Box<CommentRow>),
    NotFound,
    /// The edit window has passed, or the comment is no longer the author's to change.
    NotEditable,
}

pub(crate) const SELECT: &str = "SELECT c.id, c.article_id, c.parent_id, c.root_id, c.nest_parent_id, \
    c.depth, c.author_id, COALESCE(u.display_name, c.guest_name) AS author_name, c.author_deleted, \
    c.body_md, c.body_html, c.status, c.reasons, c.like_count, c.report_count, c.reply_count, \
    c.featured, c.created_at, c.edited_at FROM comments c LEFT JOIN users u ON u.id = c.author_id";

/// How a status change moves the article's visible count.
pub(crate) fn visible_delta(old: CommentStatus, new: CommentStatus) -> i64 {
    i64::from(new.is_visible()) - i64::from(old.is_visible())
}

/// A status column read into a tuple (where `#[sqlx(try_from)]` cannot reach).
pub(crate) fn decode_status(s: String) -> Result<CommentStatus, StoreError> {
    CommentStatus::try_from(s).map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))
}

struct Parent {
    article_id: i64,
    status: String,
    depth: i64,
    root_id: Option<i64>,
    nest_parent_id: Option<i64>,
}

/// Where a reply to comment `pid` (at `depth`, in the thread of `root_id`) sits: its
/// depth, its thread's root, and the comment it shows nested under. Three levels show
/// nested; deeper replies sit flat on the third level, beside their parent, under the
/// second-level comment.
fn placement(
    pid: i64,
    depth: i64,
    root_id: Option<i64>,
    nest_parent_id: Option<i64>,
) -> (i64, Option<i64>, Option<i64>) {
    let nest = if depth < 2 {
        pid
    } else {
        nest_parent_id.unwrap_or(pid)
    };
    (depth + 1, Some(root_id.unwrap_or(pid)), Some(nest))
}

/// What a report did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reported {
    /// False when this reader had reported the comment already.
    pub counted: bool,
    /// The article whose comment was hidden for review by this report.
    pub hidden_on: Option<i64>,
}

impl Store {
    /// Stores a new comment or reply in one transaction.
    pub async fn post_comment(&self, new: &NewComment) -> Result<PostOutcome, StoreError> {
        self.post_comment_at(new, crate::now()).await
    }

    /// Like `post_comment`, dated `now` (an import keeps each comment's original time).
    pub async fn post_comment_at(
        &self,
        new: &NewComment,
        now: i64,
    ) -> Result<PostOutcome, StoreError> {
        let by_id = format!("{SELECT} WHERE c.id = $1");
        let by_nonce = format!("{SELECT} WHERE c.author_id = $1 AND c.nonce = $2");
        let outcome = in_write_tx!(self, tx => 'tx: {
            if let (Some(author), Some(nonce)) = (new.author_id, &new.nonce) {
                let seen = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(by_nonce.clone()))
                    .bind(author).bind(nonce).fetch_optional(&mut *tx).await?;
                if let Some(row) = seen {
                    break 'tx PostOutcome::Duplicate(Box::new(row));
                }
            }
            let parent = match new.parent_id {
                None => None,
                Some(pid) => {
                    let p = sqlx::query_as::<_, (i64, String, i64, Option<i64>, Option<i64>)>(
                        "SELECT article_id, status, depth, root_id, nest_parent_id FROM comments WHERE id = $1")
                        .bind(pid).fetch_optional(&mut *tx).await?
                        .map(|(article_id, status, depth, root_id, nest_parent_id)| Parent { article_id, status, depth, root_id, nest_parent_id });
                    match p {
                        Some(p) if p.article_id == new.article_id && decode_status(p.status.clone())?.is_visible() => Some((pid, p)),
                        _ => break 'tx PostOutcome::BadParent,
                    }
                }
            };
            let (depth, root, nest) = match &parent {
                None => (0, None, None),
                Some((pid, p)) => placement(*pid, p.depth, p.root_id, p.nest_parent_id),
            };
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO comments (article_id, parent_id, root_id, nest_parent_id, depth, author_id, \
                 guest_name, guest_email, body_md, body_html, status, reasons, nonce, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) \
                 ON CONFLICT (author_id, nonce) DO NOTHING RETURNING id")
                .bind(new.article_id).bind(new.parent_id).bind(root).bind(nest).bind(depth)
                .bind(new.author_id).bind(&new.guest_name).bind(&new.guest_email)
                .bind(&new.body_md).bind(&new.body_html).bind(new.status.as_str())
                .bind(&new.reasons).bind(&new.nonce).bind(now)
                .fetch_optional(&mut *tx).await?;
            let Some(id) = id else {
                // A concurrent submit of the same form won the race.
                let row = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(by_nonce))
                    .bind(new.author_id).bind(&new.nonce).fetch_one(&mut *tx).await?;
                break 'tx PostOutcome::Duplicate(Box::new(row));
            };
            if let Some(pid) = new.parent_id {
                sqlx::query("UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1")
                    .bind(pid).execute(&mut *tx).await?;
            }
            if new.status == CommentStatus::Visible {
                sqlx::query("UPDATE articles SET comment_count = comment_count + 1 WHERE id = $1")
                    .bind(new.article_id).execute(&mut *tx).await?;
            }
            // The screening decision goes into the moderation audit log with the comment.
            let screened = format!("screened:{}", new.status.as_str());
            audit!(tx, about: (Some(id), new.author_id), None::<i64>, screened, &new.reasons, now);
            PostOutcome::Created(Box::new(sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(by_id)).bind(id).fetch_one(&mut *tx).await?))
        });
        Ok(outcome)
    }

    /// Stores many already-moderated comments in one transaction (imports, seeding).
    /// Replies must come after their parents. Returns the new ids in order.
    pub async fn import_comments(&self, items: &[NewComment]) -> Result<Vec<i64>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let mut ids = Vec::with_capacity(items.len());
            for (n, new) in items.iter().enumerate() {
                let (depth, root, nest) = match new.parent_id {
                    None => (0, None, None),
                    Some(pid) => {
                        let (d, r, np): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
                            "SELECT depth, root_id, nest_parent_id FROM comments WHERE id = $1")
                            .bind(pid).fetch_one(&mut *tx).await?;
                        placement(pid, d, r, np)
                    }
                };
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO comments (article_id, parent_id, root_id, nest_parent_id, depth, author_id, \
                     guest_name, guest_email, body_md, body_html, status, reasons, created_at) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id")
                    .bind(new.article_id).bind(new.parent_id).bind(root).bind(nest).bind(depth)
                    .bind(new.author_id).bind(&new.guest_name).bind(&new.guest_email)
                    .bind(&new.body_md).bind(&new.body_html).bind(new.status.as_str())
                    .bind(&new.reasons).bind(now - (items.len() - n) as i64)
                    .fetch_one(&mut *tx).await?;
                if let Some(pid) = new.parent_id {
                    sqlx::query("UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1")
                        .bind(pid).execute(&mut *tx).await?;
                }
                ids.push(id);
            }
            sqlx::query("UPDATE articles SET comment_count = (SELECT COUNT(*) FROM comments c \
                         WHERE c.article_id = articles.id AND c.status = 'visible') \
                         WHERE id IN (SELECT DISTINCT article_id FROM comments WHERE id >= $1)")
                .bind(ids.first().copied().unwrap_or(i64::MAX)).execute(&mut *tx).await?;
            ids
        }))
    }

    /// Replaces the text of the author's own comment if it is still within
    /// `window_secs` of posting, with the status the new text was screened to.
    pub async fn edit_comment(
        &self,
        id: i64,
        author_id: i64,
        edit: &CommentEdit,
        window_secs: i64,
    ) -> Result<EditOutcome, StoreError> {
        let now = crate::now();
        let by_id = sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1"));
        Ok(in_write_tx!(self, tx => 'tx: {
            let old = sqlx::query_as::<_, (i64, Option<i64>, String, i64)>(
                "SELECT article_id, author_id, status, created_at FROM comments WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((article_id, author, old_status, created_at)) = old else { break 'tx EditOutcome::NotFound };
            if author != Some(author_id) {
                break 'tx EditOutcome::NotFound;
            }
            let old_status = decode_status(old_status)?;
            let editable = matches!(old_status, CommentStatus::Visible | CommentStatus::Pending);
            if !editable || now - created_at > window_secs {
                break 'tx EditOutcome::NotEditable;
            }
            sqlx::query("UPDATE comments SET body_md = $1, body_html = $2, status = $3, reasons = $4, edited_at = $5 WHERE id = $6")
                .bind(&edit.body_md).bind(&edit.body_html).bind(edit.status.as_str()).bind(&edit.reasons).bind(now).bind(id)
                .execute(&mut *tx).await?;
            let delta = visible_delta(old_status, edit.status);
            if delta != 0 {
                sqlx::query("UPDATE articles SET comment_count = comment_count + $1 WHERE id = $2")
                    .bind(delta).bind(article_id).execute(&mut *tx).await?;
            }
            EditOutcome::Edited(Box::new(sqlx::query_as::<_, CommentRow>(by_id).bind(id).fetch_one(&mut *tx).await?))
        }))
    }

    /// Sets a comment's status (the author deleting it, or a moderator's decision). A
    /// deleted comment's text is cleared. Returns the status it had, `None` if missing.
    pub async fn set_comment_status(
        &self,
        id: i64,
        status: CommentStatus,
    ) -> Result<Option<CommentStatus>, StoreError> {
        Ok(in_write_tx!(self, tx => 'tx: {
            let old = sqlx::query_as::<_, (i64, String)>("SELECT article_id, status FROM comments WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let Some((article_id, old_status)) = old else { break 'tx None };
            let old_status = decode_status(old_status)?;
            let clear = status == CommentStatus::DeletedByAuthor;
            sqlx::query("UPDATE comments SET status = $1, \
                         body_md = CASE WHEN $2 THEN '' ELSE body_md END, \
                         body_html = CASE WHEN $2 THEN '' ELSE body_html END WHERE id = $3")
                .bind(status.as_str()).bind(clear).bind(id)
                .execute(&mut *tx).await?;
            let delta = visible_delta(old_status, status);
            if delta != 0 {
                sqlx::query("UPDATE articles SET comment_count = comment_count + $1 WHERE id = $2")
                    .bind(delta).bind(article_id).execute(&mut *tx).await?;
            }
            Some(old_status)
        }))
    }

    /// An editor's pick, shown in the featured strip.
    pub async fn set_comment_featured(&self, id: i64, featured: bool) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE comments SET featured = $1 WHERE id = $2")
                .bind(featured).bind(id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Adds a reaction; false when this reader had already reacted so.
    pub async fn add_reaction(
        &self,
        comment_id: i64,
        user_id: i64,
        kind: &str,
    ) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let added = sqlx::query("INSERT INTO comment_reactions (comment_id, user_id, kind, created_at) \
                                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(comment_id).bind(user_id).bind(kind).bind(crate::now())
                .execute(&mut *tx).await?.rows_affected() == 1;
            if added && kind == "like" {
                sqlx::query("UPDATE comments SET like_count = like_count + 1 WHERE id = $1")
                    .bind(comment_id).execute(&mut *tx).await?;
            }
            added
        }))
    }

    /// Takes a reaction back; false when there was none.
    pub async fn remove_reaction(
        &self,
        comment_id: i64,
        user_id: i64,
        kind: &str,
    ) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let removed = sqlx::query("DELETE FROM comment_reactions WHERE comment_id = $1 AND user_id = $2 AND kind = $3")
                .bind(comment_id).bind(user_id).bind(kind)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if removed && kind == "like" {
                sqlx::query("UPDATE comments SET like_count = like_count - 1 WHERE id = $1")
                    .bind(comment_id).execute(&mut *tx).await?;
            }
            removed
        }))
    }

    /// Records `user_id`'s report (once per reader) with its `weight`, and hides the
    /// comment for review when the reports' weight reaches `hide_at`, writing the audit
    /// row in the same transaction: two simultaneous reports cannot both hide it.
    pub async fn report_comment(
        &self,
        comment_id: i64,
        user_id: i64,
        reason: &str,
        detail: &str,
        weight: i64,
        hide_at: i64,
    ) -> Result<Reported, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => 'tx: {
            let added = sqlx::query("INSERT INTO comment_reports (comment_id, user_id, reason, detail, created_at, weight) \
                                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .bind(comment_id).bind(user_id).bind(reason).bind(detail).bind(now).bind(weight)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if !added {
                break 'tx Reported::default();
            }
            let author: Option<i64> = sqlx::query_scalar(
                "UPDATE comments SET report_count = report_count + 1, report_weight = report_weight + $2 \
                 WHERE id = $1 RETURNING author_id")
                .bind(comment_id).bind(weight).fetch_one(&mut *tx).await?;
            // Every report is on the record, with who made it and why.
            let why = if detail.trim().is_empty() { reason.to_string() } else { format!("{reason}: {}", detail.trim()) };
            audit!(tx, about: (Some(comment_id), author), user_id, "reported", why, now);
            let hidden = sqlx::query_as::<_, (i64, Option<i64>, i64)>(
                "UPDATE comments SET status = 'pending' WHERE id = $1 AND status = 'visible' \
                 AND report_weight >= $2 RETURNING article_id, author_id, report_count")
                .bind(comment_id).bind(hide_at).fetch_optional(&mut *tx).await?;
            let Some((article_id, author_id, count)) = hidden else {
                break 'tx Reported { counted: true, hidden_on: None };
            };
            sqlx::query("UPDATE articles SET comment_count = comment_count - 1 WHERE id = $1")
                .bind(article_id).execute(&mut *tx).await?;
            let why = format!("{count} reports");
            audit!(tx, about: (Some(comment_id), author_id), None::<i64>, "hidden:reports", why, now);
            Reported { counted: true, hidden_on: Some(article_id) }
        }))
    }
}
