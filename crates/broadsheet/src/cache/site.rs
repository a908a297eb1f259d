//! Sections and site settings held in memory for rendering (decision 0034): every reader
//! page needs them, and reading them took a query per section list and one per setting.
//!
//! The copy is dropped by the same rule as cached pages: any [`super::Change::Everything`]
//! (here, or relayed from another node) makes the next reader load it again. A copy also
//! lives at most [`super::TTL`], which bounds staleness when a peer's news is lost.

use super::PageCache;
use broadsheet_store::{Section, Store, StoreError};
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// The sections in navigation order and every setting, as loaded together.
#[derive(Debug, Default)]
pub struct SiteData {
    pub sections: Vec<Section>,
    settings: HashMap<String, String>,
}

impl SiteData {
    pub fn new(sections: Vec<Section>, settings: Vec<(String, String)>) -> SiteData {
        SiteData {
            sections,
            settings: settings.into_iter().collect(),
        }
    }

    /// One setting's stored value.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }
}

struct Held {
    data: Arc<SiteData>,
    /// The page cache's change count for "everything" when loading began.
    generation: u64,
    loaded: Instant,
}

#[derive(Default)]
pub struct SiteCache {
    held: RwLock<Option<Held>>,
}

impl SiteCache {
    /// The current copy, loaded from the store when there is none or a change to
    /// everything happened since it was loaded.
    pub async fn get(&self, store: &Store, pages: &PageCache) -> Result<Arc<SiteData>, StoreError> {
        // Read before loading: a change during the load leaves this copy outdated.
        let generation = pages.everything_changed_at();
        if let Some(data) = self.current(generation) {
            return Ok(data);
        }
        let sections = store.list_sections().await?;
        let settings = store.all_settings().await?;
        let data = Arc::new(SiteData::new(sections, settings));
        let mut held = self.held.write();
        // A slower load begun before a newer one never replaces it.
        if held.as_ref().is_none_or(|h| h.generation <= generation) {
            *held = Some(Held {
                data: data.clone(),
                generation,
                loaded: Instant::now(),
            });
        }
        Ok(data)
    }

    fn current(&self, generation: u64) -> Option<Arc<SiteData>> {
        let held = self.held.read();
        held.as_ref()
            .filter(|h| h.generation == generation && h.loaded.elapsed() < super::TTL)
            .map(|h| h.data.clone())
    }
}
