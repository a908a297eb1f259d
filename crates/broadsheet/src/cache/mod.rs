//! The in-memory page cache for anonymous readers: rendered pages keyed by locale and
//! path, stored with their gzip and brotli forms, bounded in bytes, and short-lived.
//! A write names what it changed ([`Change`]) and only the pages showing it are dropped.

pub mod articles;
mod change;
pub mod fragments;
pub mod held;
mod page;
pub mod per_article;
pub mod site;
pub mod stencil;

pub use articles::{ArticleCache, ArticleParts, ListingCache, SearchCache};
pub use change::{Change, Shows};
pub use fragments::{ArticleFragments, SectionCache, Shell};
pub use page::{CachedPage, Encoding, X_CACHE};
pub use site::{SiteCache, SiteData};

use parking_lot::{Mutex, RwLock};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a page is served from memory before it is rendered again. Also bounds how
/// stale another node's copy can be after a change made elsewhere.
pub const TTL: Duration = Duration::from_secs(60);
/// Memory the cache may hold (all encodings of all pages).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// How long listing cards may show an old comment count after a comment.
pub const LISTING_LAG: Duration = Duration::from_secs(5);

/// How long a search result page is served from memory: a search is asked for often
/// (the same breaking story) yet must show a published change soon on every node.
pub const SEARCH_TTL: Duration = Duration::from_secs(10);
/// Search pages held at most: queries are endless, so they get a small share.
pub const MAX_SEARCH_PAGES: usize = 512;
/// Search keys remembered for [`PageCache::asked_before`].
const ASKED_KEYS: usize = 4096;

/// How long past its expiry a page may still be served while one request renders its
/// replacement (stale-while-revalidate); after that everyone waits for a render.
pub const STALE_MAX: Duration = Duration::from_secs(30);

/// A held page with what it shows and when it must be rendered again.
struct Entry {
    page: std::sync::Arc<CachedPage>,
    shows: Shows,
    expires: Instant,
    /// Set while one request renders this page's replacement (see [`Lookup`]).
    refreshing: std::sync::atomic::AtomicBool,
}

/// What the cache holds for a key.
pub enum Lookup {
    /// A current page.
    Fresh(std::sync::Arc<CachedPage>),
    /// An outdated page, served while another request renders its replacement.
    Stale(std::sync::Arc<CachedPage>),
    /// An outdated page whose replacement this request must render (and then `put`, or
    /// `release` if it cannot): one request at a time per page, so a busy comment
    /// section costs one render per change instead of one per reader.
    Refresh,
    /// Nothing usable.
    Miss,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    /// Keys in the order they were stored: the oldest go first when memory runs out.
    order: VecDeque<String>,
    bytes: usize,
    /// Keys of search pages in the order they were stored, to keep their number down.
    searches: VecDeque<String>,
}

pub struct PageCache {
    /// Counts changes; a render remembers the count it began at.
    generation: AtomicU64,
    /// The count at the last change to everything, and per article at its last comment
    /// change: a render that began before either is not kept.
    everything_at: AtomicU64,
    comments_at: Mutex<HashMap<i64, u64>>,
    /// Per article, the count at the last change to its comments' likes.
    likes_at: Mutex<HashMap<i64, u64>>,
    entries: RwLock<Entries>,
    /// Search keys asked for lately: a query is cached on its second asking, so one-off
    /// searches cost no compression and push no article out.
    asked: Mutex<std::collections::HashSet<String>>,
    max_bytes: usize,
    /// At most this many pages are compressed at once: after an invalidation every
    /// reader misses together, and unbounded parallel brotli runs took gigabytes.
    compressing: tokio::sync::Semaphore,
    /// Tells the other nodes after a local change (set when the site has peers).
    on_change: std::sync::OnceLock<Box<dyn Fn(Change) + Send + Sync>>,
}

/// Pages compressed at the same time (about one per core).
const PARALLEL_COMPRESSIONS: usize = 2;

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_max_bytes(DEFAULT_MAX_BYTES)
    }
}

