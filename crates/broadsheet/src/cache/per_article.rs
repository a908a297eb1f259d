//! Values loaded or rendered from one article's comments, held per node until that
//! article's comments (or everything) change, and at most [`super::TTL`]: the
//! anonymous comment section's HTML and the section's public rows (which likes
//! outdate too).

use super::PageCache;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Instant;

/// A held value, the change count its load began at, and when it was kept.
type Held<V> = (Arc<V>, u64, Instant);

/// Which changes outdate a held value: [`PageCache::comments_changed_at`] (rendered
/// sections) or [`PageCache::likes_changed_at`] (comment rows, which carry like counts).
pub type ChangedAt = fn(&PageCache, i64) -> u64;

/// Values by (article id, `K`), each outdated by changes to its own article only.
pub struct PerArticle<K, V: ?Sized> {
    held: Mutex<HashMap<(i64, K), Held<V>>>,
    max: usize,
    changed_at: ChangedAt,
}

impl<K: Hash + Eq, V: ?Sized> PerArticle<K, V> {
    /// At most `max` values (a full map starts again empty: the busy keys come back),
    /// each outdated by the changes `changed_at` counts.
    pub fn new(max: usize, changed_at: ChangedAt) -> Self {
        PerArticle {
            held: Mutex::new(HashMap::new()),
            max,
            changed_at,
        }
    }

    /// The change count to load with: read it before loading, hand it to `put`.
    pub fn generation(pages: &PageCache) -> u64 {
        pages.generation()
    }

    /// The value held for `key`, if its article's comments have not changed since.
    pub fn get(&self, pages: &PageCache, key: &(i64, K)) -> Option<Arc<V>> {
        let held = self.held.lock();
        let (value, generation, at) = held.get(key)?;
        (*generation >= (self.changed_at)(pages, key.0) && at.elapsed() < super::TTL)
            .then(|| value.clone())
    }

    /// Keeps a value whose load began at `generation`, unless its article's comments
    /// changed since (then the next reader loads it again).
    pub fn put(&self, pages: &PageCache, generation: u64, key: (i64, K), value: Arc<V>) {
        let mut held = self.held.lock();
        if generation < (self.changed_at)(pages, key.0) {
            return;
        }
        if held.len() >= self.max {
            held.clear();
        }
        held.insert(key, (value, generation, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Change;

    #[test]
    fn a_value_is_outdated_by_its_own_articles_comments_only() {
        let pages = PageCache::default();
        let held: PerArticle<&str, str> = PerArticle::new(8, PageCache::comments_changed_at);
        let key = |a: i64| (a, "en");
        let at = PerArticle::<&str, str>::generation(&pages);
        held.put(&pages, at, key(1), "one".into());
        held.put(&pages, at, key(2), "two".into());
        pages.changed(Change::Comments { article_id: 1 });
        assert!(held.get(&pages, &key(1)).is_none());
        assert_eq!(held.get(&pages, &key(2)).as_deref(), Some("two"));
        // A load that began before the comment is not kept.
        held.put(&pages, at, key(1), "stale".into());
        assert!(held.get(&pages, &key(1)).is_none());
        let now = PerArticle::<&str, str>::generation(&pages);
        held.put(&pages, now, key(1), "new".into());
        assert_eq!(held.get(&pages, &key(1)).as_deref(), Some("new"));
        pages.changed(Change::Everything);
        assert!(held.get(&pages, &key(2)).is_none());
    }

    #[test]
    fn likes_outdate_rows_but_not_sections() {
        let pages = PageCache::default();
        let sections: PerArticle<(), str> = PerArticle::new(8, PageCache::comments_changed_at);
        let rows: PerArticle<(), str> = PerArticle::new(8, PageCache::likes_changed_at);
        let at = pages.generation();
        sections.put(&pages, at, (1, ()), "section".into());
        rows.put(&pages, at, (1, ()), "rows".into());
        pages.changed(Change::Likes { article_id: 1 });
        assert!(sections.get(&pages, &(1, ())).is_some());
        assert!(rows.get(&pages, &(1, ())).is_none());
        // A comment outdates both.
        let at = pages.generation();
        rows.put(&pages, at, (1, ()), "rows".into());
        pages.changed(Change::Comments { article_id: 1 });
        assert!(sections.get(&pages, &(1, ())).is_none());
        assert!(rows.get(&pages, &(1, ())).is_none());
    }

    #[test]
    fn a_full_map_starts_again() {
        let pages = PageCache::default();
        let held: PerArticle<(), str> = PerArticle::new(2, PageCache::comments_changed_at);
        let at = PerArticle::<(), str>::generation(&pages);
        for a in 1..=3 {
            held.put(&pages, at, (a, ()), "x".into());
        }
        assert!(held.get(&pages, &(1, ())).is_none());
        assert!(held.get(&pages, &(3, ())).is_some());
    }
}
