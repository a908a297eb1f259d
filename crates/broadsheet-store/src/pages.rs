//! Standalone pages (About, Contact, policies): saves with optimistic locking and one
//! revision each, publishing, and an audit row for every change, each in one transaction.

use crate::db::{in_write_tx, with_pool};
use crate::in_tx::audit;
use crate::{SaveOutcome, Store, StoreError};
use serde::Serialize;

/// Every editable field of a page, already checked and rendered by the caller.
#[derive(Clone, Debug, Default)]
pub struct PageInput {
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub language: String,
}

/// A page as the editor and the reader site see it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SitePage {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub language: String,
    pub published: bool,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A page revision as the history list shows it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct PageRevision {
    pub version: i64,
    pub editor_name: String,
    pub title: String,
    pub body_md: String,
    pub note: String,
    pub created_at: i64,
}

const PAGE_SELECT: &str = "SELECT id, slug, title, body_md, body_html, language, published, \
    version, created_at, updated_at FROM pages";

impl Store {
    /// Creates (`id` None) or updates a page with a new revision and an audit row
    /// (`action`; no editor: the command line), in one transaction. An update only lands if the page is still at
    /// `expected_version`; a slug another page holds is a `Conflict`.
    pub async fn save_page(
        &self,
        id: Option<i64>,
        expected_version: i64,
        input: &PageInput,
        editor_id: Option<i64>,
        action: &str,
        note: &str,
    ) -> Result<SaveOutcome, StoreError> {
        let now = crate::now();
        let i = input;
        let clash = |e: sqlx::Error| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("a page with the address /pages/{}", i.slug))
            }
            other => other,
        };
        let outcome = in_write_tx!(self, tx => {
            let (id, version) = match id {
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO pages (slug, title, body_md, body_html, language, published, \
                         version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, FALSE, 1, $6, $6) \
                         RETURNING id",
                    )
                    .bind(&i.slug).bind(&i.title).bind(&i.body_md).bind(&i.body_html)
                    .bind(&i.language).bind(now)
                    .fetch_one(&mut *tx).await.map_err(clash)?;
                    (id, 1)
                }
                Some(id) => {
                    let current: i64 = sqlx::query_scalar("SELECT version FROM pages WHERE id = $1")
                        .bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
                    if current != expected_version {
                        return Ok(SaveOutcome::Stale { current });
                    }
                    let done = sqlx::query(
                        "UPDATE pages SET slug = $1, title = $2, body_md = $3, body_html = $4, \
                         language = $5, version = version + 1, updated_at = $6 \
                         WHERE id = $7 AND version = $8",
                    )
                    .bind(&i.slug).bind(&i.title).bind(&i.body_md).bind(&i.body_html)
                    .bind(&i.language).bind(now).bind(id).bind(current)
                    .execute(&mut *tx).await.map_err(clash)?;
                    if done.rows_affected() == 0 {
                        return Ok(SaveOutcome::Stale { current: current + 1 });
                    }
                    (id, current + 1)
                }
            };
            sqlx::query(
                "INSERT INTO page_revisions (page_id, version, editor_id, title, body_md, note, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id).bind(version).bind(editor_id).bind(&i.title).bind(&i.body_md).bind(note)
            .bind(now).execute(&mut *tx).await?;
            audit!(tx, editor_id, action, format!("/pages/{}", i.slug), now);
            SaveOutcome::Saved { id, version }
        });
        Ok(outcome)
    }

    /// Publishes or withdraws a page, with an audit row. `NotFound` for no such page.
    pub async fn set_page_published(
        &self,
        id: i64,
        published: bool,
        actor_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = crate::now();
        let action = if published {
            "page-published"
        } else {
            "page-withdrawn"
        };
        in_write_tx!(self, tx => {
            let slug: Option<String> = sqlx::query_scalar(
                "UPDATE pages SET published = $1, updated_at = $2 WHERE id = $3 RETURNING slug",
            )
            .bind(published).bind(now).bind(id).fetch_optional(&mut *tx).await?;
            let slug = slug.ok_or(StoreError::NotFound)?;
            audit!(tx, actor_id, action, format!("/pages/{slug}"), now);
        });
        Ok(())
    }

    pub async fn page_by_id(&self, id: i64) -> Result<Option<SitePage>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{PAGE_SELECT} WHERE id = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, SitePage>(sql)
            .bind(id).fetch_optional(pool).await)?)
    }

    /// The id of the page at `/pages/{slug}`, published or not.
    pub async fn page_id_by_slug(&self, slug: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM pages WHERE slug = $1";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(slug).fetch_optional(pool).await)?)
    }

    /// A published page by its address; drafts are not found.
    pub async fn published_page(&self, slug: &str) -> Result<Option<SitePage>, StoreError> {
        if crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{PAGE_SELECT} WHERE slug = $1 AND published = TRUE"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, SitePage>(sql)
            .bind(slug).fetch_optional(pool).await)?)
    }

    /// Every page (drafts too), by title; `published_only` for the sitemap and the API.
    pub async fn list_pages(&self, published_only: bool) -> Result<Vec<SitePage>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{PAGE_SELECT} WHERE ($1 = FALSE OR published = TRUE) ORDER BY LOWER(title), id"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, SitePage>(sql)
            .bind(published_only).fetch_all(pool).await)?)
    }

    /// Revisions of a page, newest first.
    pub async fn page_revisions(&self, page_id: i64) -> Result<Vec<PageRevision>, StoreError> {
        let sql = "SELECT r.version, COALESCE(u.display_name, '') AS editor_name, r.title, \
                   r.body_md, r.note, r.created_at FROM page_revisions r \
                   LEFT JOIN users u ON u.id = r.editor_id \
                   WHERE r.page_id = $1 ORDER BY r.version DESC";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, PageRevision>(sql)
            .bind(page_id).fetch_all(pool).await)?,
        )
    }
}
