//! Event counting under load: events add up in memory and are flushed as increments in
//! one transaction, periodically and on shutdown. A failed flush keeps its counts for
//! the next attempt, so an acknowledged event is only lost if the process dies.

use broadsheet_store::{AdCountDelta, Store, StoreError};
use parking_lot::Mutex;
use std::collections::HashMap;

/// What happened to a creative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The creative was sent to a browser.
    Served,
    /// At least half of it was on screen for a second.
    Viewable,
    Clicked,
}

/// (campaign, slot, day) → counts not yet in the database.
#[derive(Default)]
pub struct Counter {
    pending: Mutex<HashMap<(i64, i64, i64), AdCountDelta>>,
}

impl Counter {
    pub fn record(&self, campaign_id: i64, slot_id: i64, day: i64, event: Event) {
        let mut pending = self.pending.lock();
        let d = pending
            .entry((campaign_id, slot_id, day))
            .or_insert(AdCountDelta {
                campaign_id,
                slot_id,
                day,
                ..AdCountDelta::default()
            });
        match event {
            Event::Served => d.served += 1,
            Event::Viewable => d.viewable += 1,
            Event::Clicked => d.clicks += 1,
        }
    }

    /// Served counts of a campaign not yet flushed: (on `day`, in all). Caps add these to
    /// what the database holds.
    pub fn pending_served(&self, campaign_id: i64, day: i64) -> (i64, i64) {
        let pending = self.pending.lock();
        pending
            .values()
            .filter(|d| d.campaign_id == campaign_id)
            .fold((0, 0), |(today, total), d| {
                (
                    today + if d.day == day { d.served } else { 0 },
                    total + d.served,
                )
            })
    }

    /// Writes every pending count in one transaction; on failure puts them back.
    pub async fn flush(&self, store: &Store) -> Result<usize, StoreError> {
        let batch: Vec<AdCountDelta> = {
            let mut pending = self.pending.lock();
            std::mem::take(&mut *pending).into_values().collect()
        };
        if batch.is_empty() {
            return Ok(0);
        }
        match store.add_ad_counts(&batch).await {
            Ok(()) => Ok(batch.len()),
            Err(e) => {
                let mut pending = self.pending.lock();
                for d in batch {
                    let p =
                        pending
                            .entry((d.campaign_id, d.slot_id, d.day))
                            .or_insert(AdCountDelta {
                                served: 0,
                                viewable: 0,
                                clicks: 0,
                                ..d
                            });
                    p.served += d.served;
                    p.viewable += d.viewable;
                    p.clicks += d.clicks;
                }
                Err(e)
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.lock().is_empty()
    }
}

/// The background task that flushes counts every `FLUSH_EVERY`, and once more on stop.
pub struct Flusher {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Flusher {
    pub fn spawn(ads: std::sync::Arc<super::Ads>, store: Store) -> Flusher {
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(super::FLUSH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                if let Err(e) = ads.counter.flush(&store).await {
                    tracing::warn!(error = %e, "ad counts not flushed yet; kept for the next try");
                }
            }
            // Shutting down: try a few times before giving up on the last counts.
            for attempt in 1..=5 {
                match ads.counter.flush(&store).await {
                    Ok(_) => return,
                    Err(e) if attempt == 5 => {
                        tracing::error!(error = %e, "ad counts lost at shutdown: the database did not answer");
                    }
                    Err(_) => {
                        tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await
                    }
                }
            }
        });
        Flusher { stop, task }
    }

    /// Stops the task after a final flush.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}
