//! Targeting rules over lexicon hits: who an insult is aimed at, threats, group hate, spam.

mod identity;
mod insult;
pub mod spam;
mod threat;

use crate::lexicon::{Hit, Kind, Lexicon};
use crate::normalise::{Normalised, Token};
use crate::types::Category;

/// How strongly a finding pushes the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Hold,
    Reject,
}

/// One rule firing on tokens `first..=last`.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub category: Category,
    pub rule: &'static str,
    pub severity: Severity,
    pub score: f32,
    pub first: usize,
    pub last: usize,
}

/// Tokens, lexicon hits and per-token kind masks shared by the rules.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub hits: Vec<Hit>,
    masks: Vec<u32>,
}

fn bit(kind: Kind) -> u32 {
    1 << (kind as u32)
}

const SECOND: &[&str] = &[
    "you",
    "youre",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "u",
    "ur",
    "ya",
    "sen",
    "seni",
    "sana",
    "senin",
    "sende",
    "senden",
    "siz",
    "sizi",
    "size",
    "sizin",
];
const FIRST: &[&str] = &[
    "i", "im", "ive", "me", "my", "myself", "id", "ill", "ben", "beni", "bana", "kendimi",
];
const NEGATION: &[&str] = &[
    "not", "no", "never", "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "nobody",
    "cant", "neither", "nor", "degil", "degilsin", "degiller", "degildir", "hic",
];
const COPULA: &[&str] = &[
    "are",
    "were",
    "is",
    "was",
    "be",
    "being",
    "all",
    "always",
    "never",
    "just",
    "simply",
    "mostly",
    "basically",
    "become",
    "becoming",
    "remain",
    "behave",
    "act",
    "like",
    "hepsi",
    "hep",
    "tamamen",
];

impl<'a> Ctx<'a> {
    /// Builds the context: scans the lexicon and indexes hits per token.
    pub fn new(text: &'a str, norm: &'a Normalised, lex: &Lexicon) -> Self {
        let tokens = &norm.tokens[..];
        let hits = lex.scan(tokens);
        let mut masks = vec![0u32; tokens.len()];
        for h in &hits {
            for m in &mut masks[h.first..=h.last] {
                *m |= bit(h.kind);
            }
        }
        Ctx {
            text,
            tokens,
            hits,
            masks,
        }
    }

    /// True if token `i` is covered by an entry of `kind`.
    pub fn is(&self, i: usize, kind: Kind) -> bool {
        self.masks.get(i).is_some_and(|m| m & bit(kind) != 0)
    }

    /// Token index range `[lo, hi)` of the sentence containing token `i`.
    pub fn sentence(&self, i: usize) -> (usize, usize) {
        let s = self.tokens[i].sentence;
        let lo = self.tokens[..i]
            .iter()
            .rposition(|t| t.sentence != s)
            .map_or(0, |p| p + 1);
        let hi = self.tokens[i..]
            .iter()
            .position(|t| t.sentence != s)
            .map_or(self.tokens.len(), |p| i + p);
        (lo, hi)
    }

    /// First token in `lo..hi` (clamped) covered by `kind`.
    pub fn find(&self, kind: Kind, lo: usize, hi: usize) -> Option<usize> {
        (lo..hi.min(self.tokens.len())).find(|&j| self.is(j, kind))
    }

    /// True if token `i` is one of `words`.
    pub fn word_in(&self, i: usize, words: &[&str]) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| words.contains(&t.text.as_str()))
    }

    /// First token in `lo..hi` (clamped) that is one of `words`.
    pub fn find_word(&self, words: &[&str], lo: usize, hi: usize) -> Option<usize> {
        (lo..hi.min(self.tokens.len())).find(|&j| self.word_in(j, words))
    }

    pub fn second_person(&self, i: usize) -> bool {
        self.word_in(i, SECOND)
    }

    pub fn first_person(&self, i: usize) -> bool {
        self.word_in(i, FIRST)
    }

    pub fn negation(&self, i: usize) -> bool {
        self.word_in(i, NEGATION)
    }

    pub fn copula(&self, i: usize) -> bool {
        self.word_in(i, COPULA)
    }

    /// True if the original text wraps tokens `first..=last` in quotation marks.
    pub fn quoted(&self, first: usize, last: usize) -> bool {
        let (s, e) = (self.tokens[first].start, self.tokens[last].end);
        let before = self.text[..s].chars().next_back();
        let after = self.text[e..].chars().next();
        let q = |c: Option<char>| {
            matches!(
                c,
                Some('"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '`')
            )
        };
        q(before) && q(after)
    }

    /// True if a sentence discusses or condemns hateful speech rather than using it.
    pub fn condemned(&self, lo: usize, hi: usize) -> bool {
        self.find(Kind::Condemn, lo, hi).is_some()
    }
}

/// Runs every content rule.
pub fn run(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    insult::run(ctx, &mut out);
    threat::run(ctx, &mut out);
    identity::run(ctx, &mut out);
    out
}

#[cfg(test)]
mod tests;
