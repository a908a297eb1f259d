//! Training: parse a labelled JSONL corpus, extract features, fit softmax regression by SGD.

use super::{CLASSES, Model, N, features, softmax};
use crate::builtin::builtin_lexicon;
use crate::normalise::normalise;
use serde::Deserialize;
use std::collections::HashMap;

/// Errors while training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the corpus has no labelled comments")]
    Empty,
}

/// Hyper-parameters; the defaults are what the committed model uses.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// A feature must occur in at least this many comments.
    pub min_count: u32,
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 40,
            learning_rate: 0.2,
            l2: 1e-4,
            min_count: 2,
            seed: 0x5eed,
        }
    }
}

#[derive(Deserialize)]
struct Row {
    text: String,
    label: String,
    #[serde(default)]
    category: String,
}

fn class_of(row: &Row) -> Option<usize> {
    if row.label == "ok" {
        return Some(0);
    }
    CLASSES.iter().position(|c| *c == row.category)
}

/// Parses labelled JSONL into (features, class) pairs.
pub(crate) fn examples(corpus: &str) -> Result<Vec<(Vec<String>, usize)>, TrainError> {
    let lex = builtin_lexicon();
    let mut out = Vec::new();
    for (n, line) in corpus.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| TrainError::Line {
            line: n + 1,
            message,
        };
        let row: Row = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let class = class_of(&row).ok_or_else(|| {
            err(format!(
                "unknown label/category {}/{}",
                row.label, row.category
            ))
        })?;
        let norm = normalise(&row.text);
        let hits = lex.scan(&norm.tokens);
        out.push((features::extract(&norm.tokens, &hits), class));
    }
    if out.is_empty() {
        return Err(TrainError::Empty);
    }
    Ok(out)
}

/// Trains with the default options.
pub fn train(corpus_jsonl: &str) -> Result<Model, TrainError> {
    train_with(corpus_jsonl, TrainOptions::default())
}

/// Trains a model on a labelled JSONL corpus (`text`, `label`, `category` per line).
pub fn train_with(corpus_jsonl: &str, opt: TrainOptions) -> Result<Model, TrainError> {
    let data = examples(corpus_jsonl)?;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for (f, _) in &data {
        for x in f {
            *counts.entry(x.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<&str> = counts
        .iter()
        .filter(|(_, c)| **c >= opt.min_count)
        .map(|(k, _)| *k)
        .collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let docs: Vec<(Vec<usize>, usize)> = data
        .iter()
        .map(|(f, c)| {
            (
                f.iter()
                    .filter_map(|x| index.get(x.as_str()).copied())
                    .collect(),
                *c,
            )
        })
        .collect();
    let mut w = vec![[0f32; N]; names.len()];
    let mut bias = [0f32; N];
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = opt.seed | 1;
    for epoch in 0..opt.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let lr = opt.learning_rate / (1.0 + epoch as f32 * 0.1);
        for &d in &order {
            let (feats, class) = &docs[d];
            let mut z = bias;
            for &f in feats {
                for k in 0..N {
                    z[k] += w[f][k];
                }
            }
            let p = softmax(z);
            for k in 0..N {
                let g = p[k] - if k == *class { 1.0 } else { 0.0 };
                bias[k] -= lr * g;
                for &f in feats {
                    w[f][k] -= lr * (g + opt.l2 * w[f][k]);
                }
            }
        }
    }
    let round = |x: f32| (x * 10_000.0).round() / 10_000.0;
    let weights = names
        .iter()
        .zip(&w)
        .filter(|(_, w)| w.iter().any(|x| x.abs() >= 0.01))
        .map(|(k, w)| (k.to_string(), w.map(round)))
        .collect();
    Ok(Model {
        bias: bias.map(round),
        weights,
    })
}
