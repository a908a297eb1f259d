//! Learning from the desk: every moderator's approve or reject is a labelled comment.
//! A candidate model is trained on the shipped corpus plus the site's older decisions,
//! scored against the model in use on the frozen evaluation set and on the site's most
//! recent decisions (which it did not train on), and stored; activating it is a
//! separate step, by an administrator or automatically when it is not worse on both.

use broadsheet_moderation::model::CLASSES;
use broadsheet_moderation::{
    Example, FROZEN_EVAL, Metrics, Screener, examples_from_jsonl, retrain_with, score_examples,
};
use broadsheet_store::{DeskDecision, Store};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Fewest moderator decisions worth retraining on.
pub const MIN_DECISIONS: usize = 20;
/// The settings key of "activate a candidate that is not worse on both sets".
pub const AUTO_ACTIVATE: &str = "screener_auto_activate";

/// Why no candidate was trained.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    #[error("only {0} moderator decisions so far; at least {MIN_DECISIONS} are needed to retrain")]
    TooFewDecisions(usize),
    #[error("training failed: {0}")]
    Training(String),
    #[error(transparent)]
    Store(#[from] broadsheet_store::StoreError),
}

/// Precision, recall and F1 on one labelled set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub n: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl From<Metrics> for Score {
    fn from(m: Metrics) -> Score {
        Score {
            n: m.n,
            precision: m.precision,
            recall: m.recall,
            f1: m.f1,
        }
    }
}

/// One model's scores on both sets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub frozen: Score,
    pub recent: Score,
}

/// What a training run found; stored with the candidate as its metrics.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub candidate: Scores,
    /// The model that was active when the candidate was trained.
    pub current: Scores,
    pub current_model: Option<i64>,
    /// Site decisions trained on, and the most recent ones kept aside to score on.
    pub site_trained: usize,
    pub site_held_out: usize,
    /// Cross-validated F1 of the candidate on everything it trained on.
    pub cross_validated_f1: f64,
}

impl Comparison {
    /// True when the candidate scores at least as well as the current model on both sets.
    pub fn not_worse(&self) -> bool {
        self.candidate.frozen.f1 >= self.current.frozen.f1
            && self.candidate.recent.f1 >= self.current.recent.f1
    }
}

/// A moderator's decision as a training example. The category of a rejection is the
/// screener's own reason when it gave one (moderators reject without naming one).
fn example(d: &DeskDecision) -> Example {
    let violations = &CLASSES[1..];
    let reasons: Vec<serde_json::Value> = serde_json::from_str(&d.reasons).unwrap_or_default();
    let category = if d.is_violation() {
        reasons
            .iter()
            .filter_map(|r| r["category"].as_str())
            .find(|c| violations.contains(c))
            .unwrap_or("rude")
    } else {
        "civil"
    };
    Example {
        id: format!("site-{}", d.comment_id),
        text: d.body_md.clone(),
        // "civil" is no class name: index 0, `ok`.
        class: CLASSES.iter().position(|c| *c == category).unwrap_or(0),
        category: category.to_string(),
        lang: String::new(),
    }
}

/// Trains a candidate on the shipped corpus and the site's decisions, scores it against
/// `current` (active model `current_model`), stores it inactive and returns its id.
pub async fn train_candidate(
    store: &Store,
    current: Arc<Screener>,
    current_model: Option<i64>,
    actor: Option<i64>,
    progress: impl FnMut(usize, usize) + Send + 'static,
) -> Result<(i64, Comparison), LearnError> {
    let decisions = store.desk_decisions(0).await?;
    if decisions.len() < MIN_DECISIONS {
        return Err(LearnError::TooFewDecisions(decisions.len()));
    }
    // The newest fifth is kept aside: how the model does on what moderators decide next.
    let held = (decisions.len() / 5).max(5);
    let examples: Vec<Example> = decisions.iter().map(example).collect();
    let (site, recent) = examples.split_at(examples.len() - held);
    let (site, recent) = (site.to_vec(), recent.to_vec());
    let outcome = tokio::task::spawn_blocking(move || {
        let (model, report) = retrain_with(site.clone(), progress).map_err(|e| e.to_string())?;
        let frozen = examples_from_jsonl(FROZEN_EVAL).map_err(|e| e.to_string())?;
        let candidate = Screener::builtin().with_model(Some(model.clone()));
        let scores = |s: &Screener| Scores {
            frozen: score_examples(&frozen, s).into(),
            recent: score_examples(&recent, s).into(),
        };
        let comparison = Comparison {
            candidate: scores(&candidate),
            current: scores(&current),
            current_model,
            site_trained: site.len(),
            site_held_out: recent.len(),
            cross_validated_f1: report.overall.f1,
        };
        Ok::<_, String>((model.to_bytes(), report.examples, comparison))
    })
    .await
    .map_err(|e| LearnError::Training(e.to_string()))?
    .map_err(LearnError::Training)?;
    let (bytes, trained_on, comparison) = outcome;
    let metrics = serde_json::to_string(&comparison).unwrap_or_else(|_| "{}".into());
    let id = store
        .save_screener_model(&bytes, &metrics, trained_on as i64, actor)
        .await?;
    Ok((id, comparison))
}

/// True when the site activates candidates that are not worse by itself.
pub async fn auto_activate(store: &Store) -> bool {
    matches!(store.setting(AUTO_ACTIVATE).await, Ok(Some(v)) if v == "on")
}
