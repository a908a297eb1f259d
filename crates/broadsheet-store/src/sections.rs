//! Sections (the newspaper's departments) and tags.

use crate::db::with_pool;
use crate::{Section, Store, StoreError, Tag};

const SECTION_COLUMNS: &str = "SELECT id, slug, name, name_tr, description, position FROM sections";

impl Store {
    pub async fn create_section(
        &self,
        slug: &str,
        name: &str,
        name_tr: &str,
        description: &str,
    ) -> Result<Section, StoreError> {
        let sql = "INSERT INTO sections (slug, name, name_tr, description, position) \
                   VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections)) \
                   RETURNING id, slug, name, name_tr, description, position";
        with_pool!(self, pool => sqlx::query_as::<_, Section>(sql)
            .bind(slug)
            .bind(name)
            .bind(name_tr)
            .bind(description)
            .fetch_one(pool)
            .await)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!("a section with slug {slug}")),
            other => other,
        })
    }

    pub async fn list_sections(&self) -> Result<Vec<Section>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{SECTION_COLUMNS} ORDER BY position, id"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Section>(sql).fetch_all(pool).await)?)
    }

    pub async fn section_by_slug(&self, slug: &str) -> Result<Option<Section>, StoreError> {
        if crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!("{SECTION_COLUMNS} WHERE slug = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Section>(sql).bind(slug).fetch_optional(pool).await)?,
        )
    }

    /// The tag named exactly `name`, if one exists (the oldest, should several share it).
    pub async fn tag_by_name(&self, name: &str) -> Result<Option<Tag>, StoreError> {
        if crate::unmatchable(name) {
            return Ok(None);
        }
        let sql = "SELECT id, slug, name FROM tags WHERE name = $1 ORDER BY id LIMIT 1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Tag>(sql).bind(name).fetch_optional(pool).await)?,
        )
    }

    pub async fn tags_of_article(&self, article_id: i64) -> Result<Vec<Tag>, StoreError> {
        let sql = "SELECT t.id, t.slug, t.name FROM tags t \
                   JOIN article_tags at ON at.tag_id = t.id \
                   WHERE at.article_id = $1 ORDER BY t.name";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Tag>(sql).bind(article_id).fetch_all(pool).await)?,
        )
    }
}
