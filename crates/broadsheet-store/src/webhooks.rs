//! Webhook endpoints and their deliveries: registering, queueing a delivery per
//! subscribed endpoint, handing each due delivery to one node, and logging every attempt.
//! Changes to endpoints write an audit row in the same transaction.

use crate::db::{in_write_tx, with_pool};
use crate::in_tx::audit;
use crate::{Store, StoreError};
use serde::Serialize;

/// A registered endpoint. `secret` is stored sealed; the app opens it to sign.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub url: String,
    /// Event names separated by spaces.
    pub events: String,
    #[serde(skip)]
    pub secret: String,
    pub enabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl WebhookEndpoint {
    pub fn wants(&self, event: &str) -> bool {
        self.events.split(' ').any(|e| e == event)
    }
}

/// What an administrator sets on an endpoint.
#[derive(Clone, Debug)]
pub struct WebhookInput<'a> {
    pub url: &'a str,
    /// Event names separated by spaces.
    pub events: &'a str,
    pub enabled: bool,
}

/// One event on its way to one endpoint, as the newsroom lists it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct WebhookDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub event: String,
    pub payload: String,
    pub created_at: i64,
    pub attempts: i64,
    /// When it is tried (again); none once delivered or given up.
    pub next_attempt_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: String,
}

/// A claimed delivery with what sending it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub event: String,
    pub payload: String,
    pub attempts: i64,
    pub url: String,
    pub secret: String,
}

/// One try at sending a delivery.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct WebhookAttempt {
    pub id: i64,
    pub delivery_id: i64,
    pub attempted_at: i64,
    /// The receiver's HTTP status; none when no answer came.
    pub status: Option<i64>,
    pub duration_ms: i64,
    pub error: String,
}

/// What became of an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(i64),
    GiveUp,
}

const ENDPOINT: &str = "id, url, events, secret, enabled, created_at, updated_at";
const DELIVERY: &str = "id, endpoint_id, event, payload, created_at, attempts, next_attempt_at, \
                        delivered_at, last_status, last_error";

