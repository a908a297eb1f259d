//! Logs, metrics and command-line progress.

pub mod logging;
pub mod metrics;
pub mod progress;
