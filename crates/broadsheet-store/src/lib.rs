//! Broadsheet persistence: one `Store` over SQLite or PostgreSQL, chosen at run time by URL.
//!
//! Every query is written once in the SQL both engines share and runs on whichever pool
//! the store holds (see `docs/decisions/0002-one-store-two-engines.md`).

mod db;
mod direct;
mod error;
mod in_tx;
mod migrate;
pub mod records;
pub mod secret;

mod accounts;
mod ads;
mod api_tokens;
mod archive;
mod articles;
mod comments;
mod editorial;
mod events;
mod jobs;
mod listings;
mod media;
mod menus;
mod moderation;
mod newsletters;
mod old_paths;
mod outbox;
mod pages;
mod revisions;
mod screener_models;
mod search;
mod sections;
mod sessions;
mod settings;
mod tokens;
mod two_step;
mod users;
mod webhooks;

pub use accounts::{AccountFlags, DeletedComments, LinkPurpose};
pub use ads::{
    AdCampaign, AdCountDelta, AdDay, AdDelivered, AdReportOf, AdSlot, NewAdCampaign, NewAdSlot,
};
pub use archive::{ArchiveError, ArchiveSummary, FILES_KEY, Files};
pub use articles::{ArticleCursor, NewArticle};
pub use comments::{
    AuthorStats, CommentArticle, CommentCursor, CommentEdit, CommentRow, CommentSort,
    CommentStatus, EditOutcome, NewComment, PostOutcome, ReaderOnArticle, Reported,
};
pub use db::{Backend, PoolStats, Store};
pub use editorial::{
    ArticleFilter, ArticleInput, EditorRow, PeopleKind, SaveOutcome, StaffArticle,
};
pub use error::StoreError;
pub use events::{EventListener, Heard};
pub use listings::{Author, Listing, SitemapEntry, SitemapPage};
pub use media::{MediaRecord, NewMedia};
pub use menus::{MenuItem, NewMenuItem};
pub use moderation::{Decided, LogEntry, QueueFilter, QueueItem, ReportNote, StandingChange};
pub use newsletters::{
    DeliveryOutcome, DueLetter, ListCount, ListKey, NewSend, NewsletterSend, SendReport,
    Subscribed, Subscription,
};
pub use old_paths::{OldPath, is_local_path};
pub use outbox::{NewMessage, OutboxMessage};
pub use pages::{PageInput, PageRevision, SitePage};
pub use records::*;
pub use revisions::{Correction, Revision, RevisionSummary};
pub use screener_models::{DeskDecision, ScreenerModel};
pub use search::{RANKED_MATCHES, SearchHit, SearchQuery, fold, search_terms};
pub use tokens::SetupOutcome;
pub use two_step::TwoStep;
pub use webhooks::{
    AttemptOutcome, DueDelivery, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookInput,
};

/// True for text no stored key can equal: PostgreSQL cannot store NUL in text (and
/// fails the whole query on it), so on both engines a lookup by such a key finds nothing.
pub(crate) fn unmatchable(key: &str) -> bool {
    key.contains('\0')
}

/// Seconds since the Unix epoch: the one time format stored on both backends.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
