//! Revisions (one per save), correction notes and the workflow log of an article.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError};
use serde::Serialize;

/// A revision as the history list shows it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct RevisionSummary {
    pub version: i64,
    pub editor_name: String,
    pub headline: String,
    pub note: String,
    pub created_at: i64,
}

/// A revision's whole text, for diffs and restores.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Revision {
    pub version: i64,
    pub headline: String,
    pub standfirst: String,
    pub body_md: String,
    pub created_at: i64,
}

/// A correction appended to a published article.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Correction {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
}

impl Store {
    /// Revisions of an article, newest first.
    pub async fn list_revisions(
        &self,
        article_id: i64,
    ) -> Result<Vec<RevisionSummary>, StoreError> {
        let sql = "SELECT r.version, COALESCE(u.display_name, '') AS editor_name, r.headline, \
                   r.note, r.created_at FROM revisions r LEFT JOIN users u ON u.id = r.editor_id \
                   WHERE r.article_id = $1 ORDER BY r.version DESC";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, RevisionSummary>(sql)
            .bind(article_id).fetch_all(pool).await)?,
        )
    }

    pub async fn revision(
        &self,
        article_id: i64,
        version: i64,
    ) -> Result<Option<Revision>, StoreError> {
        let sql = "SELECT version, headline, standfirst, body_md, created_at FROM revisions \
                   WHERE article_id = $1 AND version = $2";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Revision>(sql)
            .bind(article_id).bind(version).fetch_optional(pool).await)?)
    }

    /// Appends a correction note and marks the article updated, in one transaction.
    pub async fn add_correction(
        &self,
        article_id: i64,
        editor_id: i64,
        body: &str,
    ) -> Result<(), StoreError> {
        let now = crate::now();
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE articles SET updated_at = $1 WHERE id = $2")
                .bind(now).bind(article_id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("INSERT INTO corrections (article_id, editor_id, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(article_id).bind(editor_id).bind(body).bind(now).execute(&mut *tx).await?;
        });
        Ok(())
    }

    pub async fn corrections(&self, article_id: i64) -> Result<Vec<Correction>, StoreError> {
        let sql = "SELECT id, body, created_at FROM corrections WHERE article_id = $1 ORDER BY id";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Correction>(sql).bind(article_id).fetch_all(pool).await)?,
        )
    }

    /// How many times the workflow log records `action` on an article (e.g. "publish").
    pub async fn count_events(&self, article_id: i64, action: &str) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM article_events WHERE article_id = $1 AND action = $2";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(article_id).bind(action).fetch_one(pool).await)?)
    }
}
