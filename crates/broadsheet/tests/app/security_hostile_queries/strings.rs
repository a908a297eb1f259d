//! The hostile string generators: nasty fragments and strings shaped like ids and cursors.

use proptest::prelude::*;

/// Known-nasty fragments: SQL, full-text syntax, LIKE, markup, paths, unicode, numbers.
const CORPUS: &[&str] = &[
    "'",
    "\"",
    ";",
    "--",
    "/*",
    "*/",
    "\\",
    "' OR '1'='1",
    "'; DROP TABLE articles; --",
    "' UNION SELECT email, password_hash FROM users --",
    "$1",
    "%",
    "_",
    "%%",
    "\\%",
    "[a-z]",
    "AND",
    "OR",
    "or",
    "NOT",
    "NEAR(harbour board)",
    "harbour*",
    "^harbour",
    "headline:harbour",
    "{headline body}:x",
    "\"unterminated",
    "(",
    ")",
    "&",
    "|",
    "!",
    "<->",
    ":*",
    "-harbour",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp;",
    "&#x3c;",
    "../../etc/passwd",
    "..",
    ".",
    "//evil.example",
    "\u{202E}",
    "e\u{301}",
    "👨‍👩‍👧‍👦",
    "İ",
    "ı",
    "İSTANBUL",
    "ß",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{10FFFF}",
    "\0",
    "\r\n",
    "\t",
    "\u{1b}[31m",
    " ",
    "+",
    "=",
    "?",
    "#",
    "/",
    "-1",
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1e400",
    "7fffffffffffffff-7fffffffffffffff",
    "6a-1f",
    "-1--1",
    "1.2",
    "-1.-1",
    "9223372036854775807.9223372036854775807",
    "newest",
    "liked",
    "pending",
    "reported",
    "published",
    "draft",
    "rss",
    "atom",
    "harbour",
    "city",
    "tr",
    "en",
];

fn fragment() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(CORPUS).prop_map(String::from),
        2 => "\\PC{0,8}",
        1 => ".{0,4}",
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

/// A hostile string: one fragment, several run together or spaced, or a long repeat.
pub fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => fragment(),
        4 => prop::collection::vec(fragment(), 1..5).prop_map(|v| v.concat()),
        2 => prop::collection::vec(fragment(), 1..5).prop_map(|v| v.join(" ")),
        // Long, yet short enough that a URL holding it four times, encoded, stays within
        // the 64 KiB a URI may have.
        1 => (fragment(), 1usize..1_000).prop_map(|(f, n)| {
            let f = if f.is_empty() { "'%".to_string() } else { f };
            f.repeat(n).chars().take(1_000).collect()
        }),
    ]
    .boxed()
}

/// Strings shaped like what a parameter expects (ids, listing and comment cursors), at
/// the edges of their ranges, so that they get past parsing to the store.
pub fn shaped() -> BoxedStrategy<String> {
    let edge = prop_oneof![
        any::<i64>(),
        Just(i64::MAX),
        Just(i64::MIN),
        Just(0i64),
        Just(-1i64),
        0i64..50,
    ];
    prop_oneof![
        edge.clone().prop_map(|n| n.to_string()),
        (edge.clone(), edge.clone()).prop_map(|(a, b)| format!("{a}.{b}")),
        (0i64..=i64::MAX, 0i64..=i64::MAX).prop_map(|(a, b)| format!("{a:x}-{b:x}")),
        (edge.clone(), edge).prop_map(|(a, b)| format!("{a:x}-{b:x}")),
        "[0-9a-f]{1,17}-[0-9a-f]{1,17}",
        "[+-]?[0-9]{1,20}",
    ]
    .boxed()
}
