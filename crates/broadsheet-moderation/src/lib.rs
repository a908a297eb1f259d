//! Broadsheet comment screening: in-process, explainable, English and Turkish.
//!
//! [`Screener::builtin`] loads the embedded lexicons (`lexicon/`) and the trained model
//! (`model/model.bin`); [`Screener::screen`] returns a [`Screening`] with a [`Decision`],
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
mod tuning;
mod types;

pub use eval::{CategoryStats, EvalError, EvalReport, Metrics, evaluate};
pub use jsonl::{read_corpus, screen_jsonl};
pub use model::{
    Example, Model, ModelError, Thresholds, TrainError, TrainOptions, examples_from_jsonl, train,
    train_with,
};
pub use normalise::{Normalised, Token, normalise, normalise_plain, turkish_lowercase};
pub use screener::{DEFAULT_MAX_LINKS, Screener, Signals};
pub use tuning::{MIN_EXAMPLES, TuneReport, train_tuned};
pub use types::{AuthorContext, Category, Decision, Reason, Screening};

/// Folds for the cross-validation that chooses the shipped model's thresholds.
pub const FOLDS: usize = 5;

/// Trains on a labelled corpus with cross-validated thresholds and returns the model file's
/// bytes with a report; the app's `moderation train` command wraps this. `progress` hears
/// each fold.
pub fn train_main(
    corpus_jsonl: &str,
    progress: impl FnMut(usize, usize),
) -> Result<(Vec<u8>, TuneReport), TrainError> {
    let examples = examples_from_jsonl(corpus_jsonl)?;
    let screener = Screener::builtin();
    let (model, report) = train_tuned(
        &examples,
        TrainOptions::default(),
        FOLDS,
        &screener,
        progress,
    )?;
    Ok((model.to_bytes(), report))
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn screener_is_send_and_sync() {
        assert_send_sync::<super::Screener>();
    }
}
