//! Live comments: new visible comments are broadcast to readers watching the article,
//! on this node directly and on the others through `cluster`.

use broadsheet_store::CommentRow;
use std::sync::OnceLock;
use tokio::sync::broadcast;

/// The broadcast every open comment stream subscribes to.
pub struct LiveHub {
    tx: broadcast::Sender<CommentRow>,
    /// Tells the other nodes a comment's id (set when the site has peers).
    on_publish: OnceLock<Box<dyn Fn(i64) + Send + Sync>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(256);
        LiveHub {
            tx,
            on_publish: OnceLock::new(),
        }
    }
}

impl LiveHub {
    /// Announces a comment that just became visible, here and on the other nodes (no
    /// one listening is fine).
    pub fn publish(&self, comment: &CommentRow) {
        self.publish_here(comment);
        if let Some(tell_peers) = self.on_publish.get() {
            tell_peers(comment.id);
        }
    }

    /// Announces a comment to this node's readers only (another node stored it).
    pub fn publish_here(&self, comment: &CommentRow) {
        let _ = self.tx.send(comment.clone());
    }

    /// Calls `tell_peers` with the id of every comment `publish`ed (set once).
    pub fn on_publish(&self, tell_peers: impl Fn(i64) + Send + Sync + 'static) {
        let _ = self.on_publish.set(Box::new(tell_peers));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CommentRow> {
        self.tx.subscribe()
    }
}
