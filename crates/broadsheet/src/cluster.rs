//! Several nodes on one PostgreSQL database: each tells the others when public pages
//! changed, when a comment went live and when another screener model was activated,
//! over NOTIFY/LISTEN, so no node serves a stale
//! page or misses a live comment. On SQLite (one node) nothing is started.

use crate::cache::Change;
use crate::state::AppState;
use broadsheet_store::Heard;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// What one node tells the others.
#[derive(Debug, PartialEq, Eq)]
enum News {
    /// Something public changed: drop the pages it affects (and, for a change to
    /// everything, reload the ad table).
    Changed(Change),
    /// This comment just became visible.
    Comment(i64),
    /// Another screener model was activated: load it.
    Screener,
}

impl News {
    fn encode(&self, node: &str) -> String {
        match self {
            News::Changed(change) => format!("{node} {}", change.encode()),
            News::Comment(id) => format!("{node} comment {id}"),
            News::Screener => format!("{node} screener"),
        }
    }

    /// The news in `payload` when another node sent it; `None` for our own or unknown.
    fn decode(payload: &str, node: &str) -> Option<News> {
        let mut parts = payload.split(' ');
        if parts.next()? == node {
            return None;
        }
        let words: Vec<&str> = parts.collect();
        match words.as_slice() {
            ["comment", id] => id.parse().ok().map(News::Comment),
            ["screener"] => Some(News::Screener),
            other => Change::decode(other).map(News::Changed),
        }
    }
}

/// The running relay of one node; dropped with the process.
pub struct Cluster {
    tasks: Vec<JoinHandle<()>>,
}

impl Cluster {
    pub fn stop(self) {
        self.tasks.iter().for_each(JoinHandle::abort);
    }
}

/// Starts relaying news between this node and its peers (nothing on SQLite).
pub fn spawn(state: &AppState) -> Cluster {
    if !state.store.has_peers() {
        return Cluster { tasks: Vec::new() };
    }
    let node = broadsheet_store::secret::new_token("n")[..13].to_string();
    let (tx, rx) = mpsc::unbounded_channel();
    let changed = tx.clone();
    state.page_cache.on_change(move |change| {
        let _ = changed.send(News::Changed(change));
    });
    let screener = tx.clone();
    state.screener.on_change(move || {
        let _ = screener.send(News::Screener);
    });
    state.live.on_publish(move |id| {
        let _ = tx.send(News::Comment(id));
    });
    Cluster {
        tasks: vec![
            tokio::spawn(send(state.clone(), node.clone(), rx)),
            tokio::spawn(listen(state.clone(), node)),
        ],
    }
}

/// Sends this node's news; a burst of changes goes out as one message.
async fn send(state: AppState, node: String, mut rx: mpsc::UnboundedReceiver<News>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            if !batch.contains(&more) {
                batch.push(more);
            }
        }
        for news in batch {
            if let Err(e) = state.store.notify(&news.encode(&node)).await {
                // Peers still expire their cached pages within the cache's lifetime.
                tracing::warn!(error = %e, "could not tell the other nodes");
            }
        }
    }
}

/// Applies the other nodes' news here, listening again after any failure.
async fn listen(state: AppState, node: String) {
    loop {
        let mut listener = match state.store.listen().await {
            Ok(Some(l)) => l,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen to the other nodes yet");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Whatever was missed while not listening: assume everything changed.
        forget_everything(&state);
        loop {
            match listener.next().await {
                Ok(Heard::Message(payload)) => match News::decode(&payload, &node) {
                    Some(News::Changed(Change::Everything)) => forget_everything(&state),
                    Some(News::Changed(change)) => state.page_cache.changed_here(change),
                    Some(News::Comment(id)) => relay_comment(&state, id).await,
                    Some(News::Screener) => crate::screening::reload(&state).await,
                    None => {}
                },
                Ok(Heard::Reconnected) => {
                    forget_everything(&state);
                    crate::screening::reload(&state).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "lost the other nodes; listening again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

fn forget_everything(state: &AppState) {
    state.page_cache.invalidate_here();
    state.ads.mark_stale();
}

async fn relay_comment(state: &AppState, id: i64) {
    match state.store.comment(id).await {
        Ok(Some(comment)) => {
            // The comment changed the article's page and counts too.
            let article_id = comment.article_id;
            state
                .page_cache
                .changed_here(Change::Comments { article_id });
            state.live.publish_here(&comment);
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, comment = id, "could not load a relayed comment"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_round_trips_and_our_own_is_ignored() {
        let comments = Change::Comments { article_id: 7 };
        for news in [
            News::Changed(Change::Everything),
            News::Changed(comments),
            News::Comment(42),
            News::Screener,
        ] {
            let payload = news.encode("nA");
            assert_eq!(News::decode(&payload, "nB"), Some(news));
            assert_eq!(News::decode(&payload, "nA"), None);
        }
        for junk in [
            "",
            "nA",
            "nA comment",
            "nA comment x",
            "nA changed extra",
            "nA other",
        ] {
            assert_eq!(News::decode(junk, "nB"), None, "{junk:?}");
        }
    }
}
