//! Sections and tags as the newsroom manages them.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError, Tag};

impl Store {
    /// Renames or redescribes a section (its slug stays: it is part of article URLs).
    pub async fn update_section(
        &self,
        id: i64,
        name: &str,
        name_tr: &str,
        description: &str,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE sections SET name = $1, name_tr = $2, description = $3 WHERE id = $4";
        let n = with_pool!(self, pool => sqlx::query(sql).bind(name).bind(name_tr).bind(description)
            .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn list_tags(&self) -> Result<Vec<Tag>, StoreError> {
        let sql = "SELECT id, slug, name FROM tags ORDER BY name, id";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Tag>(sql).fetch_all(pool).await)?)
    }

    pub async fn create_tag(&self, slug: &str, name: &str) -> Result<Tag, StoreError> {
        let sql = "INSERT INTO tags (slug, name) VALUES ($1, $2) RETURNING id, slug, name";
        with_pool!(self, pool => sqlx::query_as::<_, Tag>(sql).bind(slug).bind(name).fetch_one(pool).await)
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Conflict(format!("a tag with slug {slug}")),
                other => other,
            })
    }

    pub async fn rename_tag(&self, id: i64, name: &str) -> Result<(), StoreError> {
        let n = with_pool!(self, pool => sqlx::query("UPDATE tags SET name = $1 WHERE id = $2")
            .bind(name).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Removes a tag from every article and deletes it.
    pub async fn delete_tag(&self, id: i64) -> Result<(), StoreError> {
        let n = in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM article_tags WHERE tag_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM tags WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
