//! What one signed-in reader has in an article's comment section beyond what everyone
//! sees: their likes, their own held comments, and whether they must verify their
//! address. One query, so the public rows of a section can be shared between readers.

use crate::db::with_pool;
use crate::{Store, StoreError};

/// One reader's own marks on one article's comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderOnArticle {
    /// Comments of the article the reader has liked.
    pub liked: Vec<i64>,
    /// The reader has comments on the article that only they see (pending, rejected).
    pub has_held: bool,
    /// The reader must verify their address before posting.
    pub unverified: bool,
}

/// Each row names one fact: a liked comment, an own held comment, or "unverified".
/// `+c.article_id` keeps SQLite off the article's index: scanning a 20,000-comment
/// article for one reader's marks cost more than the page; from the reader's likes and
/// comments (their own indexes) it costs what the reader has done.
const SQL: &str = "\
    SELECT 'liked' AS what, r.comment_id AS id FROM comment_reactions r \
      JOIN comments c ON c.id = r.comment_id \
      WHERE r.user_id = $1 AND r.kind = 'like' AND +c.article_id = $2 \
    UNION ALL \
    SELECT 'held', c.id FROM comments c \
      WHERE c.author_id = $1 AND +c.article_id = $2 AND c.status IN ('pending', 'rejected') \
    UNION ALL \
    SELECT 'unverified', u.id FROM users u WHERE u.id = $1 AND u.unverified";

impl Store {
    /// `user_id`'s own marks on the comments of `article_id`.
    pub async fn reader_on_article(
        &self,
        user_id: i64,
        article_id: i64,
    ) -> Result<ReaderOnArticle, StoreError> {
        // Read on every signed-in article page: on SQLite, on the calling thread
        // (`direct`, decision 0046).
        let rows = match self.direct() {
            Some(direct) => direct.run(|conn| {
                let mut statement = conn.prepare_cached(SQL)?;
                let rows = statement.query_map((user_id, article_id), |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })?,
            None => with_pool!(self, pool => sqlx::query_as::<_, (String, i64)>(SQL)
                .bind(user_id).bind(article_id)
                .fetch_all(pool).await)?,
        };
        let mut marks = ReaderOnArticle::default();
        for (what, id) in rows {
            match what.as_str() {
                "liked" => marks.liked.push(id),
                "held" => marks.has_held = true,
                _ => marks.unverified = true,
            }
        }
        Ok(marks)
    }
}
