//! The hostile string generators: a corpus of nasty fragments, near-misses of seeded keys.

use crate::seeds::{MEDIA_KEY, T0};
use proptest::prelude::*;

/// Known-nasty fragments: SQL, FTS5, tsquery/websearch, LIKE, markup, unicode, controls.
pub const CORPUS: &[&str] = &[
    // SQL
    "'",
    "\"",
    ";",
    "--",
    "/*",
    "*/",
    "\\",
    "''",
    "\\'",
    "' OR '1'='1",
    "' OR 1=1 --",
    "\" OR \"\"=\"",
    "'; DROP TABLE articles; --",
    "'; DELETE FROM users; --",
    "1; UPDATE articles SET status = 'published'; --",
    "' UNION SELECT id, email, password_hash FROM users --",
    "'||(SELECT password_hash FROM users LIMIT 1)||'",
    "$1",
    "$$",
    "$tag$",
    "E'\\x41'",
    "?",
    ":name",
    "@p1",
    "0x27",
    "CHAR(39)",
    "pg_sleep(10)",
    "randomblob(1000000000)",
    "COLLATE NOCASE",
    // LIKE and GLOB
    "%",
    "_",
    "%%",
    "%_%",
    "\\%",
    "\\_",
    "[a-z]",
    "[!x]",
    "*",
    "?",
    "ESCAPE '!'",
    // FTS5
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(harbour quay, 2)",
    "harbour*",
    "^harbour",
    "headline:secret",
    "{headline body}:secret",
    "- body : secret",
    "\"unterminated",
    "(",
    ")",
    "((harbour)",
    "+",
    "harbour OR secret",
    "secret NOT harbour",
    "secret AND draft",
    "rank MATCH 'x'",
    "bm25",
    "article_search",
    // tsquery and websearch_to_tsquery
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    ":*",
    "secret:*",
    "secret:A",
    "!!harbour",
    "or",
    "-harbour",
    "\"quoted phrase\"",
    "'a' & 'b'",
    "harbour | secret",
    "(secret | quay) & !x",
    "harbour or secret",
    // markup and templates
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp;",
    "%00",
    "%FF%FE",
    "%27",
    "../../etc/passwd",
    // unicode
    "\u{202E}",
    "\u{200F}",
    "\u{202E}gnp.exe",
    "e\u{301}",
    "\u{301}\u{301}\u{301}",
    "\u{307}",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "İ",
    "ı",
    "I",
    "İSTANBUL",
    "ılık",
    "Işık",
    "ß",
    "ﬁ",
    "\u{212A}",
    "Σ",
    "\u{FEFF}",
    "\u{200B}",
    "\u{FFFD}",
    "\u{10FFFF}",
    "\u{E000}",
    "日本語",
    "עברית",
    "العربية",
    "\u{945}",
    "²",
    "٣",
    // controls
    "\0",
    "\r\n",
    "\t",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{8}",
    // the fixture's own words
    "city",
    "sport",
    "harbour",
    "quay",
    "secret",
    "draft",
    "fish",
    "balik",
    "istanbul",
];

/// Keys the fixture holds; mutated, they make near-misses that must not match.
const SEEDED: &[&str] = &[
    "city",
    "city-hall",
    "sport",
    "harbour",
    "harbour-master",
    "fish",
    "quay-opens",
    "derby-day",
    "old-harbour-slug",
    "new-harbour-slug",
    "gone-old",
    "secret-draft",
    "nora@example.org",
    "o'brien+50%_off@example.org",
    "reader@example.org",
    "comments.guidelines.en",
    "form-nonce-1",
    MEDIA_KEY,
    "unpublish",
    "visible",
    "liked",
];

/// A seeded key, as is or bent into a near-miss.
fn mutate(s: &str, how: u8) -> String {
    match how % 18 {
        0 => s.to_string(),
        1 => format!("{s}%"),
        2 => format!("%{s}"),
        3 => s.replacen(|c: char| c.is_ascii_alphabetic(), "_", 1),
        4 => s.to_uppercase(),
        5 => format!(" {s}"),
        6 => format!("{s} "),
        7 => format!("{s}\0"),
        8 => format!("{s}'--"),
        9 => s.replace('i', "ı"),
        10 => format!("{s}\u{301}"),
        11 => format!("{}%", &s[..s.len() - 1]),
        12 => format!("\"{s}\""),
        13 => format!("{s}*"),
        14 => format!("{s}\\"),
        15 => format!("{s}\t"),
        16 => s.replace('i', "İ"),
        _ => format!("'{s}' OR '1'='1"),
    }
}

/// The seeded keys, each as is or bent into a near-miss that must not match it.
pub fn near_miss() -> BoxedStrategy<String> {
    (prop::sample::select(SEEDED), any::<u8>())
        .prop_map(|(s, m)| mutate(s, m))
        .boxed()
}

fn fragment() -> BoxedStrategy<String> {
    prop_oneof![
        5 => prop::sample::select(CORPUS).prop_map(String::from),
        3 => near_miss(),
        2 => "\\PC{0,10}",
        1 => ".{0,6}",
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

/// A hostile string: one fragment, several run together or spaced, or a huge repeat.
pub fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => fragment(),
        4 => prop::collection::vec(fragment(), 1..6).prop_map(|v| v.concat()),
        2 => prop::collection::vec(fragment(), 1..6).prop_map(|v| v.join(" ")),
        1 => (fragment(), 1usize..5_000).prop_map(|(f, n)| huge(&f, n)),
    ]
    .boxed()
}

fn huge(f: &str, n: usize) -> String {
    let f = if f.is_empty() { "'%_" } else { f };
    f.repeat(n).chars().take(100_000).collect()
}

/// Strings heavy in LIKE metacharacters and pieces of the seeded headlines.
pub fn like_pattern() -> BoxedStrategy<String> {
    const PIECES: &[&str] = &[
        "%", "_", "\\", "%%", "\\%", "\\_", "50%", "off_", "_t", "%_%", "[", "]", "^", "*", "?",
        ".", "o", "a", "quay", "harbour", "Derby", "50", " ", "İ", "ı", "'", "\"", "\0",
    ];
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(PIECES), 1..5).prop_map(|v| v.concat()),
        1 => hostile(),
    ]
    .boxed()
}

/// An i64 that is often at an edge or near the fixture's times and ids.
pub fn edgy_i64() -> BoxedStrategy<i64> {
    prop_oneof![
        2 => any::<i64>(),
        1 => Just(i64::MAX),
        1 => Just(i64::MIN),
        1 => Just(0i64),
        1 => Just(-1i64),
        2 => -3i64..40,
        2 => (T0 - 5)..(T0 + 505),
    ]
    .boxed()
}

/// Text a comment cursor might be decoded from.
pub fn cursor_text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => hostile(),
        2 => (edgy_i64(), edgy_i64()).prop_map(|(a, b)| format!("{a}.{b}")),
        1 => "[+-]?[0-9]{1,21}\\.[+-]?[0-9]{1,21}",
        1 => "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        1 => " ?[0-9]{1,3} ?\\. ?[0-9]{1,3} ?",
    ]
    .boxed()
}
