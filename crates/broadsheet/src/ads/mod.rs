//! Ads: slot and campaign rules, the creative choice, event counting, reports, and the
//! per-node table of slots and campaigns that templates read while rendering.
//!
//! The database holds the truth; each node keeps a table loaded from it, reloaded when
//! an admin changes something here and at least every `RELOAD_SECS` (other nodes'
//! changes). The creative endpoint re-checks suppression and caps against the database.

pub mod body;
pub mod changes;
pub mod counter;
pub mod creative;
pub mod demo;
pub mod eligibility;
pub mod input;
pub mod reader;
pub mod report;
pub mod service;
pub mod settings;
pub mod slot;
pub mod view;

use broadsheet_store::{AdCampaign, Store, StoreError};
use eligibility::Campaign;
use parking_lot::RwLock;
use settings::AdSettings;
use slot::Slot;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How stale a node's table may get before a request reloads it.
pub const RELOAD_SECS: i64 = 30;
/// How often pending counts are written to the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// Everything about ads one node holds.
#[derive(Default)]
pub struct Ads {
    pub counter: counter::Counter,
    table: RwLock<Arc<Table>>,
    loaded_at: AtomicI64,
    reloading: tokio::sync::Mutex<()>,
}

/// Slots, campaigns and settings as last loaded.
#[derive(Default)]
pub struct Table {
    pub slots: Vec<Slot>,
    pub campaigns: Vec<(Campaign, AdCampaign)>,
    pub settings: AdSettings,
    pub ad_free: HashSet<i64>,
    /// The generated stylesheet reserving each slot's space, and its version.
    pub css: String,
    pub css_version: String,
    fingerprint: String,
}

impl Table {
    pub fn slot(&self, id: i64) -> Option<&Slot> {
        self.slots.iter().find(|s| s.id == id)
    }

    pub fn campaign(&self, id: i64) -> Option<&(Campaign, AdCampaign)> {
        self.campaigns.iter().find(|(c, _)| c.id == id)
    }
}

impl Ads {
    /// The table as last loaded (empty before the first load).
    pub fn table(&self) -> Arc<Table> {
        self.table.read().clone()
    }

    /// Loads the table from the database. Returns true when what pages show changed.
    pub async fn reload(&self, store: &Store) -> Result<bool, StoreError> {
        let _one_at_a_time = self.reloading.lock().await;
        self.load(store).await
    }

    /// Loads the table if it is stale and no other request is loading it already; the
    /// others go on with the table they have. (When each waited its turn and then loaded
    /// again, every reader queued behind the reload at 100,000 articles.)
    pub async fn reload_if_stale(&self, store: &Store, now: i64) -> Result<bool, StoreError> {
        let Ok(_only_one) = self.reloading.try_lock() else {
            return Ok(false);
        };
        if !self.is_stale(now) {
            return Ok(false);
        }
        self.load(store).await
    }

    async fn load(&self, store: &Store) -> Result<bool, StoreError> {
        let rows = store.list_ad_slots().await?;
        let campaign_rows = store.list_ad_campaigns().await?;
        let mut stored = std::collections::HashMap::new();
        for key in settings::KEYS {
            if let Some(v) = store.setting(key).await? {
                stored.insert(key, v);
            }
        }
        let settings = AdSettings::from_stored(|k| stored.get(k).cloned());
        let ad_free: HashSet<i64> = store
            .ad_free_articles(&settings.no_ads_tags)
            .await?
            .into_iter()
            .collect();
        let slots: Vec<Slot> = rows.iter().filter_map(Slot::from_row).collect();
        let campaigns: Vec<(Campaign, AdCampaign)> = campaign_rows
            .into_iter()
            .filter_map(|row| Campaign::from_row(&row).map(|c| (c, row)))
            .collect();
        let mut free_sorted: Vec<&i64> = ad_free.iter().collect();
        free_sorted.sort();
        let fingerprint = format!(
            "{rows:?}{:?}{settings:?}{free_sorted:?}",
            campaigns.iter().map(|(_, r)| r).collect::<Vec<_>>()
        );
        let css = view::slot_css(&slots);
        let css_version = view::short_hash(&css);
        let table = Table {
            slots,
            campaigns,
            settings,
            ad_free,
            css,
            css_version,
            fingerprint,
        };
        let changed = {
            let mut current = self.table.write();
            let changed = current.fingerprint != table.fingerprint;
            *current = Arc::new(table);
            changed
        };
        self.loaded_at
            .store(broadsheet_store::now(), Ordering::Relaxed);
        Ok(changed)
    }

    /// Makes the next request reload the table (another node changed it).
    pub fn mark_stale(&self) {
        self.loaded_at.store(0, Ordering::Relaxed);
    }

    /// True when the table was never loaded or is older than `RELOAD_SECS`.
    pub fn is_stale(&self, now: i64) -> bool {
        now - self.loaded_at.load(Ordering::Relaxed) >= RELOAD_SECS
    }
}

/// The day number (UTC) counters are kept by.
pub fn day_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(86_400)
}
