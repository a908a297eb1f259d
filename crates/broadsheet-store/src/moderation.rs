//! The moderation desk's store: queues with filters, decisions on comments and on
//! commenters, and the audit log every decision writes in the same transaction.

use crate::comments::{CommentRow, CommentStatus, decode_status, visible_delta};
use crate::db::{in_write_tx, with_pool};
use crate::in_tx::audit;
use crate::{Store, StoreError};
use broadsheet_domain::moderation::{CommentAction, Standing};
use serde::Serialize;

/// Which queue, and how to narrow it.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// `pending`, `rejected`, `visible` (approved), or `reported`.
    pub queue: String,
    pub section_id: Option<i64>,
    pub article_id: Option<i64>,
    pub author_id: Option<i64>,
    pub newest_first: bool,
    /// Continue after this comment id (keyset paging).
    pub after_id: Option<i64>,
    pub limit: i64,
}

/// A queue entry: the comment with where it was posted.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct QueueItem {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub comment: CommentRow,
    pub article_headline: String,
    pub article_path: String,
}

/// One line of the audit log.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct LogEntry {
    pub id: i64,
    pub comment_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    /// The display name of the person the entry is about (a comment's author).
    pub subject_name: Option<String>,
    pub action: String,
    pub reason: String,
    pub created_at: i64,
}

/// One reader's report on a comment, as the desk shows it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ReportNote {
    pub reason: String,
    pub detail: String,
    pub reporter_name: Option<String>,
    pub created_at: i64,
}

/// What became of a moderator's decision on a comment.
#[derive(Debug, PartialEq, Eq)]
pub enum Decided {
    Done {
        old_status: CommentStatus,
        article_id: i64,
    },
    NotFound,
    /// The action does not apply to a comment in this status (e.g. approving twice).
    NotApplicable(CommentStatus),
}

/// A decision about a commenter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandingChange {
    Ban,
    Unban,
    Suspend { until: i64 },
    Trust,
    Untrust,
}

impl StandingChange {
    fn action(self) -> &'static str {
        match self {
            StandingChange::Ban => "ban",
            StandingChange::Unban => "unban",
            StandingChange::Suspend { .. } => "suspend",
            StandingChange::Trust => "trust",
            StandingChange::Untrust => "untrust",
        }
    }
}

const QUEUE_SELECT: &str = "SELECT c.id, c.article_id, c.parent_id, c.root_id, c.nest_parent_id, \
    c.depth, c.author_id, COALESCE(u.display_name, c.guest_name) AS author_name, c.author_deleted, \
    c.body_md, c.body_html, c.status, c.reasons, c.like_count, c.report_count, c.reply_count, \
    c.featured, c.created_at, c.edited_at, a.headline AS article_headline, \
    '/' || s.slug || '/' || a.slug AS article_path \
    FROM comments c LEFT JOIN users u ON u.id = c.author_id \
    JOIN articles a ON a.id = c.article_id JOIN sections s ON s.id = a.section_id";

