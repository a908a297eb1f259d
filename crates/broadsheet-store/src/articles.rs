//! Articles: creation with bylines, tags and a first revision; published listings.

use crate::db::{in_write_tx, with_pool};
use crate::{Article, Byline, Store, StoreError};
use broadsheet_domain::ArticleStatus;

/// Everything needed to create an article. The caller renders `body_html` (sanitized)
/// from `body_md`; the store keeps both.
#[derive(Clone, Debug, Default)]
pub struct NewArticle {
    pub section_id: i64,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub body_md: String,
    pub body_html: String,
    pub language: String,
    pub status: Option<ArticleStatus>,
    pub dateline: String,
    pub image_url: String,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub featured: bool,
    pub word_count: i64,
    pub published_at: Option<i64>,
    pub author_ids: Vec<i64>,
    /// (slug, display name) pairs; missing tags are created.
    pub tags: Vec<(String, String)>,
    pub editor_id: Option<i64>,
}

/// Where a published listing continues: after this (published_at, id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArticleCursor {
    pub published_at: i64,
    pub id: i64,
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT a.id, a.slug, a.headline, a.standfirst, \
    a.language, a.status, s.slug AS section_slug, s.name AS section_name, a.image_url, \
    a.image_alt, a.featured, a.word_count, a.published_at, a.updated_at, a.comment_count";

impl Store {
    /// Creates an article with its bylines, tags and revision 1 in one transaction.
    pub async fn create_article(&self, new: &NewArticle) -> Result<i64, StoreError> {
        let ids = self.create_articles(std::slice::from_ref(new)).await?;
        Ok(ids[0])
    }

    /// Creates several articles in one transaction (all or none), in order: what
    /// [`Store::create_article`] does for each, with one commit for the lot (imports and
    /// the benchmark's seed write thousands at a time).
    pub async fn create_articles(&self, all: &[NewArticle]) -> Result<Vec<i64>, StoreError> {
        let now = crate::now();
        let mut ids = Vec::with_capacity(all.len());
        in_write_tx!(self, tx => {
            for new in all {
                let status = new.status.unwrap_or(ArticleStatus::Draft);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO articles (section_id, slug, headline, standfirst, body_md, body_html, \
                     language, status, dateline, image_url, image_alt, image_caption, image_credit, \
                     featured, word_count, published_at, created_at, updated_at) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17) RETURNING id",
                )
                .bind(new.section_id).bind(&new.slug).bind(&new.headline).bind(&new.standfirst)
                .bind(&new.body_md).bind(&new.body_html).bind(&new.language).bind(status.as_str())
                .bind(&new.dateline).bind(&new.image_url).bind(&new.image_alt)
                .bind(&new.image_caption).bind(&new.image_credit).bind(new.featured)
                .bind(new.word_count).bind(new.published_at).bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Conflict(_) => StoreError::Conflict(format!("an article with slug {} in this section", new.slug)),
                    other => other,
                })?;
                for (position, user_id) in new.author_ids.iter().enumerate() {
                    sqlx::query("INSERT INTO article_authors (article_id, user_id, position) VALUES ($1, $2, $3)")
                        .bind(id).bind(user_id).bind(position as i64)
                        .execute(&mut *tx).await?;
                }
                for (slug, name) in &new.tags {
                    sqlx::query("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
                        .bind(slug).bind(name).execute(&mut *tx).await?;
                    sqlx::query("INSERT INTO article_tags (article_id, tag_id) \
                                 SELECT $1, id FROM tags WHERE slug = $2 ON CONFLICT DO NOTHING")
                        .bind(id).bind(slug).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO revisions (article_id, version, editor_id, headline, standfirst, body_md, created_at) \
                             VALUES ($1, 1, $2, $3, $4, $5, $6)")
                    .bind(id).bind(new.editor_id).bind(&new.headline).bind(&new.standfirst)
                    .bind(&new.body_md).bind(now)
                    .execute(&mut *tx).await?;
                ids.push(id);
            }
        });
        Ok(ids)
    }

    /// The id of the article with `slug` in section `section_id`, whatever its state.
    pub async fn article_id_by_slug(
        &self,
        section_id: i64,
        slug: &str,
    ) -> Result<Option<i64>, StoreError> {
        if crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = "SELECT id FROM articles WHERE section_id = $1 AND slug = $2";
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql).bind(section_id).bind(slug).fetch_optional(pool).await)?,
        )
    }

    /// A published article by its section and slug.
    pub async fn published_article(
        &self,
        section_slug: &str,
        slug: &str,
    ) -> Result<Option<Article>, StoreError> {
        if crate::unmatchable(section_slug) || crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT}, a.section_id, a.body_md, a.body_html, a.dateline, a.image_caption, \
             a.image_credit, a.comments_open, a.seo_title, a.seo_description, a.canonical_url, \
             a.version, a.publish_at, a.created_at \
             FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE s.slug = $1 AND a.slug = $2 AND a.status = 'published'"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Article>(sql)
            .bind(section_slug).bind(slug)
            .fetch_optional(pool)
            .await)?)
    }

    /// Bylines of several articles at once, in byline order.
    pub async fn bylines(&self, article_ids: &[i64]) -> Result<Vec<Byline>, StoreError> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT aa.article_id, aa.user_id, u.display_name, aa.position \
             FROM article_authors aa JOIN users u ON u.id = aa.user_id \
             WHERE aa.article_id IN ({}) ORDER BY aa.article_id, aa.position",
            crate::db::placeholders(1, article_ids.len())
        ));
        with_pool!(self, pool => {
            let mut q = sqlx::query_as::<_, Byline>(sql);
            for id in article_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }

    pub async fn count_articles(&self) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(pool).await)?,
        )
    }

    /// Revisions kept for an article (at least one per save).
    pub async fn count_revisions(&self, article_id: i64) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM revisions WHERE article_id = $1")
            .bind(article_id).fetch_one(pool).await)?,
        )
    }
}
