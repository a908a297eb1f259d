//! Normalisation against evasion: folds text into word tokens that keep their original byte spans.
//!
//! Handles compatibility forms, look-alike letters, invisible characters, leetspeak,
//! spaced-out letters ("i d i o t"), repeated letters ("stuuupid") and masking ("f*ck").

mod fold;
mod word;

pub use fold::turkish_lowercase;
use fold::{Folded, fold_char};
use serde::Serialize;
pub use word::Token;

/// Screening only looks at this many characters of a comment.
pub const MAX_CHARS: usize = 20_000;

/// The folded form of a text plus the way back to original byte offsets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Normalised {
    /// Folded tokens joined by single spaces (sentences are not marked here).
    pub text: String,
    /// Word tokens in order, each with its original byte span.
    pub tokens: Vec<Token>,
    /// Start offset of each token inside `text`.
    pub token_offsets: Vec<usize>,
    /// True when the input was longer than [`MAX_CHARS`] and the rest was ignored.
    pub truncated: bool,
}

impl Normalised {
    /// Maps a byte range of the folded `text` back to a byte range of the original text.
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self
            .token_offsets
            .partition_point(|&o| o <= start)
            .checked_sub(1)?;
        let last = self
            .token_offsets
            .partition_point(|&o| o < end.max(start + 1))
            .checked_sub(1)?;
        Some((self.tokens[first].start, self.tokens[last.max(first)].end))
    }

    /// Original byte span covering tokens `first..=last`.
    pub fn span_of(&self, first: usize, last: usize) -> (usize, usize) {
        (self.tokens[first].start, self.tokens[last].end)
    }
}

/// One folded unit with the original byte range it came from.
#[derive(Debug, Clone, Copy)]
struct Unit {
    f: Folded,
    start: usize,
    end: usize,
}

fn units(text: &str) -> (Vec<Unit>, bool) {
    let mut out = Vec::with_capacity(text.len().min(MAX_CHARS * 2));
    let mut buf = Vec::with_capacity(4);
    let mut truncated = false;
    for (n, (start, c)) in text.char_indices().enumerate() {
        if n >= MAX_CHARS {
            truncated = true;
            break;
        }
        let end = start + c.len_utf8();
        buf.clear();
        fold_char(c, &mut buf);
        out.extend(buf.iter().map(|&f| Unit { f, start, end }));
    }
    (out, truncated)
}

/// Normalises `text` (only its first [`MAX_CHARS`] characters) into folded tokens.
pub fn normalise(text: &str) -> Normalised {
    let (units, truncated) = units(text);
    let raw = word::split_words(&units);
    let tokens = word::join_spaced(raw);
    let mut out = Normalised {
        truncated,
        ..Default::default()
    };
    for t in tokens {
        if !out.text.is_empty() {
            out.text.push(' ');
        }
        out.token_offsets.push(out.text.len());
        out.text.push_str(&t.text);
        out.tokens.push(t);
    }
    out
}

/// The ablation and benchmark baseline: lowercase and split on non-alphanumerics, no folding.
pub fn normalise_plain(text: &str) -> Normalised {
    let mut out = Normalised::default();
    let mut sentence = 0u32;
    let mut start = None;
    let capped = text
        .char_indices()
        .nth(MAX_CHARS)
        .map_or(text.len(), |(i, _)| i);
    out.truncated = capped < text.len();
    for (i, c) in text[..capped]
        .char_indices()
        .chain(std::iter::once((capped, ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = text[s..i].to_lowercase();
                if !out.text.is_empty() {
                    out.text.push(' ');
                }
                out.token_offsets.push(out.text.len());
                out.text.push_str(&word);
                let t = Token {
                    text: word,
                    alts: Vec::new(),
                    squeezed: None,
                    start: s,
                    end: i,
                    sentence,
                    masked: false,
                    joined: false,
                };
                out.tokens.push(t);
                start = None;
            }
            _ => {}
        }
        if matches!(c, '.' | '!' | '?' | ';' | '\n') {
            sentence += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
