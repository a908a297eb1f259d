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
            sqlx::Error::Database(db) if is_transient_code(db.code().as_deref()) => {
                StoreError::Unavailable(e)
            }
            _ => StoreError::Database(e),
        }
    }
}

/// SQLite busy/locked/read-only/disk-full and PostgreSQL shutdown/connection codes.
fn is_transient_code(code: Option<&str>) -> bool {
    matches!(
        code,
        Some(
            "5" | "6"
                | "8"
                | "13"
                | "517"
                | "57P01"
                | "57P02"
                | "57P03"
                | "08000"
                | "08003"
                | "08006"
        )
    )
}
