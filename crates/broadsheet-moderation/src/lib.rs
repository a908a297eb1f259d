//! Broadsheet comment screening: in-process, explainable, English and Turkish.
//!
//! [`Screener::builtin`] loads the embedded lexicons (`lexicon/`) and the trained model
//! (`model/model.bin`); [`Screener::screen`] returns a [`Screening`] with a [`Decision`],
//! per-category scores and [`Reason`]s whose spans point into the original text.

mod builtin;
mod corpus;
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

pub use corpus::{FROZEN_EVAL, SHIPPED_CORPUS};
pub use eval::{CategoryStats, EvalError, EvalReport, Metrics, evaluate, score_examples};
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

/// Retrains on the shipped corpus plus a site's own labelled examples (its moderators'
/// decisions; give their ids one prefix such as `site-`, so cross-validation treats the
/// site as one more writer).
pub fn retrain_with(
    site: Vec<Example>,
    progress: impl FnMut(usize, usize),
) -> Result<(Model, TuneReport), TrainError> {
    let mut examples = examples_from_jsonl(SHIPPED_CORPUS)?;
    examples.extend(site);
    let screener = Screener::builtin();
    train_tuned(
        &examples,
        TrainOptions::default(),
        FOLDS,
        &screener,
        progress,
    )
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn screener_is_send_and_sync() {
        assert_send_sync::<super::Screener>();
    }
}
