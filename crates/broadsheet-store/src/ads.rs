//! Ads: slots, house campaigns and their creatives, daily counters, suppressed articles.
//!
//! Counters are increments (`n = n + $x`) upserted per (campaign, slot, day), so any
//! number of nodes can flush their batches into the same rows without losing counts.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError};
use serde::Serialize;

/// An ad slot as stored; the app parses the text columns into domain types.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct AdSlot {
    pub id: i64,
    pub name: String,
    pub placement: String,
    pub paragraph: i64,
    pub repeat_every: i64,
    pub sizes: String,
    pub page_types: String,
    pub sections: String,
    pub tag_html: String,
    pub enabled: bool,
}

/// A slot's fields as written by the admin (already validated by the app).
#[derive(Clone, Debug, Default)]
pub struct NewAdSlot {
    pub name: String,
    pub placement: String,
    pub paragraph: i64,
    pub repeat_every: i64,
    pub sizes: String,
    pub page_types: String,
    pub sections: String,
    pub tag_html: String,
    pub enabled: bool,
}

/// A campaign without its image bytes.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct AdCampaign {
    pub id: i64,
    pub name: String,
    pub advertiser: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub kind: String,
    pub html: String,
    pub image_alt: String,
    pub click_url: String,
    pub width: i64,
    pub height: i64,
    pub slot_ids: String,
    pub sections: String,
    pub weight: i64,
    pub daily_cap: i64,
    pub total_cap: i64,
    pub freq_cap: i64,
    pub enabled: bool,
}

/// A campaign's fields as written by the admin; `image` is (content type, bytes).
#[derive(Clone, Debug, Default)]
pub struct NewAdCampaign {
    pub name: String,
    pub advertiser: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub kind: String,
    pub html: String,
    pub image_alt: String,
    pub click_url: String,
    pub width: i64,
    pub height: i64,
    pub slot_ids: String,
    pub sections: String,
    pub weight: i64,
    pub daily_cap: i64,
    pub total_cap: i64,
    pub freq_cap: i64,
    pub image: Option<(String, Vec<u8>)>,
}

/// Counts to add to one (campaign, slot, day) row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AdCountDelta {
    pub campaign_id: i64,
    pub slot_id: i64,
    pub day: i64,
    pub served: i64,
    pub viewable: i64,
    pub clicks: i64,
}

/// One day of a report.
#[derive(Clone, Copy, Debug, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct AdDay {
    pub day: i64,
    pub served: i64,
    pub viewable: i64,
    pub clicks: i64,
}

/// How often a campaign has been served today and in all.
#[derive(Clone, Copy, Debug, sqlx::FromRow, PartialEq, Eq)]
pub struct AdDelivered {
    pub campaign_id: i64,
    pub today: i64,
    pub total: i64,
}

/// Which rows a report adds up.
#[derive(Clone, Copy, Debug)]
pub enum AdReportOf {
    Campaign(i64),
    Slot(i64),
}

const SLOT_COLUMNS: &str = "SELECT id, name, placement, paragraph, repeat_every, sizes, \
    page_types, sections, tag_html, enabled FROM ad_slots";
const CAMPAIGN_COLUMNS: &str = "SELECT id, name, advertiser, starts_at, ends_at, kind, html, \
    image_alt, click_url, width, height, slot_ids, sections, weight, daily_cap, total_cap, \
    freq_cap, enabled FROM ad_campaigns";

