//! Identity-group hate: slurs, generalisations ("X are lazy liars"), exclusion ("X should be
//! deported", "Europe is for Europeans"), versus discussing or condemning discrimination.

use super::{Ctx, Finding, Severity};
use crate::lexicon::Kind;
use crate::types::Category;

/// Trait phrases strong enough to need no copula ("it's in their blood").
const ESSENTIALIST: &[&str] = &[
    "genes",
    "blood",
    "dna",
    "nature",
    "born",
    "dogustan",
    "kanlarinda",
    "genlerinde",
    "kaninda",
];

fn finding(rule: &'static str, sev: Severity, score: f32, first: usize, last: usize) -> Finding {
    Finding {
        category: Category::Discriminatory,
        rule,
        severity: sev,
        score,
        first,
        last,
    }
}

/// True when the comment (sentence `lo..hi`) is Turkish-like: copulas are suffixes there.
fn turkish(ctx: &Ctx, lo: usize, hi: usize) -> bool {
    (lo..hi).any(|j| {
        let t = &ctx.tokens[j].text;
        [
            "ler", "lar", "leri", "lari", "lerin", "larin", "ri", "dir", "dur", "tir",
        ]
        .iter()
        .any(|s| t.ends_with(s))
            && ctx.text[ctx.tokens[j].start..ctx.tokens[j].end]
                .chars()
                .any(|c| "ışğçöüİı".contains(c))
    }) || ctx
        .find_word(
            &[
                "ve", "bir", "bu", "icin", "cok", "hepsi", "gibi", "olarak", "hicbiri",
            ],
            lo,
            hi,
        )
        .is_some()
}

/// Finds slurs and group generalisations or exclusion.
pub fn run(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut done_sentence = usize::MAX;
    for h in &ctx.hits {
        let i = h.first;
        let (lo, hi) = ctx.sentence(i);
        match h.kind {
            Kind::Slur => {
                let discussed = ctx.quoted(h.first, h.last)
                    || ctx.condemned(lo, hi)
                    || ctx
                        .find(Kind::Meta, i.saturating_sub(4).max(lo), i)
                        .is_some();
                if !discussed {
                    out.push(finding(
                        "lexicon:slur",
                        Severity::Reject,
                        0.97,
                        h.first,
                        h.last,
                    ));
                }
            }
            Kind::Identity if done_sentence != lo => {
                if ctx.condemned(lo, hi)
                    || (i.saturating_sub(2).max(lo)..i)
                        .any(|j| ctx.word_in(j, &["not", "few", "some", "many", "most"]))
                {
                    continue;
                }
                if let Some(f) = generalisation(ctx, i, h.last, lo, hi) {
                    done_sentence = lo;
                    out.push(f);
                }
            }
            _ => {}
        }
    }
}

fn generalisation(ctx: &Ctx, i: usize, last: usize, lo: usize, hi: usize) -> Option<Finding> {
    let tr = turkish(ctx, lo, hi);
    // Exclusion: "X should be deported", "kick them out", "yerleri olmamalı".
    let excl_from = if tr { lo } else { last + 1 };
    if let Some(e) = ctx.find(Kind::Exclusion, excl_from, hi) {
        let negated = e > 0 && ctx.negation(e - 1) && !ctx.word_in(e, &["not", "shouldnt", "dont"]);
        if !negated {
            return Some(finding(
                "identity:exclusion",
                Severity::Reject,
                0.9,
                i.min(e),
                e.max(last),
            ));
        }
    }
    // "Europe is for Europeans", "Turkey is for Turks".
    if i >= lo + 2 && ctx.word_in(i - 1, &["for"]) && ctx.word_in(i - 2, &["is", "are"]) {
        return Some(finding(
            "identity:exclusion",
            Severity::Reject,
            0.9,
            i - 2,
            last,
        ));
    }
    // Generalisation: group + copula/quantifier + negative trait, or an essentialist phrase.
    let trait_from = if tr { lo } else { last + 1 };
    let mut j = trait_from;
    while let Some(t) = ctx.find(Kind::Trait, j, hi.min(last + 12)) {
        let negated = t > 0 && (t.saturating_sub(2).max(lo)..t).any(|k| ctx.negation(k))
            || ctx.word_in(t + 1, &["degil", "degiller"]);
        let linked = tr
            || (last + 1..t).any(|k| ctx.copula(k))
            || (lo..hi).any(|k| ctx.word_in(k, ESSENTIALIST));
        if linked && !negated {
            return Some(finding(
                "identity:generalisation",
                Severity::Reject,
                0.88,
                i.min(t),
                t.max(last),
            ));
        }
        j = t + 1;
    }
    // Adjacent insult: "lazy immigrants", "dirty foreigners".
    if i > lo
        && (ctx.is(i - 1, Kind::Trait) || ctx.is(i - 1, Kind::InsultAdj))
        && !ctx.word_in(i - 1, &["weak", "sick", "burden", "breed"])
    {
        return Some(finding(
            "identity:generalisation",
            Severity::Hold,
            0.75,
            i - 1,
            last,
        ));
    }
    None
}