impl PageCache {
    /// A turn to compress a page for the cache, or `None` when enough are in progress
    /// (the caller then serves its page uncompressed and uncached).
    pub fn compress_turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.compressing.try_acquire().ok()
    }

    /// A turn to compress, waiting for one (the semaphore is never closed).
    pub async fn compress_wait(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.compressing
            .acquire()
            .await
            .expect("the compression semaphore is never closed")
    }

    pub fn with_max_bytes(max_bytes: usize) -> PageCache {
        PageCache {
            generation: AtomicU64::new(0),
            everything_at: AtomicU64::new(0),
            comments_at: Mutex::new(HashMap::new()),
            likes_at: Mutex::new(HashMap::new()),
            entries: RwLock::new(Entries::default()),
            asked: Mutex::new(Default::default()),
            max_bytes,
            compressing: tokio::sync::Semaphore::new(PARALLEL_COMPRESSIONS),
            on_change: std::sync::OnceLock::new(),
        }
    }

    /// Drops the pages `change` affects, here and on every other node of the site.
    /// Services call it through `AppState::after_write`.
    pub fn changed(&self, change: Change) {
        self.changed_here(change);
        if let Some(tell_peers) = self.on_change.get() {
            tell_peers(change);
        }
    }

    /// Calls `tell_peers` after every local change (set once, by `cluster`).
    pub fn on_change(&self, tell_peers: impl Fn(Change) + Send + Sync + 'static) {
        let _ = self.on_change.set(Box::new(tell_peers));
    }

    /// Drops the pages `change` affects on this node only (another node made it).
    pub fn changed_here(&self, change: Change) {
        let at = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let mut e = self.entries.write();
        match change {
            Change::Everything => {
                self.everything_at.store(at, Ordering::SeqCst);
                *e = Entries::default();
            }
            Change::Comments { article_id } => {
                self.comments_at.lock().insert(article_id, at);
                let now = Instant::now();
                let soon = now + LISTING_LAG;
                for entry in e.map.values_mut() {
                    if entry.shows.listing {
                        entry.expires = entry.expires.min(soon);
                    }
                    // Outdated at once: the next request renders it again while the
                    // others are served this copy for the length of that render.
                    if entry.shows.article == Some(article_id) {
                        entry.expires = entry.expires.min(now);
                    }
                }
            }
            Change::Likes { article_id } => {
                self.likes_at.lock().insert(article_id, at);
            }
        }
    }

    /// Forgets every cached page of this node only.
    pub fn invalidate_here(&self) {
        self.changed_here(Change::Everything);
    }

    /// The change count now: give it to [`CachedPage::build`] before rendering.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The change count at the last change to everything: in-memory copies of site data
    /// (see [`site`], and the menus) loaded before it are outdated.
    pub fn everything_changed_at(&self) -> u64 {
        self.everything_at.load(Ordering::SeqCst)
    }

    /// The change count at the last change to `article_id`'s comments or to everything:
    /// a comment section rendered before it is outdated.
    pub fn comments_changed_at(&self, article_id: i64) -> u64 {
        let comments = self
            .comments_at
            .lock()
            .get(&article_id)
            .copied()
            .unwrap_or(0);
        comments.max(self.everything_changed_at())
    }

    /// The change count at the last change to `article_id`'s comments, their likes or
    /// everything: comment rows loaded before it are outdated.
    pub fn likes_changed_at(&self, article_id: i64) -> u64 {
        let likes = self.likes_at.lock().get(&article_id).copied().unwrap_or(0);
        likes.max(self.comments_changed_at(article_id))
    }

    /// A fresh page for `key`, if one is held (never claims a renewal).
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        match self.lookup_with(key, false) {
            Lookup::Fresh(page) => Some(page),
            _ => None,
        }
    }

    /// What the fast path may answer with, and how (`hit` or `stale`): a fresh page, or
    /// an outdated one that another request is already renewing (never claims: the
    /// request that would renew a page goes the full way, to `lookup`).
    pub fn served(&self, key: &str) -> Option<(std::sync::Arc<CachedPage>, &'static str)> {
        match self.lookup_with(key, false) {
            Lookup::Fresh(page) => Some((page, "hit")),
            Lookup::Stale(page) => Some((page, "stale")),
            Lookup::Refresh | Lookup::Miss => None,
        }
    }

    /// What is held for `key`; an outdated page is handed to one request to renew.
    pub fn lookup(&self, key: &str) -> Lookup {
        self.lookup_with(key, true)
    }

    fn lookup_with(&self, key: &str, may_claim: bool) -> Lookup {
        let e = self.entries.read();
        let Some(entry) = e.map.get(key) else {
            return Lookup::Miss;
        };
        let now = Instant::now();
        if now < entry.expires {
            return Lookup::Fresh(entry.page.clone());
        }
        if now > entry.expires + STALE_MAX {
            return Lookup::Miss;
        }
        // Without a claim, an outdated page is only usable while someone renews it.
        let claimed = match may_claim {
            true => (entry.refreshing)
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok(),
            false if entry.refreshing.load(Ordering::Acquire) => false,
            false => return Lookup::Miss,
        };
        if claimed {
            Lookup::Refresh
        } else {
            Lookup::Stale(entry.page.clone())
        }
    }

    /// Gives up a [`Lookup::Refresh`] claim without a new page (the render failed, was
    /// not cacheable, or its request went away), so the next request may try.
    pub fn release(&self, key: &str) {
        let e = self.entries.read();
        if let Some(entry) = e.map.get(key) {
            entry.refreshing.store(false, Ordering::Release);
        }
    }

    /// Keeps `page`, evicting the oldest pages to stay within memory. A render that began
    /// before a change to everything is dropped; one that began before its article's
    /// latest comment change is kept as outdated (newer than what is held, and renewed
    /// by the next request).
    pub fn put(&self, key: String, page: std::sync::Arc<CachedPage>, shows: Shows) {
        let size = page.bytes() + key.len();
        if size > self.max_bytes / 4 || page.generation < self.everything_at.load(Ordering::SeqCst)
        {
            self.release(&key);
            return;
        }
        let mut e = self.entries.write();
        let outdated = shows
            .article
            .and_then(|a| self.comments_at.lock().get(&a).copied())
            .is_some_and(|at| page.generation < at);
        if outdated
            && e.map
                .get(&key)
                .is_some_and(|held| held.page.generation > page.generation)
        {
            // Something newer is already held; keep it.
            if let Some(held) = e.map.get(&key) {
                held.refreshing.store(false, Ordering::Release);
            }
            return;
        }
        e.remove(&key);
        while e.bytes + size > self.max_bytes {
            let Some(oldest) = e.order.pop_front() else {
                break;
            };
            if let Some(old) = e.map.remove(&oldest) {
                e.bytes -= old.page.bytes() + oldest.len();
                if old.shows.search {
                    e.searches.retain(|k| k != &oldest);
                }
            }
        }
        e.bytes += size;
        e.order.push_back(key.clone());
        if shows.search {
            e.searches.push_back(key.clone());
            while e.searches.len() > MAX_SEARCH_PAGES {
                let oldest = e.searches[0].clone();
                e.remove(&oldest);
            }
        }
        let lifetime = if shows.search { SEARCH_TTL } else { TTL };
        let expires = if outdated {
            Instant::now()
        } else {
            page.stored_at + lifetime
        };
        e.map.insert(
            key,
            Entry {
                page,
                shows,
                expires,
                refreshing: std::sync::atomic::AtomicBool::new(false),
            },
        );
    }

    /// True when `key` was asked for before (since the memory of asked keys was last
    /// full); remembers it otherwise.
    pub fn asked_before(&self, key: &str) -> bool {
        let mut asked = self.asked.lock();
        if asked.contains(key) {
            return true;
        }
        if asked.len() >= ASKED_KEYS {
            asked.clear();
        }
        asked.insert(key.to_string());
        false
    }

    /// Pages held and the bytes they take.
    pub fn usage(&self) -> (usize, usize) {
        let e = self.entries.read();
        (e.map.len(), e.bytes)
    }
}

