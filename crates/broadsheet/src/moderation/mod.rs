//! The moderation service: the site's policy settings, the policy applied to a reader's
//! comment, reader reports, and the decisions moderators take; used by the desk
//! (`web::moderation`), the JSON API (`api::moderation`) and posting.

pub mod decisions;
pub mod policy;
pub mod reports;
pub mod settings;

pub use settings::ModerationSettings;
