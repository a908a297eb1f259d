//! The newsroom's article writes: saving with optimistic locking (every save a
//! revision), workflow moves with their log, and staff listings with filters.

mod invitations;
mod people;
mod taxonomy;

use crate::articles::SUMMARY_SELECT;
use crate::db::{in_write_tx, with_pool};
use crate::{Article, ArticleSummary, Store, StoreError};
use broadsheet_domain::ArticleStatus;
use serde::Serialize;

pub use people::{EditorRow, PeopleKind};

/// Every editable field of an article, already checked and rendered by the caller.
#[derive(Clone, Debug, Default)]
pub struct ArticleInput {
    pub section_id: i64,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub body_md: String,
    pub body_html: String,
    pub language: String,
    pub dateline: String,
    pub image_url: String,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub featured: bool,
    pub comments_open: bool,
    pub seo_title: String,
    pub seo_description: String,
    pub canonical_url: String,
    pub word_count: i64,
    /// Bylines in order.
    pub author_ids: Vec<i64>,
    /// (slug, name) pairs; missing tags are created.
    pub tags: Vec<(String, String)>,
}

/// What became of a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved {
        id: i64,
        version: i64,
    },
    /// Someone saved a newer version first; nothing was written.
    Stale {
        current: i64,
    },
}

/// A row of the newsroom's article lists.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct StaffArticle {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub publish_at: Option<i64>,
    pub version: i64,
}

/// Filters of the newsroom's article list; `before_id` continues a page (keyset).
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    pub status: Option<ArticleStatus>,
    pub section_id: Option<i64>,
    pub author_id: Option<i64>,
    pub headline: Option<String>,
    pub before_id: Option<i64>,
    pub limit: i64,
}

pub(crate) const ARTICLE_SELECT_TAIL: &str = ", a.section_id, a.body_md, a.body_html, \
    a.dateline, a.image_caption, a.image_credit, a.comments_open, a.seo_title, \
    a.seo_description, a.canonical_url, a.version, a.publish_at, a.created_at \
    FROM articles a JOIN sections s ON s.id = a.section_id";

