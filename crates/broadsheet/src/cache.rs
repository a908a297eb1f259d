//! The in-memory page cache for anonymous readers: rendered pages keyed by locale and
//! path, stored with their gzip and brotli forms, bounded in bytes, and short-lived.
//! Anything that changes what a public page shows calls `invalidate_all()`.

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How long a page is served from memory before it is rendered again. Also bounds how
/// stale another node's copy can be after a change made elsewhere.
pub const TTL: Duration = Duration::from_secs(60);
/// Memory the cache may hold (all encodings of all pages).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// One rendered page in every encoding we offer.
pub struct CachedPage {
    pub content_type: HeaderValue,
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
    pub etag: HeaderValue,
    pub last_modified: HeaderValue,
    pub modified_at: SystemTime,
    stored_at: Instant,
    generation: u64,
}

impl CachedPage {
    /// Compresses `body` both ways and fingerprints it; done once per cache fill.
    pub fn build(content_type: HeaderValue, body: Bytes, generation: u64) -> CachedPage {
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        let now = SystemTime::now();
        CachedPage {
            content_type,
            gzip: gzip(&body),
            brotli: brotli(&body),
            identity: body,
            // Weak: the same validator stands for every encoding of the page.
            etag: HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex"),
            last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(now)).expect("date"),
            modified_at: now,
            stored_at: Instant::now(),
            generation,
        }
    }

    fn bytes(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }
}

fn gzip(body: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(body);
    Bytes::from(enc.finish().unwrap_or_default())
}

fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::new();
    // A window just large enough for the page: the encoder's memory follows the window.
    let lgwin = (usize::BITS - body.len().max(1).leading_zeros()).clamp(16, 22) as i32;
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    Bytes::from(out)
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, std::sync::Arc<CachedPage>>,
    /// Keys in the order they were stored: the oldest go first when memory runs out.
    order: VecDeque<String>,
    bytes: usize,
}

pub struct PageCache {
    generation: AtomicU64,
    entries: RwLock<Entries>,
    max_bytes: usize,
    /// At most this many pages are compressed at once: after an invalidation every
    /// reader misses together, and unbounded parallel brotli runs took gigabytes.
    compressing: tokio::sync::Semaphore,
    /// Tells the other nodes after a local change (set when the site has peers).
    on_change: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>,
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

    pub fn with_max_bytes(max_bytes: usize) -> PageCache {
        PageCache {
            generation: AtomicU64::new(0),
            entries: RwLock::new(Entries::default()),
            max_bytes,
            compressing: tokio::sync::Semaphore::new(PARALLEL_COMPRESSIONS),
            on_change: std::sync::OnceLock::new(),
        }
    }

    /// Forgets every cached page, here and on every other node of the site.
    pub fn invalidate_all(&self) {
        self.invalidate_here();
        if let Some(tell_peers) = self.on_change.get() {
            tell_peers();
        }
    }

    /// Calls `tell_peers` after every `invalidate_all` (set once, by `cluster`).
    pub fn on_change(&self, tell_peers: impl Fn() + Send + Sync + 'static) {
        let _ = self.on_change.set(Box::new(tell_peers));
    }

    /// Forgets every cached page of this node only (another node changed something).
    pub fn invalidate_here(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut e = self.entries.write().unwrap_or_else(|p| p.into_inner());
        *e = Entries::default();
    }

    /// Bumped on each invalidation; cached entries from older generations are stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// A fresh page for `key`, if one is held.
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        let e = self.entries.read().unwrap_or_else(|p| p.into_inner());
        let page = e.map.get(key)?;
        (page.generation == self.generation() && page.stored_at.elapsed() < TTL)
            .then(|| page.clone())
    }

    /// Keeps `page` unless an invalidation happened since its render began (its content
    /// may predate the change), evicting the oldest pages to stay within memory.
    pub fn put(&self, key: String, page: std::sync::Arc<CachedPage>) {
        let size = page.bytes() + key.len();
        if size > self.max_bytes / 4 {
            return;
        }
        let mut e = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if page.generation != self.generation() {
            return;
        }
        if let Some(old) = e.map.remove(&key) {
            e.bytes -= old.bytes() + key.len();
            e.order.retain(|k| k != &key);
        }
        while e.bytes + size > self.max_bytes {
            let Some(oldest) = e.order.pop_front() else {
                break;
            };
            if let Some(old) = e.map.remove(&oldest) {
                e.bytes -= old.bytes() + oldest.len();
            }
        }
        e.bytes += size;
        e.order.push_back(key.clone());
        e.map.insert(key, page);
    }

    /// Pages held and the bytes they take.
    pub fn usage(&self) -> (usize, usize) {
        let e = self.entries.read().unwrap_or_else(|p| p.into_inner());
        (e.map.len(), e.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        cache.put("en /".into(), page("a", 0));
        assert!(cache.get("en /").is_some());
        let started = cache.generation();
        cache.invalidate_all();
        assert!(cache.get("en /").is_none());
        cache.put("en /".into(), page("b", started));
        assert!(
            cache.get("en /").is_none(),
            "a render from before the change is not kept"
        );
    }

    #[test]
    fn memory_stays_bounded() {
        let cache = PageCache::with_max_bytes(64 * 1024);
        let body = "x".repeat(4000);
        for i in 0..100 {
            cache.put(format!("en /{i}"), page(&body, 0));
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
