//! Insults: aimed at a reader or a person (rude, derogatory) versus mentioned, self-directed
//! or aimed at a thing or a policy (allowed).

use super::{Ctx, Finding, Severity};
use crate::lexicon::Kind;
use crate::types::Category;

/// Turkish second-person copula suffixes ("aptalsın", "salaksınız").
const TR_YOU_SUFFIX: &[&str] = &[
    "sin", "sun", "siniz", "sunuz", "misin", "musun", "sen", "tekisin",
];
/// Words before an insult noun that aim it at whoever is being addressed.
const AIMING: &[&str] = &[
    "what", "such", "complete", "total", "utter", "bunch", "only", "another", "absolute", "tam",
    "bir",
];

fn tr_second_person(ctx: &Ctx, i: usize) -> bool {
    let t = &ctx.tokens[i].text;
    t.len() > 5 && TR_YOU_SUFFIX.iter().any(|s| t.ends_with(s))
}

/// Reasons an insult word is not an attack: mentioned, negated or self-directed.
fn exempt(ctx: &Ctx, i: usize, lo: usize) -> bool {
    let from = i.saturating_sub(6).max(lo);
    if ctx.find(Kind::Meta, from, i).is_some() || ctx.quoted(i, i) {
        return true;
    }
    let near = i.saturating_sub(3).max(lo);
    if (near..i).any(|j| ctx.negation(j)) || ctx.word_in(i + 1, &["degilsin", "degil", "degiller"])
    {
        return true;
    }
    let first = (from..i)
        .rev()
        .find(|&j| ctx.first_person(j) || ctx.second_person(j));
    first.is_some_and(|j| {
        ctx.first_person(j) && !ctx.word_in(j + 1, &["think", "bet", "guess", "swear", "mean"])
    })
}

/// What the insult at `i` (sentence `lo..hi`) is aimed at.
enum Target {
    Reader,
    Person,
    Public,
    Nothing,
}

fn target(ctx: &Ctx, i: usize, lo: usize, hi: usize) -> Target {
    let (a, b) = (i.saturating_sub(5).max(lo), (i + 4).min(hi));
    if (a..b).any(|j| ctx.second_person(j)) || tr_second_person(ctx, i) {
        return Target::Reader;
    }
    if let Some(j) = ctx.find(Kind::PersonRef, i.saturating_sub(6).max(lo), b) {
        let t = ctx.tokens[j].text.as_str();
        let reader =
            t.starts_with("comment") || t.starts_with("poster") || t.starts_with("yorumcu");
        return if reader {
            Target::Reader
        } else {
            Target::Person
        };
    }
    if ctx
        .find(Kind::Identity, i.saturating_sub(6).max(lo), b)
        .is_some()
    {
        return Target::Person;
    }
    if ctx
        .find(Kind::PublicRef, i.saturating_sub(6).max(lo), b)
        .is_some()
    {
        return Target::Public;
    }
    Target::Nothing
}

fn push(
    out: &mut Vec<Finding>,
    category: Category,
    rule: &'static str,
    sev: Severity,
    score: f32,
    i: usize,
    j: usize,
) {
    out.push(Finding {
        category,
        rule,
        severity: sev,
        score,
        first: i,
        last: j,
    });
}

/// True if the phrase is quoted or talked about ("don't tell people to shut up").
fn mentioned(ctx: &Ctx, first: usize, last: usize, lo: usize) -> bool {
    ctx.quoted(first, last)
        || ctx
            .find(Kind::Meta, first.saturating_sub(3).max(lo), first)
            .is_some()
}

/// Finds insults, rude phrases and profanity aimed at people.
pub fn run(ctx: &Ctx, out: &mut Vec<Finding>) {
    let n = ctx.tokens.len();
    for h in &ctx.hits {
        let i = h.first;
        let (lo, hi) = ctx.sentence(i);
        match h.kind {
            Kind::RudePhrase if !mentioned(ctx, h.first, h.last, lo) => {
                push(
                    out,
                    Category::Rude,
                    "phrase:rude",
                    Severity::Reject,
                    0.95,
                    h.first,
                    h.last,
                );
            }
            Kind::InsultNoun | Kind::InsultAdj | Kind::StrongProfanity => {
                if exempt(ctx, i, lo) {
                    continue;
                }
                let strong = h.kind == Kind::InsultNoun;
                let short = hi - lo <= 4 || n <= 4;
                let aimed = i > lo && ctx.word_in(i - 1, AIMING)
                    || i > lo + 1 && ctx.word_in(i - 2, AIMING);
                match target(ctx, i, lo, hi) {
                    Target::Reader => {
                        let sev = if strong {
                            Severity::Reject
                        } else {
                            Severity::Hold
                        };
                        push(
                            out,
                            Category::Rude,
                            "insult:second-person",
                            sev,
                            0.9,
                            h.first,
                            h.last,
                        );
                    }
                    Target::Person if h.kind != Kind::StrongProfanity => {
                        push(
                            out,
                            Category::Derogatory,
                            "insult:person",
                            Severity::Hold,
                            0.85,
                            h.first,
                            h.last,
                        );
                    }
                    Target::Public | Target::Nothing if strong => {
                        let (cat, rule) = if short || aimed {
                            (Category::Rude, "insult:vocative")
                        } else {
                            (Category::Derogatory, "lexicon:insult")
                        };
                        push(out, cat, rule, Severity::Hold, 0.8, h.first, h.last);
                    }
                    Target::Nothing
                        if short && h.kind == Kind::InsultAdj && ctx.tokens[i].text.len() > 3 =>
                    {
                        push(
                            out,
                            Category::Rude,
                            "insult:vocative",
                            Severity::Hold,
                            0.6,
                            h.first,
                            h.last,
                        );
                    }
                    _ => {}
                }
            }
            Kind::Dehumanising => dehumanising(ctx, i, h.last, lo, hi, out),
            _ => {}
        }
    }
}

/// "These people are animals", "you vermin", "koyun sürüsü": dehumanising words applied to people.
fn dehumanising(ctx: &Ctx, i: usize, last: usize, lo: usize, hi: usize, out: &mut Vec<Finding>) {
    if ctx.condemned(lo, hi) || exempt(ctx, i, lo) {
        return;
    }
    let from = i.saturating_sub(8).max(lo);
    let group = ctx.find(Kind::Identity, from, i).is_some();
    let person = ctx.find(Kind::PersonRef, from, (i + 3).min(hi)).is_some()
        || ctx.find(Kind::PublicRef, from, i).is_some()
        || (from..i).any(|j| {
            ctx.word_in(
                j,
                &[
                    "they", "theyre", "them", "these", "those", "onlar", "bunlar",
                ],
            )
        });
    let linked = (from..i).any(|j| ctx.copula(j))
        || i > 0 && ctx.second_person(i - 1)
        || ctx.tokens[i].text.ends_with("lar")
        || ctx.tokens[i].text.ends_with("ler")
        || ctx.word_in(i.wrapping_sub(1), &["of", "bir"]);
    if (group || person) && (linked || hi - lo <= 6) {
        let cat = if group {
            Category::Discriminatory
        } else {
            Category::Derogatory
        };
        out.push(Finding {
            category: cat,
            rule: "dehumanising",
            severity: Severity::Reject,
            score: 0.92,
            first: i,
            last,
        });
    }
}