impl Store {
    pub async fn webhook_endpoints(&self) -> Result<Vec<WebhookEndpoint>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ENDPOINT} FROM webhook_endpoints ORDER BY id"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, WebhookEndpoint>(sql)
            .fetch_all(pool).await)?,
        )
    }

    pub async fn webhook_endpoint(&self, id: i64) -> Result<Option<WebhookEndpoint>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ENDPOINT} FROM webhook_endpoints WHERE id = $1"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, WebhookEndpoint>(sql)
            .bind(id).fetch_optional(pool).await)?,
        )
    }

    /// Registers an endpoint with its (sealed) secret; `actor` is audit-logged.
    pub async fn create_webhook(
        &self,
        input: &WebhookInput<'_>,
        sealed_secret: &str,
        actor: i64,
    ) -> Result<i64, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO webhook_endpoints (url, events, secret, enabled, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(input.url).bind(input.events).bind(sealed_secret).bind(input.enabled).bind(now)
            .fetch_one(&mut *tx).await?;
            audit!(tx, actor, "webhook-created", format!("webhook {id}: {}", input.url));
            id
        }))
    }

    /// Changes an endpoint's address, events and switch; false when it does not exist.
    pub async fn update_webhook(
        &self,
        id: i64,
        input: &WebhookInput<'_>,
        actor: i64,
    ) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let n = sqlx::query(
                "UPDATE webhook_endpoints SET url = $1, events = $2, enabled = $3, updated_at = $4 \
                 WHERE id = $5",
            )
            .bind(input.url).bind(input.events).bind(input.enabled).bind(crate::now()).bind(id)
            .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                let what = if input.enabled { "enabled" } else { "disabled" };
                audit!(tx, actor, "webhook-updated", format!("webhook {id}: {} ({what})", input.url));
            }
            n == 1
        }))
    }

    /// Replaces an endpoint's secret; false when it does not exist.
    pub async fn rotate_webhook_secret(
        &self,
        id: i64,
        sealed_secret: &str,
        actor: i64,
    ) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE webhook_endpoints SET secret = $1, updated_at = $2 WHERE id = $3")
                .bind(sealed_secret).bind(crate::now()).bind(id)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                audit!(tx, actor, "webhook-secret-rotated", format!("webhook {id}"));
            }
            n == 1
        }))
    }

    /// Removes an endpoint with its deliveries; false when it does not exist.
    pub async fn delete_webhook(&self, id: i64, actor: i64) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let url: Option<String> = sqlx::query_scalar("DELETE FROM webhook_endpoints WHERE id = $1 RETURNING url")
                .bind(id).fetch_optional(&mut *tx).await?;
            if let Some(url) = &url {
                audit!(tx, actor, "webhook-deleted", format!("webhook {id}: {url}"));
            }
            url.is_some()
        }))
    }

    /// Stores a site setting with an audit row naming who changed it.
    pub async fn set_setting_audited(
        &self,
        key: &str,
        value: &str,
        actor: i64,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) \
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key).bind(value).execute(&mut *tx).await?;
            audit!(tx, actor, "setting-changed", format!("{key} = {value}"));
        });
        Ok(())
    }

    /// Queues `payload` for every enabled endpoint subscribed to `event` (or only for
    /// endpoint `only`, subscribed or not, for a test event). Returns the delivery ids.
    pub async fn queue_webhook_deliveries(
        &self,
        event: &str,
        payload: &str,
        only: Option<i64>,
        now: i64,
    ) -> Result<Vec<i64>, StoreError> {
        // Events are stored space-separated; padding both sides matches whole names.
        let sql = "INSERT INTO webhook_deliveries (endpoint_id, event, payload, created_at, next_attempt_at) \
                   SELECT id, $1, $2, $3, $3 FROM webhook_endpoints WHERE enabled = TRUE \
                   AND (($4 IS NULL AND (' ' || events || ' ') LIKE ('% ' || $1 || ' %')) OR id = $4) \
                   RETURNING id";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(event).bind(payload).bind(now).bind(only)
            .fetch_all(pool).await)?)
    }

    /// Claims up to `limit` deliveries due by `now` for `lease_secs`, for enabled
    /// endpoints only: one node (or call) gets each, however many look at once.
    pub async fn claim_due_webhook_deliveries(
        &self,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        // As for mail: the claim condition is repeated outside the subquery so that
        // PostgreSQL re-checks a row another transaction claimed meanwhile, and skips it.
        let claim = "UPDATE webhook_deliveries SET claimed_until = $1 \
             WHERE id IN (SELECT d.id FROM webhook_deliveries d \
                 JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                 WHERE e.enabled = TRUE AND d.next_attempt_at <= $2 \
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $2) \
                 ORDER BY d.next_attempt_at, d.id LIMIT $3) \
             AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING id";
        let ids = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(claim)
            .bind(now + lease_secs).bind(now).bind(limit.clamp(1, 100))
            .fetch_all(pool).await)?;
        let one = "SELECT d.id, d.endpoint_id, d.event, d.payload, d.attempts, e.url, e.secret \
                   FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                   WHERE d.id = $1";
        let mut due = Vec::with_capacity(ids.len());
        for id in ids {
            let row = with_pool!(self, pool => sqlx::query_as::<_, DueDelivery>(one)
                .bind(id).fetch_optional(pool).await)?;
            due.extend(row);
        }
        Ok(due)
    }

    /// Logs one attempt and what follows from it, in one transaction.
    pub async fn record_webhook_attempt(
        &self,
        delivery_id: i64,
        attempt: &WebhookAttempt,
        outcome: AttemptOutcome,
    ) -> Result<(), StoreError> {
        let (next, delivered) = match outcome {
            AttemptOutcome::Delivered => (None, Some(attempt.attempted_at)),
            AttemptOutcome::RetryAt(at) => (Some(at), None),
            AttemptOutcome::GiveUp => (None, None),
        };
        in_write_tx!(self, tx => {
            sqlx::query("INSERT INTO webhook_attempts (delivery_id, attempted_at, status, duration_ms, error) \
                         VALUES ($1, $2, $3, $4, $5)")
                .bind(delivery_id).bind(attempt.attempted_at).bind(attempt.status)
                .bind(attempt.duration_ms).bind(&attempt.error)
                .execute(&mut *tx).await?;
            sqlx::query("UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $1, \
                         claimed_until = NULL, delivered_at = $2, last_status = $3, last_error = $4 \
                         WHERE id = $5")
                .bind(next).bind(delivered).bind(attempt.status).bind(&attempt.error).bind(delivery_id)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// An endpoint's newest deliveries.
    pub async fn webhook_deliveries(
        &self,
        endpoint_id: i64,
        limit: i64,
    ) -> Result<Vec<WebhookDelivery>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY} FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, WebhookDelivery>(sql)
            .bind(endpoint_id).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?,
        )
    }

    /// Every attempt at one delivery, oldest first.
    pub async fn webhook_attempts(
        &self,
        delivery_id: i64,
    ) -> Result<Vec<WebhookAttempt>, StoreError> {
        let sql = "SELECT id, delivery_id, attempted_at, status, duration_ms, error \
                   FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, WebhookAttempt>(sql)
            .bind(delivery_id).fetch_all(pool).await)?,
        )
    }
}
