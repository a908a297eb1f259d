//! A multinomial logistic-regression classifier over [`features`], trained on a labelled corpus
//! and stored as a small plain-text file.

pub mod features;
mod train;

use std::collections::HashMap;
use std::fmt::Write as _;
pub use train::{TrainError, TrainOptions, train, train_with};

/// Class names in model order: `ok` first, then the violation categories.
pub const CLASSES: [&str; 6] = [
    "ok",
    "rude",
    "aggressive",
    "derogatory",
    "discriminatory",
    "spam",
];
const N: usize = CLASSES.len();
const MAGIC: &str = "broadsheet-moderation-model v1";

/// Weights per feature and class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub(crate) bias: [f32; N],
    pub(crate) weights: HashMap<String, [f32; N]>,
}

/// Errors reading a model file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a moderation model file (missing header)")]
    Header,
    #[error("line {0}: malformed model line")]
    Line(usize),
}

impl Model {
    /// Class probabilities for a feature list, in [`CLASSES`] order.
    pub fn predict(&self, features: &[String]) -> [f32; N] {
        let mut z = self.bias;
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (a, b) in z.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        softmax(z)
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True if the model has no feature weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Serialises as text: a header, the classes, the bias, then one `feature<TAB>weights` line
    /// per feature, sorted.
    pub fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\nclasses {}\n", CLASSES.join(" "));
        let row = |w: &[f32; N]| {
            w.iter()
                .map(|x| format!("{x:.4}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(s, "bias\t{}", row(&self.bias));
        let mut keys: Vec<&String> = self.weights.keys().collect();
        keys.sort();
        for k in keys {
            let _ = writeln!(s, "{k}\t{}", row(&self.weights[k]));
        }
        s
    }

    /// Parses the format written by [`Model::to_text`].
    pub fn from_text(text: &str) -> Result<Model, ModelError> {
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(MAGIC) {
            return Err(ModelError::Header);
        }
        let mut model = Model::default();
        for (n, line) in lines.enumerate() {
            if line.is_empty() || line.starts_with("classes ") || line.starts_with('#') {
                continue;
            }
            let (name, rest) = line.split_once('\t').ok_or(ModelError::Line(n + 2))?;
            let mut w = [0f32; N];
            let mut parts = rest.split(' ');
            for x in &mut w {
                *x = parts
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or(ModelError::Line(n + 2))?;
            }
            if name == "bias" {
                model.bias = w;
            } else {
                model.weights.insert(name.to_owned(), w);
            }
        }
        Ok(model)
    }
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
