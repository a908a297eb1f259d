//! Broadsheet comment screening: in-process, explainable, English and Turkish.
//!
//! [`Screener::builtin`] loads the embedded lexicons (`lexicon/`) and the trained model
//! (`model/model.txt`); [`Screener::screen`] returns a [`Screening`] with a [`Decision`],
//! per-category scores and [`Reason`]s whose spans point into the original text.

mod builtin;
mod eval;
mod jsonl;
pub mod lexicon;
mod messages;
pub mod model;
pub mod normalise;
mod rules;
mod screener;
mod types;

pub use eval::{CategoryStats, EvalError, EvalReport, Metrics, evaluate};
pub use jsonl::screen_jsonl;
pub use model::{Model, ModelError, TrainError, TrainOptions, train, train_with};
pub use normalise::{Normalised, Token, normalise, normalise_plain, turkish_lowercase};
pub use screener::{DEFAULT_MAX_LINKS, Screener, Signals};
pub use types::{AuthorContext, Category, Decision, Reason, Screening};

/// Trains on a corpus file's contents and returns the model text to write, with a summary line.
/// The app's `moderation train` command is a thin wrapper around this.
pub fn train_main(corpus_jsonl: &str) -> Result<(String, String), TrainError> {
    let model = train(corpus_jsonl)?;
    let summary = format!(
        "trained on {} lines, {} features",
        corpus_jsonl
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count(),
        model.len()
    );
    Ok((model.to_text(), summary))
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn screener_is_send_and_sync() {
        assert_send_sync::<super::Screener>();
    }
}