impl Entries {
    fn remove(&mut self, key: &str) {
        if let Some(old) = self.map.remove(key) {
            self.bytes -= old.page.bytes() + key.len();
            self.order.retain(|k| k != key);
            if old.shows.search {
                self.searches.retain(|k| k != key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use axum::http::HeaderValue;
    use std::sync::Arc;

    fn page(body: &str, generation: u64) -> Arc<CachedPage> {
        Arc::new(CachedPage::build(
            HeaderValue::from_static("text/html"),
            Bytes::from(body.to_string()),
            generation,
        ))
    }

    #[test]
    fn invalidation_forgets_and_refuses_renders_that_began_before_it() {
        let cache = PageCache::default();
        cache.put("en /".into(), page("a", 0), Shows::default());
        assert!(cache.get("en /").is_some());
        let started = cache.generation();
        cache.changed(Change::Everything);
        assert!(cache.get("en /").is_none());
        cache.put("en /".into(), page("b", started), Shows::default());
        assert!(
            cache.get("en /").is_none(),
            "a render from before the change is not kept"
        );
    }

    #[test]
    fn a_comment_hands_the_page_to_one_renderer_while_others_get_the_old_copy() {
        let cache = PageCache::default();
        let shows = Shows {
            article: Some(7),
            listing: false,
            search: false,
        };
        cache.put("en /city/a".into(), page("old", 0), shows);
        assert!(matches!(cache.lookup("en /city/a"), Lookup::Fresh(_)));
        let before = cache.generation();
        cache.changed_here(Change::Comments { article_id: 7 });
        assert!(cache.get("en /city/a").is_none(), "not fresh any more");
        assert!(cache.served("en /city/a").is_none(), "nobody renews it yet");
        assert!(matches!(cache.lookup("en /city/a"), Lookup::Refresh));
        for _ in 0..3 {
            assert!(matches!(cache.lookup("en /city/a"), Lookup::Stale(_)));
            let served = cache
                .served("en /city/a")
                .map(|(p, how)| (p.identity.clone(), how));
            assert_eq!(served, Some((Bytes::from("old"), "stale")));
        }
        // The renderer gave up: the next request renders instead.
        cache.release("en /city/a");
        assert!(matches!(cache.lookup("en /city/a"), Lookup::Refresh));
        // A render begun before the change is kept but stays outdated.
        cache.put("en /city/a".into(), page("mid", before), shows);
        assert!(matches!(cache.lookup("en /city/a"), Lookup::Refresh));
        let after = cache.generation();
        cache.put("en /city/a".into(), page("new", after), shows);
        match cache.lookup("en /city/a") {
            Lookup::Fresh(p) => assert_eq!(&p.identity[..], b"new"),
            _ => panic!("the new render is current"),
        }
        // An older render never replaces a newer one.
        cache.changed_here(Change::Comments { article_id: 7 });
        cache.put("en /city/a".into(), page("older", before), shows);
        assert!(matches!(cache.lookup("en /city/a"), Lookup::Refresh));
        cache.release("en /city/a");
        match cache.lookup("en /city/a") {
            Lookup::Refresh => {}
            _ => panic!("still outdated, renewable"),
        }
    }

    #[test]
    fn search_pages_are_cached_on_a_second_asking_and_kept_few() {
        let cache = PageCache::default();
        assert!(!cache.asked_before("en /search?q=tide"));
        assert!(cache.asked_before("en /search?q=tide"));
        cache.put("en /".into(), page("home", 0), Shows::default());
        let search = Shows {
            search: true,
            ..Shows::default()
        };
        for i in 0..MAX_SEARCH_PAGES + 10 {
            cache.put(format!("en /search?q={i}"), page("hits", 0), search);
        }
        // The same query again replaces its page instead of taking a second place.
        cache.put("en /search?q=520".into(), page("hits", 0), search);
        assert_eq!(
            cache.usage().0,
            MAX_SEARCH_PAGES + 1,
            "the searches plus home"
        );
        assert!(
            cache.get("en /").is_some(),
            "searches push out only searches"
        );
        assert!(cache.get("en /search?q=0").is_none());
        assert!(cache.get("en /search?q=520").is_some());
        cache.changed(Change::Everything);
        assert!(cache.get("en /search?q=520").is_none());
    }

    #[test]
    fn memory_stays_bounded() {
        let cache = PageCache::with_max_bytes(64 * 1024);
        let body = "x".repeat(4000);
        for i in 0..100 {
            cache.put(format!("en /{i}"), page(&body, 0), Shows::default());
        }
        let (pages, bytes) = cache.usage();
        assert!(
            bytes <= 64 * 1024 && pages > 1,
            "{pages} pages, {bytes} bytes"
        );
        assert!(cache.get("en /99").is_some() && cache.get("en /0").is_none());
    }

    #[test]
    fn both_encodings_decode_to_the_page() {
        let p = page(&"<p>Harbour</p>".repeat(200), 0);
        assert!(p.gzip.len() < p.identity.len() && p.brotli.len() < p.identity.len());
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &p.brotli[..], &mut out).unwrap();
        assert_eq!(out, p.identity);
    }
}
