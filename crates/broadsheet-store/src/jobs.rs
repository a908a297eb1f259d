//! Background work that must happen once across nodes: publishing scheduled articles,
//! and named leases so only one node runs a periodic job at a time.

use crate::db::in_write_tx;
use crate::editorial::log_event;
use crate::{Store, StoreError};
use broadsheet_domain::ArticleStatus;

impl Store {
    /// Publishes every scheduled article whose time has come and returns their ids. The
    /// conditional UPDATE makes this exactly-once: a concurrent runner (SQLite: queued on
    /// the write lock; PostgreSQL: re-checks the row after the lock) finds nothing left.
    pub async fn publish_due(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        let ids = in_write_tx!(self, tx => {
            let ids: Vec<i64> = sqlx::query_scalar(
                "UPDATE articles SET status = 'published', updated_at = $1, \
                 published_at = COALESCE(published_at, publish_at) \
                 WHERE status = 'scheduled' AND publish_at <= $1 RETURNING id",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            for id in &ids {
                log_event!(tx, *id, None::<i64>, "publish", ArticleStatus::Scheduled, ArticleStatus::Published, now);
            }
            ids
        });
        Ok(ids)
    }

    /// Takes or renews the lease `name` for `holder` until `now + ttl_secs`; false when
    /// another holder's lease is still live.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        ttl_secs: i64,
    ) -> Result<bool, StoreError> {
        let now = crate::now();
        let n = in_write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
                 WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4",
            )
            .bind(name).bind(holder).bind(now + ttl_secs).bind(now)
            .execute(&mut *tx).await?.rows_affected()
        });
        Ok(n == 1)
    }
}
