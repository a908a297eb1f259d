//! Classifier features, hashed into a fixed number of buckets: word unigrams and bigrams,
//! character 3- to 5-grams inside each word (robust to typos, Turkish suffixes and missing
//! Turkish letters, since tokens are already folded), word pairs one apart, lexicon kinds
//! and their pairs, and a length bucket.

use crate::lexicon::Hit;
use crate::normalise::Token;

/// Character n-gram lengths taken inside each word (with `<` and `>` marking its edges).
const CHAR_GRAMS: std::ops::RangeInclusive<usize> = 3..=5;

/// FNV-1a over a namespace byte and parts, so "w:ab" and "b:a b" never collide by design.
fn hash(ns: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(ns);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Bucket indices of one comment's features (deduplicated, sorted), for a model with
/// `1 << bits` buckets.
pub fn extract(tokens: &[Token], hits: &[Hit], bits: u32) -> Vec<u32> {
    let mask = (1u64 << bits) - 1;
    let mut out = Vec::with_capacity(tokens.len() * 12 + hits.len() + 2);
    let mut push = |h: u64| out.push((h & mask) as u32);
    push(hash(b'L', &[len_bucket(tokens.len()).as_bytes()]));
    let mut padded = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let w = t.text.as_bytes();
        push(hash(b'w', &[w]));
        let next = tokens
            .get(i + 1)
            .filter(|n| n.sentence == t.sentence)
            .map_or(&b"</s>"[..], |n| n.text.as_bytes());
        push(hash(b'b', &[w, next]));
        if i == 0 || tokens[i - 1].sentence != t.sentence {
            push(hash(b'b', &[b"<s>", w]));
        }
        // Word pairs one word apart: "people from X are", "sen ne anlarsin".
        if let Some(n) = tokens.get(i + 2).filter(|n| n.sentence == t.sentence) {
            push(hash(b's', &[w, n.text.as_bytes()]));
        }
    }
    // Character grams over the folded text, words joined by one space, so they span word
    // edges ("u r", "sen ne") as well as typos, suffixes and stems inside words.
    padded.clear();
    for (i, t) in tokens.iter().enumerate() {
        let edge = match i {
            0 => "<",
            _ if tokens[i - 1].sentence != t.sentence => "><",
            _ => " ",
        };
        padded.push_str(edge);
        padded.push_str(&t.text);
    }
    padded.push('>');
    let bounds: Vec<usize> = padded
        .char_indices()
        .map(|(i, _)| i)
        .chain([padded.len()])
        .collect();
    for n in CHAR_GRAMS {
        for s in 0..bounds.len().saturating_sub(n) {
            push(hash(b'c', &[&padded.as_bytes()[bounds[s]..bounds[s + n]]]));
        }
    }
    let mut kinds: Vec<u8> = hits.iter().map(|h| h.kind as u8).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for (i, a) in kinds.iter().enumerate() {
        push(hash(b'k', &[&[*a]]));
        // Which lexicon kinds meet in one comment: an identity group with a trait word, a
        // second-person reference with an insult.
        for b in &kinds[i + 1..] {
            push(hash(b'K', &[&[*a, *b]]));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn len_bucket(n: usize) -> &'static str {
    match n {
        0..=3 => "xs",
        4..=8 => "s",
        9..=20 => "m",
        21..=60 => "l",
        _ => "xl",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::normalise;

    #[test]
    fn folded_spellings_share_most_features() {
        let a = extract(&normalise("Çok cahilsin").tokens, &[], 18);
        let b = extract(&normalise("cok cahilsin").tokens, &[], 18);
        assert_eq!(a, b, "missing Turkish letters give the same features");
        let c = extract(&normalise("cahilsiniz").tokens, &[], 18);
        let shared = c.iter().filter(|x| b.contains(x)).count();
        assert!(shared >= 5, "a suffix keeps the stem's character grams");
        assert!(a.iter().all(|&x| x < 1 << 18));
    }
}
