//! Broadsheet's domain: plain types and rules that know nothing of HTTP or SQL.

pub mod comment_status;
pub mod menu;
pub mod moderation;
pub mod role;
pub mod text;
pub mod workflow;

pub use comment_status::CommentStatus;
pub use role::Role;
pub use text::{EmailAddress, Slug, TextError};
pub use workflow::{Action, ArticleStatus, TransitionError};
