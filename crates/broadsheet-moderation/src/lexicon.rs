//! Word lists: parsing the embedded lexicon files and matching them against normalised tokens.
//!
//! An entry is one line: a word (`idiot`), a stem with a trailing `*` (`aptal*`, matches any
//! suffix) or a phrase of such words (`shut up`, `go back to your countr*`). `_` in a phrase
//! stands for any one word. Matching is whole-token, so there are no Scunthorpe hits.

use crate::normalise::{Token, normalise};
use std::collections::HashMap;

/// What a lexicon entry means to the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    InsultNoun,
    InsultAdj,
    Profanity,
    StrongProfanity,
    RudePhrase,
    Dehumanising,
    Identity,
    Slur,
    Trait,
    Exclusion,
    Threat,
    Violence,
    ViolentPassive,
    PersonRef,
    PublicRef,
    Condemn,
    Meta,
    Spam,
    Banned,
    Suspect,
}

#[derive(Debug, Clone)]
enum Pat {
    Any,
    Exact(String),
    Prefix(String),
}

impl Pat {
    fn matches(&self, t: &Token) -> bool {
        let test = |f: &str| match self {
            Pat::Any => true,
            Pat::Exact(w) => f == w,
            Pat::Prefix(p) => f.starts_with(p.as_str()),
        };
        if t.forms().any(test) {
            return true;
        }
        match (&t.squeezed, self) {
            (Some(s), Pat::Exact(w)) => squeeze1(w) == *s,
            (Some(s), Pat::Prefix(p)) => s.starts_with(&squeeze1(p)),
            _ => false,
        }
    }

    /// Wildcard match of a masked token (`f*ck`) against a single-word pattern.
    fn matches_masked(&self, masked: &str) -> bool {
        let m: Vec<char> = masked.chars().collect();
        let visible = m.iter().filter(|&&c| c != '*').count();
        if m.first() == Some(&'*') || visible * 2 < m.len() || visible < 2 {
            return false;
        }
        let (w, prefix) = match self {
            Pat::Exact(w) => (w, false),
            Pat::Prefix(p) => (p, true),
            Pat::Any => return false,
        };
        let w: Vec<char> = w.chars().collect();
        let len_ok = if prefix {
            m.len() >= w.len()
        } else {
            m.len() == w.len()
        };
        len_ok && w.iter().zip(&m).all(|(a, b)| *b == '*' || a == b)
    }
}

/// Index key of a prefix: its first two characters (`\0` when it has only one).
fn key(p: &str) -> (char, char) {
    let mut c = p.chars();
    (c.next().unwrap_or(' '), c.next().unwrap_or('\0'))
}

fn squeeze1(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Entry {
    kind: Kind,
    pats: Vec<Pat>,
}

/// A match of one entry over tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    pub first: usize,
    pub last: usize,
}

/// An index of entries by their first word.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    exact: HashMap<String, Vec<u32>>,
    /// Entries by squeezed first word, for tokens that had long letter runs.
    exact_sq: HashMap<String, Vec<u32>>,
    /// Prefix entries by their first two characters (plain and squeezed).
    prefix: HashMap<(char, char), Vec<u32>>,
    maskable: Vec<u32>,
}

fn parse_pat(word: &str) -> Option<Pat> {
    if word == "_" {
        return Some(Pat::Any);
    }
    let stem = word.strip_suffix('*');
    let folded = normalise(stem.unwrap_or(word)).text.replace(' ', "");
    if folded.is_empty() {
        return None;
    }
    Some(if stem.is_some() {
        Pat::Prefix(folded)
    } else {
        Pat::Exact(folded)
    })
}

impl Lexicon {
    /// Adds every entry of a lexicon file (`#` starts a comment) under `kind`.
    pub fn add_text(&mut self, kind: Kind, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.is_empty() {
                self.add_entry(kind, line);
            }
        }
    }

    /// Adds one entry; returns false when it folds to nothing.
    pub fn add_entry(&mut self, kind: Kind, entry: &str) -> bool {
        let pats: Vec<Pat> = entry.split_whitespace().filter_map(parse_pat).collect();
        let id = self.entries.len() as u32;
        match pats.first() {
            Some(Pat::Exact(w)) => {
                self.exact.entry(w.clone()).or_default().push(id);
                self.exact_sq.entry(squeeze1(w)).or_default().push(id);
            }
            Some(Pat::Prefix(p)) => {
                for k in [key(p), key(&squeeze1(p))] {
                    let ids = self.prefix.entry(k).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            _ => return false,
        }
        if pats.len() == 1
            && matches!(
                kind,
                Kind::InsultNoun
                    | Kind::InsultAdj
                    | Kind::StrongProfanity
                    | Kind::Slur
                    | Kind::Banned
                    | Kind::Suspect
                    | Kind::Dehumanising
            )
        {
            self.maskable.push(id);
        }
        self.entries.push(Entry { kind, pats });
        true
    }

    fn candidates(&self, t: &Token, out: &mut Vec<u32>) {
        out.clear();
        for f in t.forms().chain(t.squeezed.as_deref()) {
            if let Some(ids) = self.exact.get(f) {
                out.extend(ids);
            }
            let mut c = f.chars();
            let (a, b) = (c.next().unwrap_or(' '), c.next().unwrap_or('\0'));
            for k in [(a, b), (a, '\0')] {
                if let Some(ids) = self.prefix.get(&k) {
                    out.extend(ids);
                }
            }
        }
        if let Some(ids) = t.squeezed.as_deref().and_then(|s| self.exact_sq.get(s)) {
            out.extend(ids);
        }
        out.sort_unstable();
        out.dedup();
    }

    /// All entry matches over the tokens, in token order.
    pub fn scan(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut cands = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.masked {
                for &id in &self.maskable {
                    let e = &self.entries[id as usize];
                    if e.pats[0].matches_masked(&t.text) {
                        hits.push(Hit {
                            kind: e.kind,
                            first: i,
                            last: i,
                        });
                    }
                }
                continue;
            }
            self.candidates(t, &mut cands);
            for &id in &cands {
                let e = &self.entries[id as usize];
                let end = i + e.pats.len();
                if end <= tokens.len()
                    && e.pats
                        .iter()
                        .zip(&tokens[i..end])
                        .all(|(p, t)| p.matches(t))
                {
                    hits.push(Hit {
                        kind: e.kind,
                        first: i,
                        last: end - 1,
                    });
                }
            }
        }
        hits
    }
}
