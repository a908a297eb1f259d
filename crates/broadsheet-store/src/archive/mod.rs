//! Whole-site archives: every table as JSON lines, read in one consistent snapshot
//! while the site runs, and restored into an empty database of either engine — a
//! backup, an export for other tools, and the way from SQLite to PostgreSQL.
//!
//! The format: a header line, then for each table a line naming it and its columns,
//! then one line per row holding the values in column order. Integers, floats, text,
//! booleans and null are plain JSON; binary values are hex strings. After the tables
//! the application may append a files part (`FILES_KEY`), which restore hands back.

mod export;
mod restore;
mod value;

use crate::StoreError;

/// Tables in an order where every row's references point to a table already written.
/// Search indexes are left out: the target database rebuilds its own.
pub const TABLES: &[&str] = &[
    "users",
    "two_step_recovery_codes",
    "api_tokens",
    "setup_tokens",
    "sessions",
    "settings",
    "sections",
    "tags",
    "articles",
    "article_authors",
    "article_tags",
    "revisions",
    "article_slugs",
    "old_paths",
    "corrections",
    "article_events",
    "author_profiles",
    "media",
    "job_leases",
    "account_tokens",
    "outbox",
    "comments",
    "comment_reactions",
    "comment_reports",
    "ad_slots",
    "ad_campaigns",
    "ad_images",
    "ad_stats",
    "ad_suppressed_articles",
    "moderation_log",
    "screener_models",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
];

/// The archive format this binary writes and reads.
pub const FORMAT: i64 = 1;

/// How many rows of each table went out or came in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveSummary {
    pub tables: Vec<(String, u64)>,
}

impl ArchiveSummary {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Why an archive could not be written or restored.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the archive failed: {0}")]
    Write(#[source] std::io::Error),
    #[error("reading the archive failed: {0}")]
    Read(#[source] std::io::Error),
    #[error("line {line}: {message}")]
    Invalid { line: u64, message: String },
    #[error(
        "the archive is of schema version {archive}, this database of {database}; restore it with the matching Broadsheet version"
    )]
    SchemaMismatch { archive: i64, database: i64 },
    #[error("restore needs an empty database; this one already has {0}")]
    NotEmpty(String),
}

impl From<sqlx::Error> for ArchiveError {
    fn from(e: sqlx::Error) -> Self {
        ArchiveError::Store(e.into())
    }
}

/// Reports progress: (table, rows so far in it).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64);

/// Takes each line of an archive's files part (after the tables, written by the app:
/// media files); an error refuses the archive.
pub type Files<'a> = &'a mut dyn FnMut(&[serde_json::Value]) -> Result<(), String>;

/// The key of the line that opens the files part: `{"files": "<what>"}`. Every line
/// after it is a JSON array handed to [`Files`].
pub const FILES_KEY: &str = "files";
