//! The screener this node runs now, swapped in place when a model is activated; held
//! by the site's shared state, with the admin's word lists folded in on demand.

use broadsheet_moderation::Screener;
use parking_lot::{Mutex, RwLock};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The screener in use and which stored model it runs (`None`: the shipped one).
pub struct ActiveScreener {
    current: RwLock<(Option<i64>, Arc<Screener>)>,
    on_change: OnceLock<Box<dyn Fn() + Send + Sync>>,
    /// A candidate is being trained on this node (one at a time).
    training: AtomicBool,
}

impl Default for ActiveScreener {
    fn default() -> Self {
        ActiveScreener {
            current: RwLock::new((None, Arc::new(Screener::builtin()))),
            on_change: OnceLock::new(),
            training: AtomicBool::new(false),
        }
    }
}

impl ActiveScreener {
    /// The screener to use now.
    pub fn get(&self) -> Arc<Screener> {
        self.read().1.clone()
    }

    /// The stored model in use, or `None` for the shipped one.
    pub fn model_id(&self) -> Option<i64> {
        self.read().0
    }

    fn read(&self) -> parking_lot::RwLockReadGuard<'_, (Option<i64>, Arc<Screener>)> {
        self.current.read()
    }

    pub(super) fn set(&self, id: Option<i64>, screener: Screener) {
        *self.current.write() = (id, Arc::new(screener));
    }

    /// Claims the right to train; false when a training run is already going.
    pub fn start_training(&self) -> bool {
        !self.training.swap(true, Ordering::SeqCst)
    }

    pub fn finish_training(&self) {
        self.training.store(false, Ordering::SeqCst);
    }

    pub fn is_training(&self) -> bool {
        self.training.load(Ordering::SeqCst)
    }

    /// Tells the other nodes that this node activated a model.
    pub(super) fn tell_peers(&self) {
        if let Some(tell_peers) = self.on_change.get() {
            tell_peers();
        }
    }

    /// Calls `tell_peers` after this node activates a model (set once, by `cluster`).
    pub fn on_change(&self, tell_peers: impl Fn() + Send + Sync + 'static) {
        let _ = self.on_change.set(Box::new(tell_peers));
    }
}

/// A screener built for one base screener and one pair of word lists.
struct Built {
    base: Arc<Screener>,
    banned: Vec<String>,
    suspect: Vec<String>,
    screener: Arc<Screener>,
}

/// The active screener extended with the admin's word lists, rebuilt only when the
/// model or the lists change (building one takes a few milliseconds).
#[derive(Default)]
pub struct ScreenerCache {
    current: Mutex<Option<Built>>,
}

impl ScreenerCache {
    /// `base` with the `banned` and `suspect` word lists folded in.
    pub fn get(
        &self,
        base: &Arc<Screener>,
        banned: &[String],
        suspect: &[String],
    ) -> Arc<Screener> {
        let mut slot = self.current.lock();
        // A new base (another model activated) or new lists: rebuild.
        let fresh =
            |b: &&Built| Arc::ptr_eq(&b.base, base) && b.banned == banned && b.suspect == suspect;
        if let Some(built) = slot.as_ref().filter(fresh) {
            return built.screener.clone();
        }
        let screener = Arc::new(Screener::clone(base).with_word_lists(banned, suspect));
        *slot = Some(Built {
            base: base.clone(),
            banned: banned.to_vec(),
            suspect: suspect.to_vec(),
            screener: screener.clone(),
        });
        screener
    }
}
