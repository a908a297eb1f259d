//! Connecting to the chosen engine and running one piece of SQL on whichever pool we hold.

use crate::StoreError;
use crate::direct::DirectReads;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The handle every service uses. Cheap to clone: it shares one connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    /// The hot path's reads on a SQLite file, off SQLx's worker threads (decision 0046).
    direct: Option<Arc<DirectReads>>,
}

/// Connection pool figures for `/metrics`.
#[derive(Clone, Copy, Debug)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

/// Runs `$body` with `$pool` bound to the concrete pool; the SQL inside is written once.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside one write transaction, committed when the body succeeds and rolled
/// back when it returns early with `?`. SQLite starts it IMMEDIATE so that concurrent
/// writers queue on the busy timeout instead of failing on a lock upgrade.
macro_rules! in_write_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}
pub(crate) use {in_write_tx, with_pool};

/// `$first, $first+1, …`: `count` numbered placeholders, for an `IN (…)` list.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(|i| format!("${i}")).collect();
    list.join(", ")
}

impl Store {
    /// Opens the database named by `url` (`sqlite://…` or `postgres://…`) and applies
    /// pending migrations. A SQLite file is created if missing; its folder must exist.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let mut direct = None;
        let db = match Backend::of_url(url)? {
            Backend::Sqlite => {
                let opts = SqliteConnectOptions::from_str(url)
                    .map_err(|e| StoreError::BadUrl(e.to_string()))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                let file = opts.get_filename().to_path_buf();
                let in_memory = url.contains(":memory:") || url.contains("mode=memory");
                direct = DirectReads::for_file(file, in_memory);
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(5))
                    // A file has no other end to hang up; sqlx's default ping before
                    // each acquire is one more round trip to the connection's worker
                    // thread on every query (decision 0044).
                    .test_before_acquire(false)
                    // A connection whose transaction could not be ended (on a full disk
                    // SQLite rolls back by itself, sqlx's ROLLBACK then fails and still
                    // counts one open) would refuse every later BEGIN: close it instead.
                    .before_acquire(|conn, _| {
                        Box::pin(async move { Ok(!conn.is_in_transaction()) })
                    })
                    .after_connect(|conn, _| Box::pin(stable_plans(conn)))
                    .connect_with(opts)
                    .await
                    .map_err(StoreError::Unavailable)?;
                Db::Sqlite(pool)
            }
            Backend::Postgres => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::BadUrl(e.to_string()))?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(1))
                    .test_before_acquire(true)
                    .before_acquire(|conn, _| {
                        Box::pin(async move { Ok(!conn.is_in_transaction()) })
                    })
                    .connect_with(opts)
                    .await
                    .map_err(StoreError::Unavailable)?;
                Db::Postgres(pool)
            }
        };
        Ok(Store { db, direct })
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// One round trip to the database: the readiness check.
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub fn pool_stats(&self) -> PoolStats {
        with_pool!(self, pool => PoolStats {
            size: pool.size(),
            idle: pool.num_idle() as u32,
            max: pool.options().get_max_connections(),
        })
    }

    /// Waits for open connections to finish and closes the pool.
    pub async fn close(&self) {
        if let Some(direct) = &self.direct {
            direct.close();
        }
        with_pool!(self, pool => pool.close().await)
    }

    /// Where a hot read runs without a hop to SQLx's worker thread: on a SQLite file.
    pub(crate) fn direct(&self) -> Option<&DirectReads> {
        self.direct.as_deref()
    }
}

/// Turns on SQLite's query-planner stability guarantee for one connection. Without it,
/// SQLite 3.51 lets the bound value of `LIMIT $n` shape the plan, so every execution of
/// such a statement (most of our reader queries) re-prepared it from SQL text: about a
/// third of an uncached article render. Plans no longer depend on bound values, which
/// we never relied on (no `ANALYZE` statistics are kept).
async fn stable_plans(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    const SQLITE_DBCONFIG_ENABLE_QPSG: std::ffi::c_int = 1007;
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is this connection's open handle, held locked for the call; the option
    // takes an int and an optional out-pointer (null: we do not read the old value).
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::ffi::c_int,
            std::ptr::null_mut::<std::ffi::c_int>(),
        )
    };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sqlx::Error::Protocol(format!(
            "could not make SQLite query plans stable (code {rc})"
        )));
    }
    Ok(())
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::BadUrl(format!(
                "'{}' should start with sqlite:// or postgres://",
                url.chars().take(40).collect::<String>()
            ))),
        }
    }
}
