//! Property test: screening never panics on random, hostile or huge input (fixed seed).

use broadsheet_moderation::{AuthorContext, Screener, normalise};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Pieces that exercise the normaliser: combining marks, zero-width, emoji, look-alikes, masks.
const PIECES: &[&str] = &[
    "a",
    "İ",
    "ı",
    "ş",
    "\u{0301}",
    "\u{200B}",
    "\u{FEFF}",
    "😀",
    "👍🏽",
    "🇹🇷",
    "ｉ",
    "𝐢",
    "і",
    "о",
    "*",
    "@",
    "$",
    "!",
    "|",
    "'",
    "’",
    ".",
    " ",
    "\n",
    "1",
    "0",
    "3",
    "idiot",
    "you",
    "kill",
    "should be",
    "shot",
    "Kürtler",
    "hepsi",
    "\u{FFFD}",
    "\u{10FFFF}",
    "ǅ",
    "ﬁ",
    "ß",
    "\t",
    "\"",
    "«",
];

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(60);
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(4) == 0 {
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x');
            s.push(c);
        } else {
            s.push_str(PIECES[rng.below(PIECES.len() as u64) as usize]);
        }
    }
    s
}

#[test]
fn random_inputs_never_panic_and_spans_are_valid() {
    let screener = Screener::builtin();
    let ctx = AuthorContext::default();
    let mut rng = Rng(0x0BAD_5EED);
    for _ in 0..3000 {
        let text = random_text(&mut rng);
        let n = normalise(&text);
        for t in &n.tokens {
            assert!(t.start < t.end && t.end <= text.len());
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let s = screener.screen(&text, &ctx);
        for r in &s.reasons {
            if let Some((a, b)) = r.span {
                assert!(
                    a <= b
                        && b <= text.len()
                        && text.is_char_boundary(a)
                        && text.is_char_boundary(b)
                );
            }
        }
        for v in s.scores.values() {
            assert!((0.0..=1.0).contains(v));
        }
    }
}

#[test]
fn huge_and_flooded_inputs_are_capped() {
    let screener = Screener::builtin();
    let ctx = AuthorContext::default();
    for text in [
        "😀".repeat(200_000),
        "a ".repeat(300_000),
        "\u{0301}".repeat(100_000),
        "i d i o t ".repeat(50_000),
        "x".repeat(1_000_000),
        "*".repeat(100_000),
    ] {
        let _ = screener.screen(&text, &ctx);
        assert!(normalise(&text).tokens.len() <= 20_000);
    }
}
