//! The in-memory page cache for anonymous readers (filled in by the reader-site work).
//! Anything that changes what a public page shows calls `invalidate_all()`.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct PageCache {
    generation: AtomicU64,
}

impl PageCache {
    /// Forgets every cached page.
    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// Bumped on each invalidation; cached entries from older generations are stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }
}
