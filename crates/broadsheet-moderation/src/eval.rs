//! Evaluation on a labelled JSONL set: precision, recall and F1 on "violation", overall, per
//! language and per category, in the same terms as the project's `score.py`.

use crate::screener::Screener;
use crate::types::{AuthorContext, Category};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Binary metrics with "violation" as the positive class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub n: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub fpr: f64,
}

impl Metrics {
    pub(crate) fn add(&mut self, gold: bool, pred: bool) {
        self.n += 1;
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
        }
        let d = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = d(self.tp, self.tp + self.fp);
        self.recall = d(self.tp, self.tp + self.fn_);
        let pr = self.precision + self.recall;
        self.f1 = if pr > 0.0 {
            2.0 * self.precision * self.recall / pr
        } else {
            0.0
        };
        self.fpr = d(self.fp, self.fp + self.tn);
    }
}

/// Per gold category: how many were flagged, and (for violations) how many got the right category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CategoryStats {
    pub n: usize,
    pub flagged: usize,
    pub right_category: usize,
}

/// The evaluation result, with every prediction for `score.py`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    pub overall: Metrics,
    pub by_lang: BTreeMap<String, Metrics>,
    pub by_category: BTreeMap<String, CategoryStats>,
    /// `(id, violation)` per input line, in order.
    pub predictions: Vec<(serde_json::Value, bool)>,
    /// Ids of the wrongly screened lines.
    pub errors: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Row {
    id: serde_json::Value,
    text: String,
    label: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    lang: String,
}

/// Errors reading a labelled set.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EvalError {
    pub line: usize,
    pub message: String,
}

/// Screens every labelled line (default author context) and scores the decisions.
pub fn evaluate(labelled_jsonl: &str, screener: &Screener) -> Result<EvalReport, EvalError> {
    let mut r = EvalReport::default();
    let ctx = AuthorContext::default();
    for (n, line) in labelled_jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(line).map_err(|e| EvalError {
            line: n + 1,
            message: e.to_string(),
        })?;
        let s = screener.screen(&row.text, &ctx);
        let (gold, pred) = (row.label == "violation", s.violation());
        r.overall.add(gold, pred);
        r.by_lang
            .entry(row.lang.clone())
            .or_default()
            .add(gold, pred);
        let c = r.by_category.entry(row.category.clone()).or_default();
        c.n += 1;
        c.flagged += usize::from(pred);
        let cat = Category::from_name(&row.category);
        c.right_category +=
            usize::from(cat.is_some_and(|cat| s.reasons.iter().any(|x| x.category == cat)));
        if gold != pred {
            r.errors.push(row.id.clone());
        }
        r.predictions.push((row.id, pred));
    }
    Ok(r)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |f: &mut fmt::Formatter<'_>, name: &str, x: &Metrics| {
            writeln!(
                f,
                "{name:8} n={:4} P={:.3} R={:.3} F1={:.3} FPR={:.3} (TP={} FP={} FN={} TN={})",
                x.n, x.precision, x.recall, x.f1, x.fpr, x.tp, x.fp, x.fn_, x.tn
            )
        };
        m(f, "overall", &self.overall)?;
        for (lang, x) in &self.by_lang {
            m(f, lang, x)?;
        }
        for (cat, c) in &self.by_category {
            writeln!(
                f,
                "  {cat:26} flagged {:3}/{:3} = {:.3}  right category {}",
                c.flagged,
                c.n,
                c.flagged as f64 / c.n.max(1) as f64,
                c.right_category
            )?;
        }
        Ok(())
    }
}

/// Scores the screener's decisions on already parsed examples (default author context).
pub fn score_examples(examples: &[crate::model::Example], screener: &Screener) -> Metrics {
    let ctx = AuthorContext::default();
    let mut m = Metrics::default();
    for e in examples {
        m.add(e.class != 0, screener.screen(&e.text, &ctx).violation());
    }
    m
}
