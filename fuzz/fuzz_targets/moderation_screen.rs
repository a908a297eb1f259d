//! The moderation normaliser and screener (`broadsheet-moderation`).
//!
//! Input: one flag byte, then the comment text; an optional NUL byte starts administrator
//! word lists (one per line, `!` first for banned, otherwise suspect).
//!
//! Checks: every token span is a non-empty char-boundary range of the original text, in
//! order; the folded text holds each token at its offset; `original_span` of any range
//! maps back inside the original on char boundaries; `truncated` is right; screening
//! never panics, its reason spans are char-boundary ranges of the text with matching
//! excerpts, scores are in 0..=1, and a decision other than Allow always has a reason.
#![no_main]

use broadsheet_moderation::normalise::MAX_CHARS;
use broadsheet_moderation::{
    AuthorContext, Decision, Normalised, Screener, Signals, normalise, normalise_plain,
    turkish_lowercase,
};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static BUILTIN: LazyLock<Screener> = LazyLock::new(Screener::builtin);
/// The built-in screener under each of the 32 signal combinations, built once.
static BY_SIGNALS: LazyLock<Vec<Screener>> = LazyLock::new(|| {
    (0..32u8)
        .map(|f| BUILTIN.clone().with_signals(signals(f)))
        .collect()
});

fn signals(flags: u8) -> Signals {
    Signals {
        evasion: flags & 1 == 0,
        rules: flags & 2 == 0,
        word_list: flags & 4 != 0,
        classifier: flags & 8 == 0,
        context: flags & 16 == 0,
    }
}

fn check_normalised(text: &str, n: &Normalised, probe: (usize, usize)) {
    assert_eq!(n.tokens.len(), n.token_offsets.len());
    assert_eq!(
        n.truncated,
        text.chars().count() > MAX_CHARS,
        "truncated flag for {} chars",
        text.chars().count()
    );
    let mut prev_start = 0;
    for (t, &off) in n.tokens.iter().zip(&n.token_offsets) {
        assert!(
            t.start < t.end
                && t.end <= text.len()
                && text.is_char_boundary(t.start)
                && text.is_char_boundary(t.end),
            "token {t:?} is not a char range of {text:?}"
        );
        assert!(
            t.start >= prev_start,
            "tokens out of order in {text:?}: {t:?}"
        );
        prev_start = t.start;
        assert!(
            n.text
                .get(off..)
                .is_some_and(|rest| rest.starts_with(&t.text)),
            "token {:?} not at offset {off} of {:?}",
            t.text,
            n.text
        );
    }
    let (a, b) = probe;
    let (a, b) = (a % (n.text.len() + 1), b % (n.text.len() + 2));
    if let Some((s, e)) = n.original_span(a.min(b), a.max(b)) {
        assert!(
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e),
            "original_span({a}, {b}) = ({s}, {e}) in {text:?}"
        );
    }
    if !n.tokens.is_empty() {
        let last = n.tokens.len() - 1;
        let (i, j) = (a % n.tokens.len(), b % n.tokens.len());
        let (s, e) = n.span_of(i.min(j), i.max(j).min(last));
        assert!(s <= e && e <= text.len(), "span_of({i}, {j}) = ({s}, {e})");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (text, lists) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let text = String::from_utf8_lossy(text);
    let probe = (
        usize::from(flags).wrapping_mul(7919) ^ text.len(),
        usize::from(flags) * 31 + 1,
    );
    check_normalised(&text, &normalise(&text), probe);
    check_normalised(&text, &normalise_plain(&text), probe);
    let _ = turkish_lowercase(&text);

    let ctx = AuthorContext {
        trusted: flags & 32 != 0,
        approved_comments: u32::from(flags >> 4) * 5,
        recent_rejections: u32::from(flags & 3),
        recent_total: u32::from(flags >> 2 & 7),
        duplicate_of_recent: flags & 64 != 0,
        max_links: (flags & 128 != 0).then_some(u32::from(flags & 3)),
    };
    let custom;
    let screener: &Screener = match lists {
        None => &BY_SIGNALS[usize::from(flags & 31)],
        Some(lists) => {
            let lists = String::from_utf8_lossy(lists);
            let (mut banned, mut suspect) = (Vec::new(), Vec::new());
            for line in lists.lines() {
                match line.strip_prefix('!') {
                    Some(b) => banned.push(b.to_owned()),
                    None => suspect.push(line.to_owned()),
                }
            }
            custom = BUILTIN
                .clone()
                .with_word_lists(&banned, &suspect)
                .with_signals(signals(flags));
            &custom
        }
    };
    let s = screener.screen(&text, &ctx);
    for r in &s.reasons {
        if let Some((a, b)) = r.span {
            assert!(
                a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
                "reason {r:?} has a bad span for {text:?}"
            );
            let original = &text[a..b];
            let excerpt = r.excerpt.as_deref().expect("a span has an excerpt");
            assert!(
                excerpt == original
                    || excerpt
                        .strip_suffix('…')
                        .is_some_and(|cut| original.starts_with(cut)),
                "excerpt {excerpt:?} is not the text of span {:?}",
                r.span
            );
        }
    }
    for (c, v) in &s.scores {
        assert!((0.0..=1.0).contains(v), "score {c:?} = {v} for {text:?}");
    }
    assert_eq!(
        s.decision == Decision::Allow,
        s.reasons.is_empty(),
        "decision {:?} with reasons {:?}",
        s.decision,
        s.reasons
    );
});
