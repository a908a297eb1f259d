//! Highlighted search snippets, built as plain pieces of text so the template escapes
//! every character and only its own `<mark>` elements reach the page.

use broadsheet_store::fold;
use serde::Serialize;

/// Words of context shown before the first match, and the snippet's length in words.
const BEFORE: usize = 10;
const LENGTH: usize = 40;

/// A run of text, marked when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

/// Folds for matching: search folding plus the common Latin and Turkish diacritics, as
/// the search index does.
fn key(word: &str) -> String {
    fold(word)
        .chars()
        .map(|c| match c {
            'ç' => 'c',
            'ğ' => 'g',
            'ö' | 'ô' => 'o',
            'ş' => 's',
            'ü' | 'û' | 'ù' | 'ú' => 'u',
            'â' | 'à' | 'á' | 'ä' => 'a',
            'î' | 'ï' | 'í' => 'i',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            c => c,
        })
        .collect()
}

/// A query term folded for matching, and whether longer forms of it match too.
struct Term {
    key: String,
    prefix: bool,
}

/// Folds the (already search-folded) query terms once for a whole text.
fn keyed(terms: &[String]) -> Vec<Term> {
    terms
        .iter()
        .map(|t| {
            let key = key(t);
            let prefix = key.chars().count() >= 3;
            Term { key, prefix }
        })
        .collect()
}

/// Whether a word of the text matches one of the query terms: the same word, or a
/// longer form of a term of three letters or more.
fn matches(word: &str, terms: &[Term]) -> bool {
    if word.is_ascii() {
        // Folding ASCII is lower-casing it: compare in place instead of building keys
        // (this was most of a search page's work).
        return terms.iter().any(|t| {
            let n = t.key.len();
            n <= word.len()
                && (n == word.len() || t.prefix)
                && word.as_bytes()[..n].eq_ignore_ascii_case(t.key.as_bytes())
        });
    }
    let w = key(word);
    terms
        .iter()
        .any(|t| w == t.key || (t.prefix && w.starts_with(&t.key)))
}

/// Marks matching words in `text`. With `window`, shows about `LENGTH` words around the
/// first match (or the start), with ellipses where text was cut.
pub fn highlight(text: &str, terms: &[String], window: bool) -> Vec<Piece> {
    let terms = &keyed(terms);
    let words: Vec<(usize, usize)> = word_spans(text);
    let (from, to) = if window {
        let first = words
            .iter()
            .position(|&(s, e)| matches(&text[s..e], terms))
            .unwrap_or(0);
        let from = first.saturating_sub(BEFORE);
        (from, (from + LENGTH).min(words.len()))
    } else {
        (0, words.len())
    };
    if words.is_empty() || from >= to {
        return vec![Piece {
            text: text.to_string(),
            mark: false,
        }];
    }
    let start = if from == 0 { 0 } else { words[from].0 };
    let end = if to == words.len() {
        text.len()
    } else {
        words[to - 1].1
    };
    let mut pieces = Vec::new();
    let mut plain = String::new();
    if start > 0 {
        plain.push('…');
    }
    let mut at = start;
    for &(s, e) in &words[from..to] {
        if matches(&text[s..e], terms) {
            plain.push_str(&text[at..s]);
            if !plain.is_empty() {
                pieces.push(Piece {
                    text: std::mem::take(&mut plain),
                    mark: false,
                });
            }
            pieces.push(Piece {
                text: text[s..e].to_string(),
                mark: true,
            });
            at = e;
        }
    }
    plain.push_str(&text[at..end]);
    if end < text.len() {
        plain.push('…');
    }
    if !plain.is_empty() {
        pieces.push(Piece {
            text: plain,
            mark: false,
        });
    }
    pieces
}

/// Byte ranges of the words (runs of letters and digits) in `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Markdown reduced to its words: markers, link targets and line structure dropped.
/// One pass over the body, which is most of a search page's own work.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut space = false;
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        push_words(&rest[..i], &mut out, &mut space);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    push_words(rest, &mut out, &mut space);
    out
}

/// Appends `text` without Markdown's inline markers, each run of whitespace (and of
/// block markers) as one space between words.
fn push_words(text: &str, out: &mut String, space: &mut bool) {
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']') {
            continue;
        }
        if c.is_whitespace() || matches!(c, '#' | '>' | '|') {
            *space = !out.is_empty();
            continue;
        }
        if std::mem::take(space) {
            out.push(' ');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Vec<String> {
        broadsheet_store::search_terms(q)
    }

    #[test]
    fn marks_whole_words_and_longer_forms() {
        let p = highlight("The Harbour board and harbours.", &terms("harbour"), false);
        let marked: Vec<&str> = p
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Harbour", "harbours"]);
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "The Harbour board and harbours.");
    }

    #[test]
    fn plain_and_accented_words_match_alike() {
        let keyed = keyed(&terms("harbour ış ab"));
        for (word, hit) in [
            ("HARBOURS", true),
            ("harbou", false),
            ("Iş", true),
            ("ışık", false),
            ("ab", true),
            ("abc", false),
            ("Ç", false),
        ] {
            assert_eq!(matches(word, &keyed), hit, "{word}");
        }
    }

    #[test]
    fn turkish_letters_match_either_way() {
        let p = highlight("BALIK HALİ açıldı", &terms("balik hali"), false);
        assert_eq!(p.iter().filter(|p| p.mark).count(), 2);
    }

    #[test]
    fn markdown_becomes_words_with_single_spaces() {
        let md = "## The *harbour*\n\n> Boats [left early](https://example.org/a_b) at `dawn`.\n\n| a | b |\n";
        assert_eq!(plain_text(md), "The harbour Boats left early at dawn. a b");
        assert_eq!(plain_text("  \n\t "), "");
        assert_eq!(plain_text("[x](unclosed"), "x");
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let p = highlight(&text, &terms("needle"), true);
        assert!(p[0].text.starts_with('…'));
        assert!(p.last().unwrap().text.ends_with('…'));
        assert!(p.iter().any(|p| p.mark && p.text == "needle"));
    }

    #[test]
    fn markdown_is_flattened() {
        assert_eq!(
            plain_text("## Head\n\nA [link](https://x.example/a) and **bold**."),
            "Head A link and bold."
        );
    }
}
