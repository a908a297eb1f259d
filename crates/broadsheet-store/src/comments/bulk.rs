//! Many comments at once, for the reader benchmark's large runs (`bench_seed`): a few
//! statements per article and one transaction for many articles, instead of one
//! transaction per comment.

use crate::db::in_write_tx;
use crate::{Store, StoreError};

impl Store {
    /// For each (article id, count) of `articles`, in one transaction: adds `count`
    /// visible top-level guest comments, one a minute from `first_at`, every
    /// `reply_every`-th of them answered by one reply (0: none), and brings the
    /// article's comment count up to date. Nothing is screened or announced.
    pub async fn bulk_comments(
        &self,
        articles: &[(i64, i64)],
        reply_every: i64,
        first_at: i64,
    ) -> Result<(), StoreError> {
        let tops = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
            INSERT INTO comments (article_id, guest_name, body_md, body_html, status, created_at) \
            SELECT $1, 'Bench reader', 'Comment ' || i || ' on the harbour ferry.', \
            '<p>Comment ' || i || ' on the harbour ferry.</p>', 'visible', $3 + 60 * i FROM n";
        let replies = "INSERT INTO comments (article_id, parent_id, root_id, nest_parent_id, depth, \
            guest_name, body_md, body_html, status, created_at) \
            SELECT c.article_id, c.id, c.id, c.id, 1, 'Bench replier', 'A reply.', '<p>A reply.</p>', \
            'visible', c.created_at + 30 FROM comments c \
            WHERE c.article_id = $1 AND c.depth = 0 AND $2 > 0 AND c.id % $2 = 0";
        let counts = "UPDATE comments SET reply_count = 1 WHERE article_id = $1 AND depth = 0 \
            AND $2 > 0 AND id % $2 = 0";
        let total = "UPDATE articles SET comment_count = \
            (SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'visible') WHERE id = $1";
        in_write_tx!(self, tx => {
            for &(article_id, count) in articles.iter().filter(|(_, count)| *count > 0) {
                sqlx::query(tops).bind(article_id).bind(count).bind(first_at).execute(&mut *tx).await?;
                sqlx::query(replies).bind(article_id).bind(reply_every).execute(&mut *tx).await?;
                sqlx::query(counts).bind(article_id).bind(reply_every).execute(&mut *tx).await?;
                sqlx::query(total).bind(article_id).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }
}
