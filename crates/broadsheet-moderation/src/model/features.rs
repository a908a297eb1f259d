//! Classifier features: word unigrams and bigrams, Turkish-friendly stems, lexicon kinds.

use crate::lexicon::Hit;
use crate::normalise::Token;

/// Longest token (in chars) that still gets a stem feature.
const STEM: usize = 5;

/// Feature names of one comment, deduplicated.
pub fn extract(tokens: &[Token], hits: &[Hit]) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len() * 3 + hits.len() + 2);
    out.push("bias:len".to_owned() + len_bucket(tokens.len()));
    for (i, t) in tokens.iter().enumerate() {
        let w = t.text.as_str();
        out.push(format!("w:{w}"));
        if w.chars().count() > STEM + 1 {
            let stem: String = w.chars().take(STEM).collect();
            out.push(format!("p:{stem}"));
        }
        match tokens.get(i + 1) {
            Some(n) if n.sentence == t.sentence => out.push(format!("b:{w}_{}", n.text)),
            _ => out.push(format!("b:{w}_</s>")),
        }
        if i == 0 || tokens[i - 1].sentence != t.sentence {
            out.push(format!("b:<s>_{w}"));
        }
    }
    for h in hits {
        out.push(format!("k:{:?}", h.kind));
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn len_bucket(n: usize) -> &'static str {
    match n {
        0..=5 => "xs",
        6..=15 => "s",
        16..=40 => "m",
        _ => "l",
    }
}
