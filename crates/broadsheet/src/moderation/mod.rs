//! The moderation service: the site's policy settings and the decisions moderators take,
//! used by the desk (`web::moderation`), the JSON API (`api::moderation`) and posting.

pub mod decisions;
pub mod settings;

pub use settings::ModerationSettings;
