//! Newsroom changes to ads as a service: each write reloads this node's ad table and
//! calls the after-write hook, so pages showing the old slots are dropped everywhere
//! (other nodes reload their tables on their own clock, see [`super::RELOAD_SECS`]).

use super::settings::AdSettings;
use crate::cache::Change;
use crate::state::AppState;
use broadsheet_store::{NewAdCampaign, NewAdSlot, StoreError};

/// Saves the site's ad settings in one transaction.
pub async fn save_settings(state: &AppState, settings: &AdSettings) -> Result<(), StoreError> {
    let pairs: Vec<(String, String)> = settings
        .pairs()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    state.store.set_settings(&pairs).await?;
    reloaded(state).await
}

/// Turns ads off (or back on) for one article.
pub async fn suppress(state: &AppState, article_id: i64, off: bool) -> Result<(), StoreError> {
    state
        .store
        .set_article_ads_suppressed(article_id, off)
        .await?;
    reloaded(state).await
}

/// Creates a slot (`id` none) or updates slot `id`; a taken name is a `Conflict`.
pub async fn save_slot(
    state: &AppState,
    id: Option<i64>,
    slot: &NewAdSlot,
) -> Result<(), StoreError> {
    match id {
        Some(id) => state.store.update_ad_slot(id, slot).await?,
        None => {
            state.store.create_ad_slot(slot).await?;
        }
    }
    reloaded(state).await
}

/// Creates a campaign; returns its id.
pub async fn create_campaign(
    state: &AppState,
    campaign: &NewAdCampaign,
) -> Result<i64, StoreError> {
    let id = state.store.create_ad_campaign(campaign).await?;
    reloaded(state).await?;
    Ok(id)
}

/// Switches a campaign on or off.
pub async fn set_campaign_enabled(
    state: &AppState,
    id: i64,
    enabled: bool,
) -> Result<(), StoreError> {
    state.store.set_ad_campaign_enabled(id, enabled).await?;
    reloaded(state).await
}

/// After a change: this node's table now, and no page showing the old one anywhere.
async fn reloaded(state: &AppState) -> Result<(), StoreError> {
    state.ads.reload(&state.store).await?;
    state.after_write(Change::Everything);
    Ok(())
}