impl Store {
    pub async fn create_ad_slot(&self, s: &NewAdSlot) -> Result<i64, StoreError> {
        let sql = "INSERT INTO ad_slots (name, placement, paragraph, repeat_every, sizes, \
                   page_types, sections, tag_html, enabled, created_at, updated_at) \
                   VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id";
        let now = crate::now();
        with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(&s.name).bind(&s.placement).bind(s.paragraph).bind(s.repeat_every)
            .bind(&s.sizes).bind(&s.page_types).bind(&s.sections).bind(&s.tag_html)
            .bind(s.enabled).bind(now)
            .fetch_one(pool).await)
        .map_err(slot_conflict)
    }

    pub async fn update_ad_slot(&self, id: i64, s: &NewAdSlot) -> Result<(), StoreError> {
        let sql = "UPDATE ad_slots SET name = $1, placement = $2, paragraph = $3, \
                   repeat_every = $4, sizes = $5, page_types = $6, sections = $7, tag_html = $8, \
                   enabled = $9, updated_at = $10 WHERE id = $11";
        let n = with_pool!(self, pool => sqlx::query(sql)
            .bind(&s.name).bind(&s.placement).bind(s.paragraph).bind(s.repeat_every)
            .bind(&s.sizes).bind(&s.page_types).bind(&s.sections).bind(&s.tag_html)
            .bind(s.enabled).bind(crate::now()).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))
        .map_err(slot_conflict)?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn list_ad_slots(&self) -> Result<Vec<AdSlot>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{SLOT_COLUMNS} ORDER BY id"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, AdSlot>(sql).fetch_all(pool).await)?)
    }

    pub async fn ad_slot(&self, id: i64) -> Result<Option<AdSlot>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{SLOT_COLUMNS} WHERE id = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, AdSlot>(sql).bind(id).fetch_optional(pool).await)?,
        )
    }

    /// Creates a campaign and its image (if any) in one transaction.
    pub async fn create_ad_campaign(&self, c: &NewAdCampaign) -> Result<i64, StoreError> {
        let sql = "INSERT INTO ad_campaigns (name, advertiser, starts_at, ends_at, kind, html, \
                   image_alt, click_url, width, height, slot_ids, sections, weight, daily_cap, \
                   total_cap, freq_cap, enabled, created_at) \
                   VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,TRUE,$17) \
                   RETURNING id";
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(sql)
                .bind(&c.name).bind(&c.advertiser).bind(c.starts_at).bind(c.ends_at)
                .bind(&c.kind).bind(&c.html).bind(&c.image_alt).bind(&c.click_url)
                .bind(c.width).bind(c.height).bind(&c.slot_ids).bind(&c.sections)
                .bind(c.weight).bind(c.daily_cap).bind(c.total_cap).bind(c.freq_cap).bind(now)
                .fetch_one(&mut *tx).await?;
            if let Some((content_type, bytes)) = &c.image {
                sqlx::query("INSERT INTO ad_images (campaign_id, content_type, bytes) VALUES ($1, $2, $3)")
                    .bind(id).bind(content_type).bind(bytes)
                    .execute(&mut *tx).await?;
            }
            id
        }))
    }

    pub async fn set_ad_campaign_enabled(&self, id: i64, enabled: bool) -> Result<(), StoreError> {
        let sql = "UPDATE ad_campaigns SET enabled = $1 WHERE id = $2";
        let n = with_pool!(self, pool => sqlx::query(sql).bind(enabled).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn list_ad_campaigns(&self) -> Result<Vec<AdCampaign>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{CAMPAIGN_COLUMNS} ORDER BY id"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, AdCampaign>(sql).fetch_all(pool).await)?)
    }

    pub async fn ad_campaign(&self, id: i64) -> Result<Option<AdCampaign>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{CAMPAIGN_COLUMNS} WHERE id = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, AdCampaign>(sql).bind(id).fetch_optional(pool).await)?,
        )
    }

    /// A campaign's image as (content type, bytes).
    pub async fn ad_image(
        &self,
        campaign_id: i64,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let sql = "SELECT content_type, bytes FROM ad_images WHERE campaign_id = $1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, (String, Vec<u8>)>(sql)
            .bind(campaign_id).fetch_optional(pool).await)?,
        )
    }

    /// Adds a batch of counts in one transaction.
    pub async fn add_ad_counts(&self, batch: &[AdCountDelta]) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let sql = "INSERT INTO ad_stats (campaign_id, slot_id, day, served, viewable, clicks) \
                   VALUES ($1, $2, $3, $4, $5, $6) \
                   ON CONFLICT (campaign_id, slot_id, day) DO UPDATE SET \
                   served = ad_stats.served + excluded.served, \
                   viewable = ad_stats.viewable + excluded.viewable, \
                   clicks = ad_stats.clicks + excluded.clicks";
        in_write_tx!(self, tx => {
            for d in batch {
                sqlx::query(sql)
                    .bind(d.campaign_id).bind(d.slot_id).bind(d.day)
                    .bind(d.served).bind(d.viewable).bind(d.clicks)
                    .execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// How often each campaign has been served on `day` and in all (caps use these).
    pub async fn ad_delivered(&self, day: i64) -> Result<Vec<AdDelivered>, StoreError> {
        let sql = "SELECT campaign_id, \
                   CAST(COALESCE(SUM(CASE WHEN day = $1 THEN served ELSE 0 END), 0) AS BIGINT) AS today, \
                   CAST(COALESCE(SUM(served), 0) AS BIGINT) AS total \
                   FROM ad_stats GROUP BY campaign_id";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, AdDelivered>(sql).bind(day).fetch_all(pool).await)?,
        )
    }

    /// A campaign's or a slot's counts by day, oldest first.
    pub async fn ad_report(&self, of: AdReportOf) -> Result<Vec<AdDay>, StoreError> {
        let (column, id) = match of {
            AdReportOf::Campaign(id) => ("campaign_id", id),
            AdReportOf::Slot(id) => ("slot_id", id),
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT day, CAST(SUM(served) AS BIGINT) AS served, \
             CAST(SUM(viewable) AS BIGINT) AS viewable, CAST(SUM(clicks) AS BIGINT) AS clicks \
             FROM ad_stats WHERE {column} = $1 GROUP BY day ORDER BY day"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, AdDay>(sql).bind(id).fetch_all(pool).await)?,
        )
    }

    /// Turns ads off (or back on) for one article.
    pub async fn set_article_ads_suppressed(
        &self,
        article_id: i64,
        suppressed: bool,
    ) -> Result<(), StoreError> {
        if suppressed {
            let sql = "INSERT INTO ad_suppressed_articles (article_id, created_at) VALUES ($1, $2) \
                       ON CONFLICT (article_id) DO NOTHING";
            with_pool!(self, pool => sqlx::query(sql).bind(article_id).bind(crate::now())
                .execute(pool).await.map(|r| r.rows_affected()))?;
        } else {
            let sql = "DELETE FROM ad_suppressed_articles WHERE article_id = $1";
            with_pool!(self, pool => sqlx::query(sql).bind(article_id)
                .execute(pool).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Articles without ads: suppressed one by one, or tagged with one of `no_ads_tags`.
    pub async fn ad_free_articles(&self, no_ads_tags: &[String]) -> Result<Vec<i64>, StoreError> {
        let mut ids: Vec<i64> = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT article_id FROM ad_suppressed_articles ORDER BY article_id")
            .fetch_all(pool).await)?;
        let sql = "SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id \
                   WHERE t.slug = $1";
        for tag in no_ads_tags {
            let tagged: Vec<i64> = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
                .bind(tag).fetch_all(pool).await)?;
            ids.extend(tagged);
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// True when `article_id` may not show ads (checked again when a creative is asked for).
    pub async fn article_is_ad_free(
        &self,
        article_id: i64,
        no_ads_tags: &[String],
    ) -> Result<bool, StoreError> {
        let one: Option<i64> = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT article_id FROM ad_suppressed_articles WHERE article_id = $1")
            .bind(article_id).fetch_optional(pool).await)?;
        if one.is_some() {
            return Ok(true);
        }
        let sql = "SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id \
                   WHERE at.article_id = $1 AND t.slug = $2";
        for tag in no_ads_tags {
            let hit: Option<i64> = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
                .bind(article_id).bind(tag).fetch_optional(pool).await)?;
            if hit.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

fn slot_conflict(e: sqlx::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("a slot with this name".into()),
        other => other,
    }
}
