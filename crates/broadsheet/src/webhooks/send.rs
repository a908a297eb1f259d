//! Sending deliveries: whichever node claims a due delivery POSTs it once, signed (over
//! `http`: short timeouts, no redirects, a capped read of the answer); a failure waits
//! longer each time and is given up after the last wait. Every attempt is logged.

use super::{http, private_targets_allowed, signature, target};
use crate::state::AppState;
use broadsheet_store::{AttemptOutcome, DueDelivery, StoreError, WebhookAttempt};
use std::collections::BTreeMap;
use std::time::Instant;

/// The wait before each retry, after the first, second, … failed attempt; after the last
/// one the delivery is given up (six attempts in about fifteen hours).
pub const BACKOFF_SECS: [i64; 5] = [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600];
/// How long a node's claim on a delivery lasts: well beyond a batch to one endpoint sent
/// one after another (`BATCH` requests of at most 10 seconds each).
const CLAIM_SECS: i64 = 600;
/// Most deliveries one tick sends.
const BATCH: i64 = 20;
/// What the sealed secrets are bound to.
pub const SECRET_CONTEXT: &str = "webhook-secret";

/// The next retry time after `failures` failed attempts (this one included), or none.
pub fn retry_at(now: i64, failures: i64) -> Option<i64> {
    let index = usize::try_from(failures - 1).ok()?;
    BACKOFF_SECS.get(index).map(|wait| now + wait)
}

/// Sends the deliveries due by `now` that this call claims; every node may call it, each
/// delivery goes to one. Endpoints are served side by side, each one's deliveries in the
/// order they were queued, so one slow receiver delays only itself. Returns how many it
/// tried.
pub async fn deliver_due(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let mut due = state
        .store
        .claim_due_webhook_deliveries(now, CLAIM_SECS, BATCH)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let tried = due.len();
    let allow_private = private_targets_allowed(state).await;
    due.sort_by_key(|d| d.id);
    let mut by_endpoint: BTreeMap<i64, Vec<DueDelivery>> = BTreeMap::new();
    for d in due {
        by_endpoint.entry(d.endpoint_id).or_default().push(d);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (_, queue) in by_endpoint {
        let state = state.clone();
        tasks.spawn(async move {
            for d in &queue {
                send_one(&state, d, now, allow_private).await?;
            }
            Ok::<(), StoreError>(())
        });
    }
    let mut failed = None;
    while let Some(joined) = tasks.join_next().await {
        if let Ok(Err(e)) = joined {
            failed.get_or_insert(e);
        }
    }
    failed.map_or(Ok(tried), Err)
}

/// Sends one delivery and logs the attempt with what follows: done, retry, or give up.
async fn send_one(
    state: &AppState,
    delivery: &DueDelivery,
    now: i64,
    allow_private: bool,
) -> Result<(), StoreError> {
    let (status, error, duration_ms) = attempt(state, delivery, allow_private).await;
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    let outcome = if delivered {
        AttemptOutcome::Delivered
    } else {
        retry_at(now, delivery.attempts + 1).map_or(AttemptOutcome::GiveUp, AttemptOutcome::RetryAt)
    };
    if !delivered {
        tracing::warn!(delivery = delivery.id, ?status, error = %error, ?outcome, "webhook delivery failed");
    }
    let logged = WebhookAttempt {
        id: 0,
        delivery_id: delivery.id,
        attempted_at: broadsheet_store::now(),
        status,
        duration_ms,
        error,
    };
    state
        .store
        .record_webhook_attempt(delivery.id, &logged, outcome)
        .await
}

/// One POST of a delivery: (the receiver's status, an error text, milliseconds taken).
async fn attempt(
    state: &AppState,
    d: &DueDelivery,
    allow_private: bool,
) -> (Option<i64>, String, i64) {
    let started = Instant::now();
    let result = post(state, d, allow_private).await;
    let ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match result {
        Ok(status) if (200..300).contains(&status) => (Some(status), String::new(), ms),
        Ok(status) => (Some(status), format!("the receiver answered {status}"), ms),
        Err(e) => (None, e, ms),
    }
}

async fn post(state: &AppState, d: &DueDelivery, allow_private: bool) -> Result<i64, String> {
    let url = target::parse(&d.url).map_err(|e| e.to_string())?;
    // Checked now, not only at registration: the name may point elsewhere since.
    let addrs = target::resolve(&url, allow_private)
        .await
        .map_err(|e| e.to_string())?;
    let secret = state
        .sealed
        .open(SECRET_CONTEXT, &d.secret)
        .map_err(|_| "the endpoint's secret cannot be opened with this site's key".to_string())?;
    let timestamp = broadsheet_store::now();
    let body = d.payload.clone().into_bytes();
    let headers = [
        ("Content-Type", "application/json".to_string()),
        (
            signature::SIGNATURE_HEADER,
            signature::header_value(&secret, timestamp, &body),
        ),
        ("Broadsheet-Event", d.event.clone()),
        ("Broadsheet-Delivery", d.id.to_string()),
    ];
    // Connect only to the addresses just checked, never to a fresh lookup.
    let status = http::post(&url, &addrs, &headers, body, &state.tls).await?;
    Ok(i64::from(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let waits: Vec<Option<i64>> = (1..=6)
            .map(|f| retry_at(1000, f).map(|t| t - 1000))
            .collect();
        assert_eq!(
            waits,
            [
                Some(60),
                Some(300),
                Some(1800),
                Some(7200),
                Some(43200),
                None
            ]
        );
    }
}
