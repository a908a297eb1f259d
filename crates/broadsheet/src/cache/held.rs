//! A bounded map of loaded values that all go out of date at the next change to
//! everything (decision 0034), or when they reach their lifetime.

use super::PageCache;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Inner<K, V> {
    /// The page cache's change count for "everything" the held values were loaded at.
    generation: u64,
    values: HashMap<K, (Arc<V>, Instant)>,
}

pub struct HeldMap<K, V> {
    inner: RwLock<Inner<K, V>>,
    max: usize,
    lifetime: Duration,
}

impl<K: Hash + Eq, V> HeldMap<K, V> {
    /// At most `max` values, each served for at most `lifetime`.
    pub fn new(max: usize, lifetime: Duration) -> Self {
        HeldMap {
            inner: RwLock::new(Inner {
                generation: 0,
                values: HashMap::new(),
            }),
            max,
            lifetime,
        }
    }

    /// The change count to load with: read it before loading, and hand it to `put`.
    pub fn generation(pages: &PageCache) -> u64 {
        pages.everything_changed_at()
    }

    /// The value held for `key`, if nothing changed since it was loaded.
    pub fn get(&self, pages: &PageCache, key: &K) -> Option<Arc<V>> {
        let inner = self.inner.read();
        if inner.generation != pages.everything_changed_at() {
            return None;
        }
        let (value, loaded) = inner.values.get(key)?;
        (loaded.elapsed() < self.lifetime).then(|| value.clone())
    }

    /// Keeps a value loaded after reading `generation`; one loaded before a later change
    /// is not kept. A full map starts again empty (the busy keys come straight back).
    pub fn put(&self, generation: u64, key: K, value: Arc<V>) {
        let mut inner = self.inner.write();
        if generation < inner.generation {
            return;
        }
        if generation > inner.generation || inner.values.len() >= self.max {
            inner.values.clear();
            inner.generation = generation;
        }
        inner.values.insert(key, (value, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Change;

    #[test]
    fn a_change_to_everything_outdates_what_was_loaded_before_it() {
        let pages = PageCache::default();
        let held: HeldMap<&str, &str> = HeldMap::new(2, Duration::from_secs(60));
        let at = HeldMap::<&str, &str>::generation(&pages);
        held.put(at, "a", Arc::new("one"));
        assert_eq!(held.get(&pages, &"a").as_deref(), Some(&"one"));
        // A comment changes nothing held here.
        pages.changed(Change::Comments { article_id: 1 });
        assert!(held.get(&pages, &"a").is_some());
        pages.changed(Change::Everything);
        assert!(held.get(&pages, &"a").is_none());
        // A load that began before the change is not kept.
        held.put(at, "a", Arc::new("stale"));
        assert!(held.get(&pages, &"a").is_none());
        let now = HeldMap::<&str, &str>::generation(&pages);
        held.put(now, "a", Arc::new("two"));
        held.put(now, "b", Arc::new("three"));
        held.put(now, "c", Arc::new("four"));
        assert!(held.get(&pages, &"c").is_some(), "full: started again");
        assert!(held.get(&pages, &"a").is_none());
    }
}
