//! Uploaded images: one row per upload, the files themselves live in media storage.

use crate::db::with_pool;
use crate::{Store, StoreError};
use serde::Serialize;

/// An upload to record once its files are stored.
#[derive(Clone, Debug, Default)]
pub struct NewMedia {
    pub key: String,
    pub uploader_id: i64,
    pub original_name: String,
    pub format: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    /// Space-separated widths that have variants, e.g. "320 640".
    pub variants: String,
    pub alt: String,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct MediaRecord {
    pub id: i64,
    pub key: String,
    pub original_name: String,
    pub format: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub variants: String,
    pub alt: String,
    pub created_at: i64,
}

const MEDIA_COLUMNS: &str =
    "id, key, original_name, format, width, height, bytes, variants, alt, created_at";

impl Store {
    pub async fn record_media(&self, m: &NewMedia) -> Result<MediaRecord, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "INSERT INTO media (key, uploader_id, original_name, format, width, height, bytes, \
             variants, alt, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING {MEDIA_COLUMNS}"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, MediaRecord>(sql)
            .bind(&m.key).bind(m.uploader_id).bind(&m.original_name).bind(&m.format)
            .bind(m.width).bind(m.height).bind(m.bytes).bind(&m.variants).bind(&m.alt)
            .bind(crate::now()).fetch_one(pool).await)?,
        )
    }

    /// The newest uploads first.
    pub async fn list_media(&self, limit: i64) -> Result<Vec<MediaRecord>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLUMNS} FROM media ORDER BY id DESC LIMIT $1"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, MediaRecord>(sql)
            .bind(limit.clamp(1, 200)).fetch_all(pool).await)?,
        )
    }

    /// Every upload's key, oldest first (for backups, which copy their files).
    pub async fn media_keys(&self) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT key FROM media ORDER BY id";
        Ok(with_pool!(self, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?)
    }

    /// Forgets an upload; answers whether there was one (its files are the caller's).
    pub async fn delete_media(&self, key: &str) -> Result<bool, StoreError> {
        let sql = "DELETE FROM media WHERE key = $1";
        let done = with_pool!(self, pool => sqlx::query(sql).bind(key).execute(pool).await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn media_by_key(&self, key: &str) -> Result<Option<MediaRecord>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {MEDIA_COLUMNS} FROM media WHERE key = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, MediaRecord>(sql).bind(key).fetch_optional(pool).await)?,
        )
    }

    /// The uploads with these keys (unknown keys are left out), for pages that show many.
    pub async fn media_by_keys(&self, keys: &[&str]) -> Result<Vec<MediaRecord>, StoreError> {
        let keys = &keys[..keys.len().min(200)];
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLUMNS} FROM media WHERE key IN ({})",
            crate::db::placeholders(1, keys.len())
        ));
        with_pool!(self, pool => {
            let mut q = sqlx::query_as::<_, MediaRecord>(sql);
            for key in keys {
                q = q.bind(*key);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }
}
