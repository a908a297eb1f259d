//! Messages between the nodes of one site: PostgreSQL NOTIFY/LISTEN on one channel.
//! SQLite serves a single node, so there the store has no one to tell.

use crate::StoreError;
use crate::db::Db;
use crate::db::Store;
use sqlx::postgres::PgListener;

/// The one channel all nodes of a site share.
const CHANNEL: &str = "broadsheet_events";

/// What a node hears from the others.
#[derive(Debug, PartialEq, Eq)]
pub enum Heard {
    /// One message, as it was sent.
    Message(String),
    /// The connection dropped and was restored: messages may have been missed.
    Reconnected,
}

/// A subscription to the site's channel (PostgreSQL only).
pub struct EventListener {
    inner: PgListener,
}

impl EventListener {
    /// The next message. Reconnects by itself after a dropped connection and says so,
    /// since anything sent meanwhile is lost.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        match self
            .inner
            .try_recv()
            .await
            .map_err(StoreError::Unavailable)?
        {
            Some(n) => Ok(Heard::Message(n.payload().to_string())),
            None => Ok(Heard::Reconnected),
        }
    }
}

impl Store {
    /// True when other nodes may share this database (PostgreSQL).
    pub fn has_peers(&self) -> bool {
        matches!(self.db, Db::Postgres(_))
    }

    /// Sends `payload` (under 8,000 bytes) to every listening node, this one included.
    /// Does nothing on SQLite.
    pub async fn notify(&self, payload: &str) -> Result<(), StoreError> {
        if let Db::Postgres(pool) = &self.db {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Listens to the site's channel, or `None` on SQLite.
    pub async fn listen(&self) -> Result<Option<EventListener>, StoreError> {
        let Db::Postgres(pool) = &self.db else {
            return Ok(None);
        };
        let mut inner = PgListener::connect_with(pool)
            .await
            .map_err(StoreError::Unavailable)?;
        inner
            .listen(CHANNEL)
            .await
            .map_err(StoreError::Unavailable)?;
        Ok(Some(EventListener { inner }))
    }
}