impl Store {
    /// A page of a moderation queue.
    pub async fn moderation_queue(&self, f: &QueueFilter) -> Result<Vec<QueueItem>, StoreError> {
        let (status, reported) = match f.queue.as_str() {
            "reported" => (CommentStatus::Visible, true),
            "rejected" => (CommentStatus::Rejected, false),
            "approved" | "visible" => (CommentStatus::Visible, false),
            _ => (CommentStatus::Pending, false),
        };
        let (order, cmp) = if f.newest_first {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        let after = f
            .after_id
            .unwrap_or(if f.newest_first { i64::MAX } else { 0 });
        let sql = sqlx::AssertSqlSafe(format!(
            "{QUEUE_SELECT} WHERE c.status = $1 AND ($2 = FALSE OR c.report_count > 0) \
             AND ($3 IS NULL OR a.section_id = $3) AND ($4 IS NULL OR c.article_id = $4) \
             AND ($5 IS NULL OR c.author_id = $5) AND c.id {cmp} $6 ORDER BY c.id {order} LIMIT $7"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, QueueItem>(sql)
            .bind(status.as_str()).bind(reported).bind(f.section_id).bind(f.article_id).bind(f.author_id)
            .bind(after).bind(f.limit.clamp(1, 200))
            .fetch_all(pool).await)?)
    }

    /// Counts of the pending and reported queues, for the desk's live badge.
    pub async fn queue_counts(&self) -> Result<(i64, i64), StoreError> {
        let sql = "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN status = 'visible' AND report_count > 0 THEN 1 ELSE 0 END), 0) \
                   FROM comments WHERE status = 'pending' OR report_count > 0";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, (i64, i64)>(sql).fetch_one(pool).await)?)
    }

    /// Applies a moderator's action to a comment and logs it, in one transaction.
    pub async fn moderate_comment(
        &self,
        comment_id: i64,
        action: CommentAction,
        actor_id: i64,
        reason: &str,
    ) -> Result<Decided, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => 'tx: {
            let row = sqlx::query_as::<_, (i64, String, Option<i64>)>("SELECT article_id, status, author_id FROM comments WHERE id = $1")
                .bind(comment_id).fetch_optional(&mut *tx).await?;
            let Some((article_id, old, author_id)) = row else { break 'tx Decided::NotFound };
            let old = decode_status(old)?;
            if !action.applies_to(old) {
                break 'tx Decided::NotApplicable(old);
            }
            if let Some(new) = action.new_status() {
                // Approving clears reports; the comment has been looked at.
                sqlx::query("UPDATE comments SET status = $1, report_count = CASE WHEN $1 = 'visible' THEN 0 ELSE report_count END, \
                             report_weight = CASE WHEN $1 = 'visible' THEN 0 ELSE report_weight END WHERE id = $2")
                    .bind(new.as_str()).bind(comment_id).execute(&mut *tx).await?;
                let delta = visible_delta(old, new);
                if delta != 0 {
                    sqlx::query("UPDATE articles SET comment_count = comment_count + $1 WHERE id = $2")
                        .bind(delta).bind(article_id).execute(&mut *tx).await?;
                }
            } else {
                sqlx::query("UPDATE comments SET featured = $1 WHERE id = $2")
                    .bind(action == CommentAction::Feature).bind(comment_id).execute(&mut *tx).await?;
            }
            audit!(tx, about: (Some(comment_id), author_id), actor_id, action.as_str(), reason, now);
            Decided::Done { old_status: old, article_id }
        }))
    }

    /// Bans, suspends or trusts a commenter, and logs it, in one transaction.
    pub async fn change_standing(
        &self,
        user_id: i64,
        change: StandingChange,
        actor_id: i64,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let (set, value): (&str, Option<i64>) = match change {
            StandingChange::Ban => ("banned = TRUE", None),
            StandingChange::Unban => ("banned = FALSE, suspended_until = NULL", None),
            StandingChange::Suspend { until } => ("suspended_until = $2", Some(until)),
            StandingChange::Trust => ("trusted = TRUE", None),
            StandingChange::Untrust => ("trusted = FALSE", None),
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE users SET {set} WHERE id = $1 AND ($2 IS NULL OR $2 = $2)"
        ));
        let now = crate::now();
        Ok(in_write_tx!(self, tx => 'tx: {
            let done = sqlx::query(sql).bind(user_id).bind(value).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                break 'tx false;
            }
            audit!(tx, about: (None::<i64>, Some(user_id)), actor_id, change.action(), reason, now);
            true
        }))
    }

    /// A commenter's standing, with their count of approved comments.
    pub async fn standing(&self, user_id: i64) -> Result<Standing, StoreError> {
        // COALESCE: SQLite 3.51, without statistics, answered `c.status = 'visible'` from
        // the status index (every visible comment of the site, 100-170 ms at a million)
        // instead of the author's own comments; an expression cannot use that index.
        let sql = "SELECT u.banned, u.suspended_until, u.trusted, \
                   (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id \
                    AND COALESCE(c.status, '') = 'visible') \
                   FROM users u WHERE u.id = $1";
        let row = with_pool!(self, pool => sqlx::query_as::<_, (bool, Option<i64>, bool, i64)>(sql)
            .bind(user_id).fetch_optional(pool).await)?;
        Ok(row
            .map(
                |(banned, suspended_until, trusted, approved_comments)| Standing {
                    banned,
                    suspended_until,
                    trusted,
                    approved_comments,
                },
            )
            .unwrap_or_default())
    }

    /// Records an automatic decision (the screener's) about a comment.
    pub async fn log_automatic(
        &self,
        comment_id: i64,
        subject_id: Option<i64>,
        action: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO moderation_log (comment_id, subject_id, actor_id, action, reason, created_at) VALUES ($1, $2, NULL, $3, $4, $5)";
        with_pool!(self, pool => sqlx::query(sql).bind(comment_id).bind(subject_id).bind(action).bind(reason).bind(crate::now()).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The audit log, newest first, optionally about one comment or one user.
    pub async fn moderation_log(
        &self,
        comment_id: Option<i64>,
        subject_id: Option<i64>,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<LogEntry>, StoreError> {
        let sql = "SELECT l.id, l.comment_id, l.subject_id, l.actor_id, u.display_name AS actor_name, \
                   s.display_name AS subject_name, l.action, l.reason, l.created_at \
                   FROM moderation_log l LEFT JOIN users u ON u.id = l.actor_id LEFT JOIN users s ON s.id = l.subject_id \
                   WHERE ($1 IS NULL OR l.comment_id = $1) AND ($2 IS NULL OR l.subject_id = $2) AND l.id < $3 \
                   ORDER BY l.id DESC LIMIT $4";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, LogEntry>(sql)
            .bind(comment_id).bind(subject_id).bind(before_id.unwrap_or(i64::MAX)).bind(limit.clamp(1, 10_000))
            .fetch_all(pool).await)?)
    }

    /// The reports on a comment, newest first (at most 20: the desk shows the gist).
    pub async fn reports_of(&self, comment_id: i64) -> Result<Vec<ReportNote>, StoreError> {
        let sql = "SELECT r.reason, r.detail, u.display_name AS reporter_name, r.created_at \
                   FROM comment_reports r LEFT JOIN users u ON u.id = r.user_id \
                   WHERE r.comment_id = $1 ORDER BY r.created_at DESC, r.user_id LIMIT 20";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, ReportNote>(sql)
            .bind(comment_id).fetch_all(pool).await)?,
        )
    }
}
