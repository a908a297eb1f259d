//! Old addresses from another platform (table `old_paths`): a path of the site a
//! newsroom moved from and where it lives now, for 301s and for matching imports.

use crate::db::with_pool;
use crate::{Store, StoreError};

/// One recorded old address.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OldPath {
    pub path: String,
    /// The article it became; its current address is looked up on each use.
    pub article_id: Option<i64>,
    /// The standalone page it became, likewise.
    pub page_id: Option<i64>,
    /// A local path (`/transport`, `/media/…`) when it is not an article.
    pub target: String,
}

/// A path on this site: one leading slash, never `//host` or `/\host`.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl Store {
    /// Records that `path` now lives at `article_id`, or else at the local path `target`.
    /// An existing entry is kept as it is; true when this call added one.
    pub async fn add_old_path(
        &self,
        path: &str,
        article_id: Option<i64>,
        target: &str,
    ) -> Result<bool, StoreError> {
        if article_id.is_none() && !is_local_path(target) {
            return Err(StoreError::Conflict(format!(
                "an old address pointing outside the site ({target})"
            )));
        }
        let sql = "INSERT INTO old_paths (path, article_id, target, created_at) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (path) DO NOTHING";
        let added = with_pool!(self, pool => sqlx::query(sql)
            .bind(path).bind(article_id).bind(target).bind(crate::now())
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(added == 1)
    }

    /// Records that `path` now lives at the standalone page `page_id`; as [`Self::add_old_path`].
    pub async fn add_old_page_path(&self, path: &str, page_id: i64) -> Result<bool, StoreError> {
        let sql = "INSERT INTO old_paths (path, page_id, created_at) \
                   VALUES ($1, $2, $3) ON CONFLICT (path) DO NOTHING";
        let added = with_pool!(self, pool => sqlx::query(sql)
            .bind(path).bind(page_id).bind(crate::now())
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(added == 1)
    }

    /// The entry recorded for exactly `path`, whatever it points at.
    pub async fn old_path(&self, path: &str) -> Result<Option<OldPath>, StoreError> {
        if crate::unmatchable(path) {
            return Ok(None);
        }
        let sql = "SELECT path, article_id, page_id, target FROM old_paths WHERE path = $1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, OldPath>(sql).bind(path).fetch_optional(pool).await)?,
        )
    }

    /// Where `path` answers now: the current address of the published article or page it
    /// became, or its local target. `None` for an unknown path or an article or page not
    /// (or no longer) live.
    pub async fn old_path_location(&self, path: &str) -> Result<Option<String>, StoreError> {
        if crate::unmatchable(path) {
            return Ok(None);
        }
        let sql = "SELECT o.target, s.slug, a.slug, a.status, p.slug, p.published \
                   FROM old_paths o LEFT JOIN articles a ON a.id = o.article_id \
                   LEFT JOIN sections s ON s.id = a.section_id \
                   LEFT JOIN pages p ON p.id = o.page_id WHERE o.path = $1";
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<bool>,
        );
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as::<_, Row>(sql)
            .bind(path).fetch_optional(pool).await)?;
        Ok(match row {
            Some((_, Some(section), Some(slug), Some(status), _, _)) => {
                (status == "published").then(|| format!("/{section}/{slug}"))
            }
            Some((_, None, None, None, Some(slug), Some(published))) => {
                published.then(|| format!("/pages/{slug}"))
            }
            Some((target, None, None, None, None, None)) => {
                Some(target).filter(|t| is_local_path(t))
            }
            _ => None,
        })
    }

    /// Old addresses recorded in all, for import summaries and tests.
    pub async fn count_old_paths(&self) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM old_paths")
            .fetch_one(pool).await)?,
        )
    }
}
