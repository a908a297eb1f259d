//! The labelled corpus the shipped model was trained on and the frozen evaluation set,
//! embedded so a site can retrain on them plus its own moderators' decisions.

/// Every training line (`corpus/train/*.jsonl`), JSON lines.
pub const SHIPPED_CORPUS: &str = include_str!(concat!(env!("OUT_DIR"), "/train.jsonl"));

/// The frozen evaluation set (`corpus/eval/*.jsonl`): never trained or tuned on.
pub const FROZEN_EVAL: &str = include_str!(concat!(env!("OUT_DIR"), "/eval.jsonl"));
