//! The hot path's short reads on SQLite, run on the calling thread over plain connections
//! instead of through SQLx's per-connection worker thread (decision 0046).
//!
//! Each SQLx SQLite query is a round trip to that connection's own thread: two channel
//! hand-offs and two thread wake-ups, which under load cost more than the indexed read
//! itself. The reads done on every signed-in page (the session, the reader's marks) are
//! a few rows from an index, so they run here, where the task already is. PostgreSQL has
//! no such hop and keeps its pool; writes always go through SQLx.

use crate::StoreError;
use parking_lot::Mutex;
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Idle connections kept for reuse: one per thread that reads at once is plenty.
const KEEP_IDLE: usize = 8;

/// Plain read-only connections to the store's SQLite file, opened on first use.
pub(crate) struct DirectReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for DirectReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectReads")
            .field("path", &self.path)
            .finish()
    }
}

impl DirectReads {
    /// Reads for the database file at `path`; `None` for an in-memory database, which no
    /// second connection could see.
    pub(crate) fn for_file(path: PathBuf, in_memory: bool) -> Option<Arc<DirectReads>> {
        let named = !path.as_os_str().is_empty() && path.as_os_str() != ":memory:";
        (named && !in_memory).then(|| {
            Arc::new(DirectReads {
                path,
                idle: Mutex::new(Vec::new()),
            })
        })
    }

    /// Runs `read` on an idle connection (or a new one) and keeps the connection for the
    /// next read. A read that fails leaves the connection as SQLite left it: autocommit
    /// statements hold nothing open between calls.
    pub(crate) fn run<T>(
        &self,
        read: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let held = self.idle.lock().pop();
        let conn = match held {
            Some(conn) => conn,
            None => self.open().map_err(store_error)?,
        };
        let out = read(&conn).map_err(store_error);
        let mut idle = self.idle.lock();
        if idle.len() < KEEP_IDLE {
            idle.push(conn);
        }
        out
    }

    /// Closes every idle connection (the store is closing).
    pub(crate) fn close(&self) {
        self.idle.lock().clear();
    }

    /// Opens read-write without create, then refuses writes: a read-only open could not
    /// set up the WAL index when the last SQLx connection has closed and removed it.
    fn open(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        // The same plan stability as the SQLx connections (see `db::stable_plans`).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(conn)
    }
}

/// A failed direct read as the store reports it: busy or unreadable is "try later".
fn store_error(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    let transient = matches!(
        e.sqlite_error_code(),
        Some(DatabaseBusy | DatabaseLocked | SystemIoFailure | CannotOpen)
    );
    let detail = sqlx::Error::AnyDriverError(Box::new(e));
    if transient {
        StoreError::Unavailable(detail)
    } else {
        StoreError::Database(detail)
    }
}
