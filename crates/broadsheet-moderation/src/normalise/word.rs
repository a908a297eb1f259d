//! Word splitting over folded units: leetspeak, masks, repeated letters and spaced-out letters.

use super::Unit;
use super::fold::Folded;
use serde::Serialize;

/// A normalised word with its original byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Primary folded form (leetspeak decoded, runs of 3+ letters cut to 2).
    pub text: String,
    /// Other forms worth matching: `1` read as `l`, raw digits.
    pub alts: Vec<String>,
    /// All letter runs squeezed to one, present only when the word had a run of three or more.
    pub squeezed: Option<String>,
    /// Start byte in the original text.
    pub start: usize,
    /// End byte (exclusive) in the original text.
    pub end: usize,
    /// Sentence number, counted from 0.
    pub sentence: u32,
    /// The word contains mask characters (`*`), matched with wildcards.
    pub masked: bool,
    /// The word was rebuilt from spaced-out single letters.
    pub joined: bool,
}

impl Token {
    /// The primary form followed by the alternative forms.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.alts.iter().map(String::as_str))
    }
}

fn leet(c: char, one: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => return None,
    })
}

/// Cuts runs of more than `keep` equal letters down to `keep`.
fn squeeze(s: &str, keep: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut prev, mut run) = ('\0', 0);
    for c in s.chars() {
        run = if c == prev { run + 1 } else { 1 };
        prev = c;
        if run <= keep || c.is_ascii_digit() {
            out.push(c);
        }
    }
    out
}

fn make_token(chars: &[Folded], start: usize, end: usize, sentence: u32) -> Option<Token> {
    let letters = chars
        .iter()
        .filter(|f| matches!(f, Folded::Letter(_)))
        .count();
    let leet_symbols = chars
        .iter()
        .filter(|f| matches!(f, Folded::Symbol('@' | '$')))
        .count();
    let decode = letters >= 2 || (letters == 1 && chars.len() >= 3) || leet_symbols >= 2;
    let build = |one: char, raw: bool| -> String {
        chars
            .iter()
            .filter_map(|f| match *f {
                Folded::Letter(c) => Some(c),
                Folded::Digit(d) if raw || !decode => Some(d),
                Folded::Digit(d) => leet(d, one).or(Some(d)),
                Folded::Symbol('*') => Some('*'),
                Folded::Symbol(s) if decode && !raw => leet(s, one),
                _ => None,
            })
            .collect()
    };
    let primary = build('i', false).trim_matches('*').to_owned();
    if primary.is_empty() || primary.chars().all(|c| c == '*') {
        return None;
    }
    let text = squeeze(&primary, 2);
    let squeezed = (text != primary).then(|| squeeze(&primary, 1));
    let mut alts = Vec::new();
    for cand in [
        squeeze(build('l', false).trim_matches('*'), 2),
        build('i', true).trim_matches('*').to_owned(),
    ] {
        if cand != text && !cand.is_empty() && !alts.contains(&cand) {
            alts.push(cand);
        }
    }
    let masked = text.contains('*');
    Some(Token {
        text,
        alts,
        squeezed,
        start,
        end,
        sentence,
        masked,
        joined: false,
    })
}

fn next_real(units: &[Unit], mut i: usize) -> Option<Folded> {
    while i < units.len() {
        if units[i].f != Folded::Ignore {
            return Some(units[i].f);
        }
        i += 1;
    }
    None
}

/// Splits folded units into tokens and counts sentences.
pub(super) fn split_words(units: &[Unit]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut sentence = 0u32;
    let mut i = 0;
    let mut cur: Vec<Folded> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut ws = 0usize;
    while i <= units.len() {
        let u = units.get(i).copied();
        let in_word = match u.map(|u| u.f) {
            Some(Folded::Letter(_) | Folded::Digit(_)) => true,
            Some(Folded::Ignore) => !cur.is_empty(),
            Some(Folded::Symbol(s)) => {
                let next = next_real(units, i + 1);
                let wordy = matches!(next, Some(Folded::Letter(_) | Folded::Digit(_)));
                let symbol = matches!(next, Some(Folded::Symbol(_)));
                match s {
                    _ if !cur.is_empty() => wordy || symbol || matches!(s, '$' | '*' | '@'),
                    '*' | '$' => wordy || symbol,
                    '@' => symbol || matches!(next, Some(Folded::Digit(_))),
                    _ => false,
                }
            }
            Some(Folded::Apostrophe) => {
                !cur.is_empty() && matches!(next_real(units, i + 1), Some(Folded::Letter(_)))
            }
            _ => false,
        };
        if in_word {
            let u = u.expect("in_word implies a unit");
            if cur.is_empty() {
                ws = u.start;
            }
            ends.push(u.end);
            cur.push(u.f);
            i += 1;
            continue;
        }
        if !cur.is_empty() {
            let bang = cur.last() == Some(&Folded::Symbol('!'));
            while matches!(cur.last(), Some(Folded::Symbol('!' | '|'))) {
                cur.pop();
                ends.pop();
            }
            let we = ends.last().copied().unwrap_or(ws);
            if let Some(t) = make_token(&cur, ws, we, sentence) {
                tokens.push(t);
                sentence += u32::from(bang);
            }
            cur.clear();
            ends.clear();
        }
        if let Some(u) = u {
            let ends = matches!(u.f, Folded::Stop | Folded::Symbol('!'));
            let glued = matches!(
                next_real(units, i + 1),
                Some(Folded::Letter(_) | Folded::Digit(_))
            );
            if ends && !glued && tokens.last().is_some_and(|t| t.sentence == sentence) {
                sentence += 1;
            }
        }
        i += 1;
    }
    tokens
}

/// Joins runs of three or more single-letter tokens ("i d i o t", "i.d.i.o.t") into one word.
pub(super) fn join_spaced(tokens: Vec<Token>) -> Vec<Token> {
    let single = |t: &Token| t.text.chars().count() == 1 && t.text.chars().all(char::is_alphabetic);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && single(&tokens[j]) {
            j += 1;
        }
        if j - i >= 3 {
            let text: String = tokens[i..j].iter().map(|t| t.text.as_str()).collect();
            let short = squeeze(&text, 2);
            out.push(Token {
                squeezed: (short != text).then(|| squeeze(&text, 1)),
                text: short,
                alts: Vec::new(),
                start: tokens[i].start,
                end: tokens[j - 1].end,
                sentence: tokens[i].sentence,
                masked: false,
                joined: true,
            });
            i = j;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}
