//! Background jobs of a node: publishing scheduled articles on time, with no request
//! needed to trigger it, retrying failed mail, sending webhook deliveries and newsletters.
//! Several nodes may run this; the store makes each publication happen exactly once (see
//! `Store::publish_due`) and hands each due message, webhook delivery or newsletter mail
//! to one node (`Store::claim_due_messages`, `Store::claim_due_webhook_deliveries`,
//! `Store::claim_due_newsletter_mail`).

use crate::cache::Change;
use crate::state::AppState;
use crate::webhooks::{self, Event};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often a node looks for articles whose time has come.
pub const EVERY: Duration = Duration::from_secs(5);
/// How long a node's claim on the scheduler lasts unless renewed.
const LEASE_SECS: i64 = 30;

/// A running job loop; `stop` ends it after the current tick.
pub struct Jobs {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Jobs {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.handle.await;
    }
}

/// Starts the job loop of this node.
pub fn spawn(state: AppState, every: Duration) -> Jobs {
    let (stop, mut stopped) = watch::channel(false);
    let holder = broadsheet_store::secret::new_token("node-")[..21].to_string();
    // Webhooks wait on other sites' servers: their own loop, so a slow receiver never
    // holds up scheduled publishing.
    let hooks = tokio::spawn(side_loop(
        state.clone(),
        every,
        stopped.clone(),
        "webhook deliveries",
        |s, now| async move { webhooks::send::deliver_due(&s, now).await.map(|_| ()) },
    ));
    // Newsletters pace their batches: their own loop too.
    let letters = tokio::spawn(side_loop(
        state.clone(),
        every,
        stopped.clone(),
        "newsletters",
        |s, now| async move { crate::newsletters::send::tick(&s, now).await.map(|_| ()) },
    ));
    let handle = tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = run_once(&state, &holder).await {
                        tracing::warn!(error = %e, "scheduled publishing failed; retrying next tick");
                    }
                    let now = broadsheet_store::now();
                    if let Err(e) = crate::mail::delivery::retry_due(&state, now).await {
                        tracing::warn!(error = %e, "mail retries failed; retrying next tick");
                    }
                }
                _ = stopped.changed() => break,
            }
        }
        let _ = hooks.await;
        let _ = letters.await;
    });
    Jobs { stop, handle }
}

/// Runs `work` every `every` until stopped; a failure is logged and tried next tick.
async fn side_loop<F, Fut, E>(
    state: AppState,
    every: Duration,
    mut stopped: watch::Receiver<bool>,
    what: &'static str,
    work: F,
) where
    F: Fn(AppState, i64) -> Fut,
    Fut: std::future::Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = work(state.clone(), broadsheet_store::now()).await {
                    tracing::warn!(error = %e, "{what} failed; retrying next tick");
                }
            }
            _ = stopped.changed() => break,
        }
    }
}

/// One tick: if this node holds the scheduler lease, publish what is due. Returns the
/// ids published by this call.
pub async fn run_once(
    state: &AppState,
    holder: &str,
) -> Result<Vec<i64>, broadsheet_store::StoreError> {
    if !state
        .store
        .take_lease("publish_scheduled", holder, LEASE_SECS)
        .await?
    {
        return Ok(Vec::new());
    }
    let ids = state.store.publish_due(broadsheet_store::now()).await?;
    if !ids.is_empty() {
        state.after_write(Change::Everything);
        tracing::info!(articles = ?ids, "scheduled articles published");
    }
    for id in &ids {
        webhooks::emit_article(state, Event::ArticlePublished, *id).await;
    }
    Ok(ids)
}
