//! The mail outbox: every message the site sends, and where mail waits without SMTP.

use crate::db::with_pool;
use crate::{Store, StoreError};
use serde::Serialize;

/// A message as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub kind: String,
    pub transport: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub error: Option<String>,
}

/// A message to record.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub kind: &'a str,
    /// `outbox` (kept here for an administrator to read) or `smtp`.
    pub transport: &'a str,
}

const COLUMNS: &str = "id, to_addr, subject, body, kind, transport, created_at, sent_at, error";

impl Store {
    pub async fn record_message(&self, m: &NewMessage<'_>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO outbox (to_addr, subject, body, kind, transport, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(m.to).bind(m.subject).bind(m.body).bind(m.kind).bind(m.transport)
            .bind(crate::now())
            .fetch_one(pool).await)?)
    }

    /// Records how an SMTP delivery went.
    pub async fn mark_message(&self, id: i64, error: Option<&str>) -> Result<(), StoreError> {
        let sql = "UPDATE outbox SET sent_at = $1, error = $2 WHERE id = $3";
        with_pool!(self, pool => sqlx::query(sql)
            .bind(error.is_none().then(crate::now)).bind(error).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The newest messages, optionally only those to one address.
    pub async fn outbox(
        &self,
        to: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR to_addr = $1) ORDER BY id DESC LIMIT $2"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, OutboxMessage>(sql)
            .bind(to).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?,
        )
    }
}
