//! Reading comments: keyset pages of an article's thread, replies, history, queues.

use super::{CommentRow, SELECT};
use crate::db::{placeholders, with_pool};
use crate::{Store, StoreError};
use serde::Serialize;

/// The order of top-level comments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentSort {
    #[default]
    Newest,
    Oldest,
    Liked,
}

impl CommentSort {
    pub fn parse(s: &str) -> Option<CommentSort> {
        match s {
            "newest" => Some(CommentSort::Newest),
            "oldest" => Some(CommentSort::Oldest),
            "liked" => Some(CommentSort::Liked),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CommentSort::Newest => "newest",
            CommentSort::Oldest => "oldest",
            CommentSort::Liked => "liked",
        }
    }
}

/// Where a page continues: after the comment with these likes and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentCursor {
    pub likes: i64,
    pub id: i64,
}

impl CommentCursor {
    pub fn of(row: &CommentRow) -> CommentCursor {
        CommentCursor {
            likes: row.like_count,
            id: row.id,
        }
    }

    /// The opaque text form used in URLs: `likes.id`.
    pub fn encode(self) -> String {
        format!("{}.{}", self.likes, self.id)
    }

    pub fn decode(s: &str) -> Option<CommentCursor> {
        let (likes, id) = s.split_once('.')?;
        Some(CommentCursor {
            likes: likes.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// What the comment forms need to know about an article.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct CommentArticle {
    pub id: i64,
    pub slug: String,
    pub section_slug: String,
    pub headline: String,
    pub language: String,
    pub comments_open: bool,
    pub published_at: Option<i64>,
    pub comment_count: i64,
}

impl CommentArticle {
    pub fn url(&self) -> String {
        format!("/{}/{}", self.section_slug, self.slug)
    }
}

/// What the screener is told about an author's record.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthorStats {
    pub approved: i64,
    pub recent_rejected: i64,
    pub recent_total: i64,
    pub duplicate: bool,
}

/// Shown to everyone: visible comments, and placeholders for taken-down ones that
/// others replied to. Shown to their author only: pending and rejected ones.
const VISIBLE_TO: &str = "(c.status = 'visible' \
    OR (c.status IN ('deleted_by_author', 'removed') AND c.reply_count > 0) \
    OR (c.author_id = $2 AND c.status IN ('pending', 'rejected')))";

/// Ids a fixed-text `IN (…)` list takes at once.
const IN_CHUNK: usize = 32;

/// A chunk of ids padded to [`IN_CHUNK`] by repeating its last one (a repeated id in an
/// `IN` list matches nothing more).
fn padded(chunk: &[i64]) -> impl Iterator<Item = i64> + '_ {
    let last = chunk.last().copied().unwrap_or(0);
    chunk
        .iter()
        .copied()
        .chain(std::iter::repeat(last))
        .take(IN_CHUNK)
}

impl Store {
    /// One page of an article's top-level comments for `viewer` (keyset paging: each
    /// page costs the same however long the thread).
    pub async fn top_comments(
        &self,
        article_id: i64,
        viewer: Option<i64>,
        sort: CommentSort,
        after: Option<CommentCursor>,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let (keyset, order) = match sort {
            CommentSort::Newest => ("c.id < $4", "c.id DESC"),
            CommentSort::Oldest => ("c.id > $4", "c.id ASC"),
            CommentSort::Liked => (
                "(c.like_count, c.id) < ($3, $4)",
                "c.like_count DESC, c.id DESC",
            ),
        };
        let start = match sort {
            CommentSort::Oldest => CommentCursor {
                likes: i64::MIN,
                id: 0,
            },
            _ => CommentCursor {
                likes: i64::MAX,
                id: i64::MAX,
            },
        };
        let c = after.unwrap_or(start);
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.article_id = $1 AND c.depth = 0 AND {VISIBLE_TO} AND CAST($3 AS BIGINT) IS NOT NULL AND {keyset} \
             ORDER BY {order} LIMIT $5"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(article_id).bind(viewer).bind(c.likes).bind(c.id).bind(limit.clamp(1, 200))
            .fetch_all(pool).await)?,
        )
    }

    /// Replies in a thread (under top-level comment `root_id`), oldest first.
    pub async fn thread_replies(
        &self,
        root_id: i64,
        viewer: Option<i64>,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.root_id = $1 AND {VISIBLE_TO} AND c.id > $3 ORDER BY c.id LIMIT $4"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(root_id).bind(viewer).bind(after_id).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?,
        )
    }

    /// The first `per_thread` replies (oldest first) of each thread under `roots`, for
    /// viewer: what [`Store::thread_replies`] gives per thread, in one query per
    /// [`IN_CHUNK`] threads (a page of comments is one), ordered by thread then id.
    pub async fn replies_of_threads(
        &self,
        roots: &[i64],
        viewer: Option<i64>,
        per_thread: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        // The statement's text is the same for every page (padded to a fixed number of
        // ids), so each connection prepares it once; it is written once per process.
        // One level, numbered in place: the earlier join of numbered ids back to
        // `comments` took SQLite 170 ms a page at a million comments (the benchmark's
        // 100,000-article run). The status is read through COALESCE (never NULL: same
        // result) so that the planner cannot answer the visibility test's OR from the
        // status and author indexes, which reads every visible comment of the site; it
        // must use the thread index on root_id.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let numbered = SELECT.replacen(
                " FROM comments c",
                ", ROW_NUMBER() OVER (PARTITION BY c.root_id ORDER BY c.id) AS n FROM comments c",
                1,
            );
            let visible = VISIBLE_TO.replace(
                "(c.status = 'visible'",
                "(COALESCE(c.status, '') = 'visible'",
            );
            format!(
                "SELECT * FROM ({numbered} WHERE c.root_id IN ({}) AND {visible}) r \
                 WHERE r.n <= $1 ORDER BY r.root_id, r.id",
                placeholders(3, IN_CHUNK)
            )
        });
        let sql: &'static str = SQL.as_str();
        let mut out = Vec::new();
        for chunk in roots.chunks(IN_CHUNK) {
            let rows = with_pool!(self, pool => {
                let mut q = sqlx::query_as::<_, CommentRow>(sql)
                    .bind(per_thread.clamp(1, 500))
                    .bind(viewer);
                for id in padded(chunk) {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn comment(&self, id: i64) -> Result<Option<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(id).fetch_optional(pool).await)?,
        )
    }

    /// An article's visible comments after `after_id`, oldest first: what a live stream
    /// that reconnects missed.
    pub async fn visible_comments_after(
        &self,
        article_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.article_id = $1 AND c.status = 'visible' AND c.id > $2 \
             ORDER BY c.id LIMIT $3"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(article_id).bind(after_id).bind(limit.clamp(1, 500)).fetch_all(pool).await)?,
        )
    }

    /// The comment an author's form (by its one-time token) already made, if any.
    pub async fn comment_by_nonce(
        &self,
        author_id: i64,
        nonce: &str,
    ) -> Result<Option<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.author_id = $1 AND c.nonce = $2"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(author_id).bind(nonce).fetch_optional(pool).await)?,
        )
    }

    /// The comment an import stored under `nonce` (a guest comment from another
    /// platform, keyed by its id there), so a second import skips it.
    pub async fn imported_comment(&self, nonce: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM comments WHERE author_id IS NULL AND nonce = $1";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(nonce).fetch_optional(pool).await)?)
    }

    /// Editors' picks on an article, newest first.
    pub async fn featured_comments(
        &self,
        article_id: i64,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.article_id = $1 AND c.featured = TRUE AND c.status = 'visible' \
             ORDER BY c.id DESC LIMIT $2"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(article_id).bind(limit.clamp(1, 20)).fetch_all(pool).await)?,
        )
    }

    /// A reader's comments, newest first: all of them for the reader, visible ones for others.
    pub async fn comments_by_author(
        &self,
        author_id: i64,
        include_hidden: bool,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.author_id = $1 AND ($2 OR c.status = 'visible') AND c.id < $3 \
             ORDER BY c.id DESC LIMIT $4"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(author_id).bind(include_hidden).bind(before_id.unwrap_or(i64::MAX)).bind(limit.clamp(1, 200))
            .fetch_all(pool).await)?,
        )
    }

    /// A moderation queue: comments in one status, oldest first, after `after_id`.
    pub async fn comments_by_status(
        &self,
        status: super::CommentStatus,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.status = $1 AND c.id > $2 ORDER BY c.id LIMIT $3"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(status.as_str()).bind(after_id).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?,
        )
    }

    /// Visible comments reported at least once, most reported first.
    pub async fn reported_comments(&self, limit: i64) -> Result<Vec<CommentRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.report_count > 0 AND c.status = 'visible' \
             ORDER BY c.report_count DESC, c.id LIMIT $1"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentRow>(sql)
            .bind(limit.clamp(1, 500)).fetch_all(pool).await)?,
        )
    }

    /// The ids among `ids` that `user_id` has reacted to with `kind`.
    pub async fn reacted(
        &self,
        user_id: i64,
        kind: &str,
        ids: &[i64],
    ) -> Result<Vec<i64>, StoreError> {
        // One statement text for any list (see `padded`), prepared once per connection
        // and written once per process.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "SELECT comment_id FROM comment_reactions WHERE user_id = $1 AND kind = $2 \
                 AND comment_id IN ({})",
                placeholders(3, IN_CHUNK)
            )
        });
        let sql: &'static str = SQL.as_str();
        let mut out = Vec::new();
        for chunk in ids.chunks(IN_CHUNK) {
            let rows = with_pool!(self, pool => {
                let mut q = sqlx::query_scalar::<_, i64>(sql).bind(user_id).bind(kind);
                for id in padded(chunk) {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// A published article's comment settings and address.
    pub async fn comment_article(
        &self,
        article_id: i64,
    ) -> Result<Option<CommentArticle>, StoreError> {
        let sql = "SELECT a.id, a.slug, s.slug AS section_slug, a.headline, a.language, a.comments_open, \
                   a.published_at, a.comment_count FROM articles a JOIN sections s ON s.id = a.section_id \
                   WHERE a.id = $1 AND a.status = 'published'";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, CommentArticle>(sql)
            .bind(article_id).fetch_optional(pool).await)?,
        )
    }

    /// Visible-comment counts of several articles, as (article id, count).
    pub async fn comment_counts(&self, article_ids: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = article_ids.iter().map(i64::to_string).collect();
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT id, comment_count FROM articles WHERE id IN ({})",
            list.join(",")
        ));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, (i64, i64)>(sql).fetch_all(pool).await)?)
    }

    /// What the screener weighs about an author: approvals, recent rejections (last
    /// 30 days) and whether `body_md` repeats one of their comments of the last hour.
    pub async fn author_stats(
        &self,
        author_id: i64,
        body_md: &str,
    ) -> Result<AuthorStats, StoreError> {
        let now = crate::now();
        let sql = "SELECT \
            COALESCE(SUM(CASE WHEN status = 'visible' THEN 1 ELSE 0 END), 0), \
            COALESCE(SUM(CASE WHEN status IN ('rejected', 'removed') AND created_at > $2 THEN 1 ELSE 0 END), 0), \
            COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0), \
            COALESCE(SUM(CASE WHEN body_md = $3 AND created_at > $4 THEN 1 ELSE 0 END), 0) \
            FROM comments WHERE author_id = $1";
        let (approved, rejected, total, dup): (i64, i64, i64, i64) = with_pool!(self, pool => sqlx::query_as(sql)
            .bind(author_id).bind(now - 30 * 86400).bind(body_md).bind(now - 3600)
            .fetch_one(pool).await)?;
        Ok(AuthorStats {
            approved,
            recent_rejected: rejected,
            recent_total: total,
            duplicate: dup > 0,
        })
    }
}
