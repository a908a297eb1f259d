//! Training: parse a labelled JSONL corpus, hash its features, fit softmax regression by SGD.

use super::{CLASSES, Model, N, feature_value, features, softmax};
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
    #[error("too few labelled comments to train on: {0} (at least {1} are needed)")]
    TooFew(usize, usize),
}

/// Hyper-parameters; the defaults are what the shipped model uses.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// A bucket must occur in at least this many comments to get a weight.
    pub min_count: u32,
    /// The model has `1 << bits` hashed buckets.
    pub bits: u32,
    /// Keep the average of every SGD iterate instead of the last one.
    pub average: bool,
    /// Scale each feature by how strongly it separates violations from acceptable
    /// comments (naive-Bayes log-count ratio, plus this floor); 0 turns scaling off.
    pub nb_floor: f32,
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 60,
            learning_rate: 1.0,
            l2: 3e-5,
            min_count: 2,
            bits: 20,
            average: false,
            nb_floor: 0.5,
            seed: 0x5eed,
        }
    }
}

/// One labelled comment, ready for training and evaluation.
#[derive(Debug, Clone)]
pub struct Example {
    pub id: String,
    pub text: String,
    /// Index into [`CLASSES`].
    pub class: usize,
    /// The gold category name (`civil_strong_disagreement`… for ok lines).
    pub category: String,
    pub lang: String,
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    label: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    lang: String,
}

/// Parses labelled JSONL (`text`, `label`, `category` per line) into examples.
pub fn examples_from_jsonl(corpus: &str) -> Result<Vec<Example>, TrainError> {
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
        let class = match row.label.as_str() {
            "ok" => Some(0),
            "violation" => CLASSES.iter().position(|c| *c == row.category),
            _ => None,
        };
        let class = class.ok_or_else(|| {
            err(format!(
                "unknown label/category {}/{}",
                row.label, row.category
            ))
        })?;
        let id = match row.id {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => format!("line-{}", n + 1),
            other => other.to_string(),
        };
        out.push(Example {
            id,
            text: row.text,
            class,
            category: row.category,
            lang: row.lang,
        });
    }
    if out.is_empty() {
        return Err(TrainError::Empty);
    }
    Ok(out)
}

/// Trains with the default options on labelled JSONL.
pub fn train(corpus_jsonl: &str) -> Result<Model, TrainError> {
    train_with(&examples_from_jsonl(corpus_jsonl)?, TrainOptions::default())
}

/// Hashed features of each example's text.
pub(crate) fn featurise(examples: &[&Example], bits: u32) -> Vec<Vec<u32>> {
    let lex = builtin_lexicon();
    examples
        .iter()
        .map(|e| {
            let norm = normalise(&e.text);
            let hits = lex.scan(&norm.tokens);
            features::extract(&norm.tokens, &hits, bits)
        })
        .collect()
}

/// Trains a model on examples; thresholds stay at their defaults (see `tuning`).
pub fn train_with(examples: &[Example], opt: TrainOptions) -> Result<Model, TrainError> {
    let refs: Vec<&Example> = examples.iter().collect();
    let feats = featurise(&refs, opt.bits);
    let classes: Vec<usize> = examples.iter().map(|e| e.class).collect();
    Ok(fit(&feats, &classes, opt))
}

/// SGD on softmax cross-entropy with L2, shuffled each epoch by a fixed-seed generator.
pub(crate) fn fit(feats: &[Vec<u32>], classes: &[usize], opt: TrainOptions) -> Model {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for f in feats {
        for &x in f {
            *counts.entry(x).or_default() += 1;
        }
    }
    let docs: Vec<Vec<u32>> = feats
        .iter()
        .map(|f| {
            f.iter()
                .copied()
                .filter(|x| counts[x] >= opt.min_count)
                .collect()
        })
        .collect();
    let scale = feature_scale(&docs, classes, opt);
    let mut model = Model::zeroed(opt.bits);
    // Averaged SGD: `sum` accumulates step × update so the average of every iterate is
    // `w - sum / steps` at the end; the average generalises better than the last iterate.
    let mut sum = vec![0f32; model.weights.len()];
    let mut bias_sum = [0f32; N];
    let mut step = 1f32;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = opt.seed | 1;
    for epoch in 0..opt.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let lr = opt.learning_rate / (1.0 + epoch as f32 * 0.2);
        for &d in &order {
            let v = feature_value(docs[d].len());
            let mut z = model.bias;
            for &f in &docs[d] {
                for (k, zk) in z.iter_mut().enumerate() {
                    *zk += v * scale[f as usize] * model.weights[f as usize * N + k];
                }
            }
            let p = softmax(z);
            for k in 0..N {
                let g = p[k] - if k == classes[d] { 1.0 } else { 0.0 };
                model.bias[k] -= lr * g;
                bias_sum[k] -= step * lr * g;
                for &f in &docs[d] {
                    let at = f as usize * N + k;
                    let x = v * scale[f as usize];
                    let delta = -lr * (g * x + opt.l2 * model.weights[at]);
                    model.weights[at] += delta;
                    sum[at] += step * delta;
                }
            }
            step += 1.0;
        }
    }
    if opt.average {
        for (w, s) in model.weights.iter_mut().zip(&sum) {
            *w -= s / step;
        }
        for (b, s) in model.bias.iter_mut().zip(bias_sum) {
            *b -= s / step;
        }
    }
    // The scale is folded into the weights, so prediction needs no extra table.
    for (row, s) in model.weights.chunks_exact_mut(N).zip(&scale) {
        row.iter_mut().for_each(|w| *w *= s);
    }
    model
}

/// Per-bucket feature scale: 1 everywhere, or the floor plus the absolute naive-Bayes
/// log-count ratio between violations and acceptable comments.
fn feature_scale(docs: &[Vec<u32>], classes: &[usize], opt: TrainOptions) -> Vec<f32> {
    let mut scale = vec![1f32; 1usize << opt.bits];
    if opt.nb_floor <= 0.0 {
        return scale;
    }
    let mut bad = vec![0u32; scale.len()];
    let mut ok = vec![0u32; scale.len()];
    let (mut n_bad, mut n_ok) = (0f32, 0f32);
    for (doc, &class) in docs.iter().zip(classes) {
        let (counts, n) = if class == 0 {
            (&mut ok, &mut n_ok)
        } else {
            (&mut bad, &mut n_bad)
        };
        *n += 1.0;
        for &f in doc {
            counts[f as usize] += 1;
        }
    }
    for (i, s) in scale.iter_mut().enumerate() {
        if bad[i] + ok[i] > 0 {
            let p = (bad[i] as f32 + 1.0) / (n_bad + 1.0);
            let q = (ok[i] as f32 + 1.0) / (n_ok + 1.0);
            *s = opt.nb_floor + (p / q).ln().abs();
        }
    }
    scale
}
