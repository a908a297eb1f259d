//! Content: Markdown to safe HTML, the demo newspaper (with its pages), and first-start work.

pub mod demo;
pub mod demo_pages;
pub mod first_start;
pub mod markdown;
