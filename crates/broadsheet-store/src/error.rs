//! The store's error type: what callers may branch on, with driver detail kept for logs.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database URL is not valid: {0}")]
    BadUrl(String),
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    #[error("not found")]
    NotFound,
    #[error("already exists: {0}")]
    Conflict(String),
    /// The disk under the database is full: writes fail until space returns.
    #[error("the database's disk is full")]
    OutOfSpace(#[source] sqlx::Error),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration {version} failed")]
    Migration {
        version: i64,
        #[source]
        source: sqlx::Error,
    },
}

impl StoreError {
    /// True when retrying later may succeed (the database went away or is overloaded).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(e),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.constraint().unwrap_or("unique").to_string())
            }
            sqlx::Error::Database(db) => match fault_of(db.as_ref()) {
                Fault::OutOfSpace => StoreError::OutOfSpace(e),
                Fault::Transient => StoreError::Unavailable(e),
                Fault::Other => StoreError::Database(e),
            },
            _ => StoreError::Database(e),
        }
    }
}

enum Fault {
    OutOfSpace,
    Transient,
    Other,
}

/// Sorts a driver error into what a caller can act on. SQLite reports extended result
/// codes (a primary code in the low byte); PostgreSQL reports SQLSTATE classes.
fn fault_of(db: &dyn sqlx::error::DatabaseError) -> Fault {
    let code = db.code().unwrap_or_default();
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // 13 FULL; 5 BUSY, 6 LOCKED, 8 READONLY, 10 IOERR, 14 CANTOPEN.
        return match code.parse::<i32>().unwrap_or(0) & 0xff {
            13 => Fault::OutOfSpace,
            5 | 6 | 8 | 10 | 14 => Fault::Transient,
            _ => Fault::Other,
        };
    }
    match code.as_ref() {
        // disk_full
        "53100" => Fault::OutOfSpace,
        // connection exceptions, operator intervention (shutdown), out of memory or
        // connections, a read-only (standby) server.
        c if c.starts_with("08") || c.starts_with("57P") => Fault::Transient,
        "53200" | "53300" | "25006" => Fault::Transient,
        _ => Fault::Other,
    }
}