/// Inserts one row of the workflow log inside the caller's transaction.
macro_rules! log_event {
    ($tx:ident, $id:expr, $actor:expr, $action:expr, $from:expr, $to:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO article_events (article_id, actor_id, action, from_status, to_status, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($id)
        .bind($actor)
        .bind($action)
        .bind($from.as_str())
        .bind($to.as_str())
        .bind($now)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use log_event;

impl Store {
    /// Creates (`id` None) or updates an article with its bylines, tags and a new revision,
    /// in one transaction. An update only lands if the article is still at
    /// `expected_version`; a published article's old address is kept for redirects.
    pub async fn save_article(
        &self,
        id: Option<i64>,
        expected_version: i64,
        input: &ArticleInput,
        editor_id: i64,
        note: &str,
    ) -> Result<SaveOutcome, StoreError> {
        let now = crate::now();
        let clash = |e: sqlx::Error| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "an article with the address {} in this section",
                input.slug
            )),
            other => other,
        };
        let i = input;
        let outcome = in_write_tx!(self, tx => {
            let (id, version) = match id {
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO articles (section_id, slug, headline, standfirst, body_md, body_html, \
                         language, status, dateline, image_url, image_alt, image_caption, image_credit, \
                         featured, comments_open, seo_title, seo_description, canonical_url, word_count, \
                         version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'draft',$8,$9,$10,\
                         $11,$12,$13,$14,$15,$16,$17,$18,1,$19,$19) RETURNING id",
                    )
                    .bind(i.section_id).bind(&i.slug).bind(&i.headline).bind(&i.standfirst)
                    .bind(&i.body_md).bind(&i.body_html).bind(&i.language).bind(&i.dateline)
                    .bind(&i.image_url).bind(&i.image_alt).bind(&i.image_caption).bind(&i.image_credit)
                    .bind(i.featured).bind(i.comments_open).bind(&i.seo_title).bind(&i.seo_description)
                    .bind(&i.canonical_url).bind(i.word_count).bind(now)
                    .fetch_one(&mut *tx).await.map_err(clash)?;
                    (id, 1)
                }
                Some(id) => {
                    let old: Option<(i64, String, Option<i64>, i64)> = sqlx::query_as(
                        "SELECT section_id, slug, published_at, version FROM articles WHERE id = $1",
                    )
                    .bind(id).fetch_optional(&mut *tx).await?;
                    let (old_section, old_slug, published_at, current) = old.ok_or(StoreError::NotFound)?;
                    if current != expected_version {
                        return Ok(SaveOutcome::Stale { current });
                    }
                    let done = sqlx::query(
                        "UPDATE articles SET section_id=$1, slug=$2, headline=$3, standfirst=$4, body_md=$5, \
                         body_html=$6, language=$7, dateline=$8, image_url=$9, image_alt=$10, \
                         image_caption=$11, image_credit=$12, featured=$13, comments_open=$14, \
                         seo_title=$15, seo_description=$16, canonical_url=$17, word_count=$18, \
                         version = version + 1, updated_at = $19 WHERE id = $20 AND version = $21",
                    )
                    .bind(i.section_id).bind(&i.slug).bind(&i.headline).bind(&i.standfirst)
                    .bind(&i.body_md).bind(&i.body_html).bind(&i.language).bind(&i.dateline)
                    .bind(&i.image_url).bind(&i.image_alt).bind(&i.image_caption).bind(&i.image_credit)
                    .bind(i.featured).bind(i.comments_open).bind(&i.seo_title).bind(&i.seo_description)
                    .bind(&i.canonical_url).bind(i.word_count).bind(now).bind(id).bind(current)
                    .execute(&mut *tx).await.map_err(clash)?;
                    if done.rows_affected() == 0 {
                        return Ok(SaveOutcome::Stale { current: current + 1 });
                    }
                    let moved = old_section != i.section_id || old_slug != i.slug;
                    if moved && published_at.is_some() {
                        sqlx::query(
                            "INSERT INTO article_slugs (section_id, slug, article_id) VALUES ($1, $2, $3) \
                             ON CONFLICT (section_id, slug) DO UPDATE SET article_id = excluded.article_id",
                        )
                        .bind(old_section).bind(&old_slug).bind(id).execute(&mut *tx).await?;
                    }
                    sqlx::query("DELETE FROM article_slugs WHERE section_id = $1 AND slug = $2")
                        .bind(i.section_id).bind(&i.slug).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM article_authors WHERE article_id = $1")
                        .bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
                        .bind(id).execute(&mut *tx).await?;
                    (id, current + 1)
                }
            };
            for (position, user_id) in i.author_ids.iter().enumerate() {
                sqlx::query("INSERT INTO article_authors (article_id, user_id, position) VALUES ($1, $2, $3)")
                    .bind(id).bind(user_id).bind(position as i64).execute(&mut *tx).await?;
            }
            for (slug, name) in &i.tags {
                sqlx::query("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
                    .bind(slug).bind(name).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO article_tags (article_id, tag_id) \
                             SELECT $1, id FROM tags WHERE slug = $2 ON CONFLICT DO NOTHING")
                    .bind(id).bind(slug).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO revisions (article_id, version, editor_id, headline, standfirst, \
                         body_md, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(id).bind(version).bind(editor_id).bind(&i.headline).bind(&i.standfirst)
                .bind(&i.body_md).bind(note).bind(now).execute(&mut *tx).await?;
            SaveOutcome::Saved { id, version }
        });
        Ok(outcome)
    }

    /// Moves an article from `from` to `to` if it is still in `from`, and logs the move.
    /// `publish_at` is kept for scheduled articles. False when the state changed meanwhile.
    pub async fn move_article(
        &self,
        id: i64,
        from: ArticleStatus,
        to: ArticleStatus,
        action: &str,
        publish_at: Option<i64>,
        actor_id: i64,
    ) -> Result<bool, StoreError> {
        let now = crate::now();
        let moved = in_write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE articles SET status = $1, publish_at = $2, updated_at = $3, \
                 published_at = CASE WHEN $1 = 'published' THEN COALESCE(published_at, $3) \
                 ELSE published_at END WHERE id = $4 AND status = $5",
            )
            .bind(to.as_str()).bind(publish_at).bind(now).bind(id).bind(from.as_str())
            .execute(&mut *tx).await?;
            if done.rows_affected() == 1 {
                log_event!(tx, id, Some(actor_id), action, from, to, now);
            }
            done.rows_affected() == 1
        });
        Ok(moved)
    }

    /// Any article, whatever its state, for the editor and the API.
    pub async fn article_by_id(&self, id: i64) -> Result<Option<Article>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT}{ARTICLE_SELECT_TAIL} WHERE a.id = $1"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Article>(sql).bind(id).fetch_optional(pool).await)?,
        )
    }

    /// The newsroom's article list, newest first, with optional filters. The headline
    /// filter is a case-insensitive substring test in which every character is literal
    /// (no LIKE pattern: SQLite ends a pattern at NUL and refuses one over 50,000 bytes).
    pub async fn staff_articles(&self, f: &ArticleFilter) -> Result<Vec<StaffArticle>, StoreError> {
        let needle = f
            .headline
            .as_deref()
            .filter(|h| !h.is_empty())
            .map(str::to_lowercase);
        if needle.as_deref().is_some_and(crate::unmatchable) {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT}, a.publish_at, a.version FROM articles a \
             JOIN sections s ON s.id = a.section_id \
             WHERE ($1 IS NULL OR a.status = $1) AND ($2 IS NULL OR a.section_id = $2) \
             AND ($3 IS NULL OR EXISTS (SELECT 1 FROM article_authors aa \
                  WHERE aa.article_id = a.id AND aa.user_id = $3)) \
             AND ($4 IS NULL OR REPLACE(LOWER(a.headline), $4, '') <> LOWER(a.headline)) \
             AND a.id < $5 \
             ORDER BY a.id DESC LIMIT $6"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, StaffArticle>(sql)
            .bind(f.status.map(|s| s.as_str())).bind(f.section_id).bind(f.author_id).bind(needle)
            .bind(f.before_id.unwrap_or(i64::MAX)).bind(f.limit.clamp(1, 100))
            .fetch_all(pool).await)?,
        )
    }

    /// Where an old address of a published article now lives: (section slug, slug).
    pub async fn moved_article(
        &self,
        section_slug: &str,
        slug: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        if crate::unmatchable(section_slug) || crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = "SELECT s2.slug, a.slug FROM article_slugs o \
                   JOIN sections s ON s.id = o.section_id \
                   JOIN articles a ON a.id = o.article_id \
                   JOIN sections s2 ON s2.id = a.section_id \
                   WHERE s.slug = $1 AND o.slug = $2 AND a.status = 'published'";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, (String, String)>(sql)
            .bind(section_slug).bind(slug).fetch_optional(pool).await)?,
        )
    }
}
