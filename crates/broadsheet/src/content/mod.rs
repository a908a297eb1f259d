//! Content: Markdown to safe HTML, the demo newspaper, and first-start work.

pub mod demo;
pub mod first_start;
pub mod markdown;
