//! Live comments: new visible comments are broadcast to readers watching the article.
//! In-process for one node; several nodes would relay through PostgreSQL NOTIFY.

use broadsheet_store::CommentRow;
use tokio::sync::broadcast;

/// The broadcast every open comment stream subscribes to.
pub struct LiveHub {
    tx: broadcast::Sender<CommentRow>,
}

impl Default for LiveHub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(256);
        LiveHub { tx }
    }
}

impl LiveHub {
    /// Announces a comment that just became visible (no one listening is fine).
    pub fn publish(&self, comment: &CommentRow) {
        let _ = self.tx.send(comment.clone());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CommentRow> {
        self.tx.subscribe()
    }
}
