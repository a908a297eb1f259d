//! Site settings: a small key–value table.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError};

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await)?,
        )
    }

    /// Every setting, for a node's in-memory copy (one query instead of one per key).
    pub async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, (String, String)>("SELECT key, value FROM settings ORDER BY key")
            .fetch_all(pool)
            .await)?,
        )
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        with_pool!(self, pool => sqlx::query(sql).bind(key).bind(value).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Sets several settings in one transaction: a form saved together lands together.
    pub async fn set_settings(&self, pairs: &[(String, String)]) -> Result<(), StoreError> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        in_write_tx!(self, tx => {
            for (key, value) in pairs {
                sqlx::query(sql).bind(key).bind(value).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Sets `key` only if it is absent; true when this call set it. Lets exactly one of
    /// several starting nodes perform first-start work.
    pub async fn claim_setting(&self, key: &str, value: &str) -> Result<bool, StoreError> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
        let done = with_pool!(self, pool => sqlx::query(sql).bind(key).bind(value).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }
}
