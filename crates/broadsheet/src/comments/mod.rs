//! Comments: the service behind the web forms and the JSON API (posting with screening
//! and the author's nudge, replies, reactions, reports, edits, deletion), the views they
//! render, the sanitizer, settings, reply notifications and live updates.

pub mod format;
pub mod live;
mod notify;
pub mod public_rows;
pub mod rows;
pub mod section;
pub mod service;
pub mod settings;
pub mod streams;
pub mod view;

pub use service::{Draft, Mode, Posted, Poster, Refusal};
