//! Choosing what fills a slot for one request: suppression, eligibility against the
//! database's counts plus this node's unflushed ones, weighted choice, house fallback.

use super::eligibility::{self, Request, Shown};
use super::reader::FrequencyCounter;
use super::settings::WhenEmpty;
use super::{Ads, day_of};
use broadsheet_store::{AdCampaign, Store, StoreError};

/// What a slot shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fill {
    /// A house campaign's creative.
    Campaign(Box<AdCampaign>),
    /// The slot's third-party tag, in its own sandboxed frame.
    Frame { width: u32, height: u32 },
    /// Nothing eligible (or ads are off here): the slot collapses.
    Nothing,
}

/// Where the slot is and who asks.
pub struct Ask<'a> {
    pub slot_id: i64,
    pub section: Option<&'a str>,
    pub article: Option<i64>,
    pub now: i64,
    /// A uniformly random number for the weighted choice.
    pub roll: u64,
}

/// Chooses a fill; `None` for a slot that does not exist (or is switched off).
pub async fn choose(
    ads: &Ads,
    store: &Store,
    ask: &Ask<'_>,
    reader: &FrequencyCounter,
) -> Result<Option<Fill>, StoreError> {
    let table = ads.table();
    let Some(slot) = table.slot(ask.slot_id).filter(|s| s.enabled) else {
        return Ok(None);
    };
    if let Some(article) = ask.article
        && store
            .article_is_ad_free(article, &table.settings.no_ads_tags)
            .await?
    {
        return Ok(Some(Fill::Nothing));
    }
    if slot.is_tag() {
        let size = slot.sizes.base();
        return Ok(Some(Fill::Frame {
            width: size.width,
            height: size.height,
        }));
    }
    let day = day_of(ask.now);
    let delivered = store.ad_delivered(day).await?;
    let req = Request {
        now: ask.now,
        slot,
        section: ask.section,
    };
    let candidates: Vec<(i64, u32)> = table
        .campaigns
        .iter()
        .filter(|(c, _)| {
            let db = delivered.iter().find(|d| d.campaign_id == c.id);
            let (pending_today, pending_total) = ads.counter.pending_served(c.id, day);
            let shown = Shown {
                today: db.map_or(0, |d| d.today) + pending_today,
                total: db.map_or(0, |d| d.total) + pending_total,
                by_reader_today: reader.shown(c.id),
            };
            eligibility::check(c, &req, shown).is_ok()
        })
        .map(|(c, _)| (c.id, c.weight))
        .collect();
    let chosen = eligibility::pick_weighted(&candidates, ask.roll).or_else(|| {
        let s = &table.settings;
        let fallback = s
            .fallback_campaign
            .filter(|_| s.when_empty == WhenEmpty::House)?;
        let (c, _) = table.campaign(fallback)?;
        (c.enabled && c.starts_at <= ask.now && ask.now < c.ends_at).then_some(c.id)
    });
    Ok(Some(match chosen.and_then(|id| table.campaign(id)) {
        Some((_, row)) => Fill::Campaign(Box::new(row.clone())),
        None => Fill::Nothing,
    }))
}
