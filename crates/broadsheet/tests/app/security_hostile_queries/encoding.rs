//! How a hostile string is put into a URL: fully or minimally encoded, or not UTF-8.

use proptest::prelude::*;

/// Raw byte sequences that are not UTF-8: overlong, surrogate, beyond U+10FFFF,
/// truncated, stray continuation bytes, byte-order marks the wrong way round.
const NOT_UTF8: &[&str] = &[
    "%FF%FE",
    "%FE%FF",
    "%C0%AF",
    "%C0%80",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%F8%88%80%80%80",
    "%80",
    "%BF",
    "%E2%82",
    "%C3",
    "%FF",
];

/// How the string is put into the URL.
#[derive(Clone, Copy, Debug)]
pub enum Encoding {
    /// Every byte but the unreserved ones percent-encoded.
    Full,
    /// Only what a URI cannot carry (or what would end the component) encoded.
    Minimal,
    /// Fully encoded, with a raw invalid UTF-8 sequence spliced in.
    NotUtf8(&'static str, usize),
}

pub fn encoding() -> BoxedStrategy<Encoding> {
    prop_oneof![
        2 => Just(Encoding::Full),
        2 => Just(Encoding::Minimal),
        1 => (prop::sample::select(NOT_UTF8), 0usize..3)
            .prop_map(|(bad, at)| Encoding::NotUtf8(bad, at)),
    ]
    .boxed()
}

/// Percent-encodes `s` for a path segment or a query value.
pub fn encode(s: &str, how: Encoding) -> String {
    let full = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    // Bytes http::Uri accepts in a path or query that do not end the segment or value.
    let minimal = |b: u8| full(b) || b"!$'()*,:;@".contains(&b);
    let keep: &dyn Fn(u8) -> bool = match how {
        Encoding::Minimal => &minimal,
        _ => &full,
    };
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if let Encoding::NotUtf8(bad, at) = how {
        match at {
            0 => out.insert_str(0, bad),
            1 => out.push_str(bad),
            _ => {
                // Between two encoded bytes (or characters), never inside a %XX.
                let mut cut = out.len() / 2;
                while cut > 0
                    && (out.as_bytes()[cut - 1] == b'%'
                        || out.as_bytes()[cut.saturating_sub(2)] == b'%')
                {
                    cut -= 1;
                }
                out.insert_str(cut, bad);
            }
        }
    }
    out
}
