//! What the reader site lists: published articles by section, tag or author with keyset
//! paging, related articles, authors, and the rows sitemaps and feeds need.

use crate::articles::SUMMARY_SELECT;
use crate::db::with_pool;
use crate::{ArticleCursor, ArticleSummary, Store, StoreError, Tag};
use serde::Serialize;

/// Which published articles a listing shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Listing {
    All,
    Section(i64),
    Tag(i64),
    Author(i64),
}

/// A person with a byline, as the reader site shows them (never their email).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Author {
    pub id: i64,
    pub display_name: String,
    pub bio: String,
}

/// One article's line in a sitemap.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SitemapEntry {
    pub id: i64,
    pub section_slug: String,
    pub slug: String,
    pub headline: String,
    pub language: String,
    pub published_at: i64,
    pub updated_at: i64,
}

/// A block of article ids in the sitemap index and when its newest change happened.
#[derive(Clone, Copy, Debug, Serialize, sqlx::FromRow)]
pub struct SitemapPage {
    pub page: i64,
    pub updated_at: i64,
}

const FROM_PUBLISHED: &str =
    "FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.status = 'published'";

/// How many of the newest rows of an article's tags `related` counts shared tags over.
pub const RELATED_TAG_ROWS: i64 = 1000;

impl Store {
    /// One page of a listing, newest first, continuing after `after`. Ties on the
    /// publication second break on id, so no article is skipped or shown twice.
    pub async fn listing(
        &self,
        which: Listing,
        after: Option<ArticleCursor>,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let (at, id) = after.map_or((i64::MAX, i64::MAX), |c| (c.published_at, c.id));
        let (filter, key) = match which {
            Listing::All => ("AND $1 = 0", 0),
            Listing::Section(s) => ("AND a.section_id = $1", s),
            Listing::Tag(t) => (
                "AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $1)",
                t,
            ),
            Listing::Author(u) => (
                "AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = $1)",
                u,
            ),
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT} {FROM_PUBLISHED} {filter} \
             AND (a.published_at < $2 OR (a.published_at = $2 AND a.id < $3)) \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, ArticleSummary>(sql)
            .bind(key).bind(at).bind(id).bind(limit.clamp(1, 101))
            .fetch_all(pool)
            .await)?,
        )
    }

    /// Articles sharing the most tags with `article_id`, then the newest of its section.
    ///
    /// Only the newest [`RELATED_TAG_ROWS`] tag rows are counted, and only the best few
    /// candidates are read from `articles`: a tag on ten thousand articles would otherwise
    /// read every one of them (each row's status sits past its body) for four links. Two
    /// statements, because in one SQLite 3.51 walked every published article and looked
    /// each up among the candidates (1.3–2.3 s at 100,000 articles).
    pub async fn related(
        &self,
        article_id: i64,
        section_id: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let candidates = "WITH recent AS (SELECT at.article_id AS id FROM article_tags at \
               WHERE at.tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = $1) \
               AND at.article_id <> $1 ORDER BY at.article_id DESC LIMIT $2) \
             SELECT id, COUNT(*) AS n FROM recent GROUP BY id ORDER BY n DESC, id DESC LIMIT $3";
        let shared: Vec<(i64, i64)> = with_pool!(self, pool => sqlx::query_as(candidates)
            .bind(article_id).bind(RELATED_TAG_ROWS).bind(limit.clamp(1, 25) * 4)
            .fetch_all(pool)
            .await)?;
        let mut found = self
            .summaries_of(&shared.iter().map(|s| s.0).collect::<Vec<_>>())
            .await?;
        let tags_shared =
            |a: &ArticleSummary| shared.iter().find(|s| s.0 == a.id).map_or(0, |s| s.1);
        found.sort_by(|a, b| {
            (tags_shared(b), b.published_at, b.id).cmp(&(tags_shared(a), a.published_at, a.id))
        });
        found.truncate(limit.max(0) as usize);
        if (found.len() as i64) < limit {
            let more = self
                .listing(Listing::Section(section_id), None, limit + 1)
                .await?;
            for a in more {
                if a.id != article_id
                    && found.len() < limit as usize
                    && !found.iter().any(|f| f.id == a.id)
                {
                    found.push(a);
                }
            }
        }
        Ok(found)
    }

    /// The published articles among `ids`, in no particular order.
    async fn summaries_of(&self, ids: &[i64]) -> Result<Vec<ArticleSummary>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT} {FROM_PUBLISHED} AND a.id IN ({})",
            crate::db::placeholders(1, ids.len())
        ));
        with_pool!(self, pool => {
            let mut q = sqlx::query_as::<_, ArticleSummary>(sql);
            for id in ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }

    /// A user who may hold a byline (anyone but a reader).
    pub async fn author(&self, id: i64) -> Result<Option<Author>, StoreError> {
        let sql = "SELECT id, display_name, bio FROM users WHERE id = $1 AND role <> 'reader'";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Author>(sql)
            .bind(id).fetch_optional(pool).await)?)
    }

    pub async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>, StoreError> {
        if crate::unmatchable(slug) {
            return Ok(None);
        }
        let sql = "SELECT id, slug, name FROM tags WHERE slug = $1";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, Tag>(sql)
            .bind(slug).fetch_optional(pool).await)?)
    }

    /// Non-empty blocks of `per_page` article ids, for the sitemap index.
    pub async fn sitemap_pages(&self, per_page: i64) -> Result<Vec<SitemapPage>, StoreError> {
        let sql = "SELECT a.id / $1 AS page, MAX(a.updated_at) AS updated_at FROM articles a \
                   WHERE a.status = 'published' GROUP BY a.id / $1 ORDER BY page";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, SitemapPage>(sql)
            .bind(per_page.max(1)).fetch_all(pool).await)?,
        )
    }

    /// Published articles whose id falls in block `page` of `per_page` ids.
    pub async fn sitemap_entries(
        &self,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<SitemapEntry>, StoreError> {
        let per_page = per_page.max(1);
        let first = page.saturating_mul(per_page);
        self.sitemap_query(
            "AND a.id >= $1 AND a.id < $2 ORDER BY a.id",
            first,
            first.saturating_add(per_page),
        )
        .await
    }

    /// Articles published at or after `since` (the Google News sitemap), newest first.
    pub async fn published_since(
        &self,
        since: i64,
        limit: i64,
    ) -> Result<Vec<SitemapEntry>, StoreError> {
        self.sitemap_query(
            "AND a.published_at >= $1 ORDER BY a.published_at DESC, a.id DESC LIMIT $2",
            since,
            limit,
        )
        .await
    }

    async fn sitemap_query(
        &self,
        tail: &str,
        p1: i64,
        p2: i64,
    ) -> Result<Vec<SitemapEntry>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT a.id, s.slug AS section_slug, a.slug, a.headline, a.language, \
             a.published_at, a.updated_at {FROM_PUBLISHED} {tail}"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, SitemapEntry>(sql)
            .bind(p1).bind(p2).fetch_all(pool).await)?,
        )
    }
}
