//! Broadsheet persistence: one `Store` over SQLite or PostgreSQL, chosen at run time by URL.
//!
//! Every query is written once in the SQL both engines share and runs on whichever pool
//! the store holds (see `docs/decisions/0002-one-store-two-engines.md`).

mod db;
mod error;
mod migrate;
pub mod records;
pub mod secret;

mod articles;
mod sections;
mod sessions;
mod settings;
mod tokens;
mod users;

pub use articles::{ArticleCursor, NewArticle};
pub use db::{Backend, PoolStats, Store};
pub use error::StoreError;
pub use records::*;
pub use tokens::SetupOutcome;

/// Seconds since the Unix epoch: the one time format stored on both backends.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
