//! The classifier: multinomial logistic regression over hashed [`features`], trained on a
//! labelled corpus ([`train`]), with decision thresholds chosen by cross-validation, stored
//! in a small binary file ([`format`]).

pub mod features;
mod format;
pub(crate) mod train;

pub use format::{FORMAT_VERSION, ModelError};
pub use train::{Example, TrainError, TrainOptions, examples_from_jsonl, train, train_with};

/// Class names in model order: `ok` first, then the violation categories.
pub const CLASSES: [&str; 5] = ["ok", "rude", "aggressive", "derogatory", "discriminatory"];
pub(crate) const N: usize = CLASSES.len();

/// Where the screener draws its lines; chosen by cross-validation when training.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Hold a comment when P(violation) reaches this.
    pub hold: f32,
    /// The same for comments of fewer than [`SHORT_TOKENS`] words, where the model knows less.
    pub hold_short: f32,
    /// Content rules that hold are overruled when P(violation) is below this (0: never), so
    /// a violent word in sport slang or a news report is not held on the word alone.
    /// Administrators' word lists are never overruled.
    pub veto: f32,
    /// The same for rules that reject (direct insults, threats, slurs): only when the model
    /// is nearly certain the comment is civil.
    pub veto_reject: f32,
}

/// Comments with fewer words than this use [`Thresholds::hold_short`].
pub const SHORT_TOKENS: usize = 5;

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            hold: 0.5,
            hold_short: 0.7,
            veto: 0.0,
            veto_reject: 0.0,
        }
    }
}

/// A trained model: weights per hashed bucket and class, thresholds and a description.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `1 << bits` buckets.
    pub(crate) bits: u32,
    pub(crate) bias: [f32; N],
    /// Row-major: bucket × class.
    pub(crate) weights: Vec<f32>,
    pub thresholds: Thresholds,
    /// Free text: corpus size, training date, cross-validated scores.
    pub description: String,
}

impl Model {
    /// An all-zero model with `1 << bits` buckets.
    pub fn zeroed(bits: u32) -> Model {
        Model {
            bits,
            bias: [0.0; N],
            weights: vec![0.0; (1usize << bits) * N],
            thresholds: Thresholds::default(),
            description: String::new(),
        }
    }

    /// Number of hash bits (the model has `1 << bits` buckets).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Class probabilities for a list of bucket indices, in [`CLASSES`] order.
    pub fn predict(&self, buckets: &[u32]) -> [f32; N] {
        softmax(self.logits(buckets))
    }

    /// Bias plus the weights of every present bucket, scaled by [`feature_value`].
    pub(crate) fn logits(&self, buckets: &[u32]) -> [f32; N] {
        let mut sum = [0f32; N];
        for &b in buckets {
            let row = &self.weights[b as usize * N..b as usize * N + N];
            for (a, w) in sum.iter_mut().zip(row) {
                *a += w;
            }
        }
        let v = feature_value(buckets.len());
        std::array::from_fn(|k| self.bias[k] + v * sum[k])
    }

    /// Number of buckets with a non-zero weight.
    pub fn len(&self) -> usize {
        self.weights
            .chunks_exact(N)
            .filter(|r| r.iter().any(|w| *w != 0.0))
            .count()
    }

    /// True if no bucket has a weight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Each present feature counts 1/√n, so a long comment does not pile up certainty just by
/// having more words; the total feature vector has unit length.
pub(crate) fn feature_value(n: usize) -> f32 {
    1.0 / (n.max(1) as f32).sqrt()
}

pub(crate) fn softmax(z: [f32; N]) -> [f32; N] {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut e = z.map(|x| (x - m).exp());
    let sum: f32 = e.iter().sum();
    for x in &mut e {
        *x /= sum;
    }
    e
}
