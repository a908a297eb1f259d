//! Structured logs: human-readable text by default, JSON lines on request.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

/// How log lines are written (`--log-format`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Installs the global subscriber. An unparsable filter falls back to `info`.
pub fn init(format: LogFormat, filter: &str) {
    let targets: Targets = filter.parse().unwrap_or_else(|_| {
        eprintln!("broadsheet: ignoring the log filter '{filter}' (not understood); using 'info'");
        Targets::new().with_default(tracing::Level::INFO)
    });
    let registry = tracing_subscriber::registry().with(targets);
    let result = match format {
        LogFormat::Text => registry
            .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
            .try_init(),
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    // Tests may install a subscriber more than once; the first one wins.
    let _ = result;
}
