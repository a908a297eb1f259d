//! Threats and calls to violence versus news and idiom senses of violent words.
//!
//! Fires on threat phrases, on "X should be shot" with a person subject, on imperative or
//! first-person-future violence aimed at people ("burn their embassy down", "I'll hurt you"),
//! but not on reported events ("killed in the attack") or things ("kill the bill").

use super::{Ctx, Finding, Severity};
use crate::lexicon::Kind;
use crate::types::Category;

const MODAL: &[&str] = &[
    "should", "shouldve", "must", "ought", "need", "needs", "deserve", "deserves", "deserved",
    "gotta", "gonna", "will", "would", "to", "let", "lets",
];
/// Passive forms that only make sense for people or animals.
const PERSONAL_PASSIVE: &[&str] = &[
    "shot",
    "hanged",
    "hung",
    "lynched",
    "beaten",
    "executed",
    "stabbed",
    "strung",
    "gassed",
    "tortured",
    "flogged",
    "whipped",
    "stoned",
    "castrated",
];
/// Objects of violent verbs that make them figurative or about policy.
const THINGS: &[&str] = &[
    "bill",
    "bills",
    "law",
    "laws",
    "deal",
    "plan",
    "tax",
    "taxes",
    "idea",
    "ideas",
    "policy",
    "proposal",
    "reform",
    "motion",
    "treaty",
    "amendment",
    "scheme",
    "program",
    "programme",
    "project",
    "budget",
    "tariff",
    "tariffs",
    "rule",
    "rules",
    "it",
    "this",
    "that",
    "time",
    "mood",
    "vibe",
    "deadline",
    "exam",
    "test",
    "record",
    "competition",
    "market",
    "inflation",
    "prices",
    "problem",
    "issue",
    "myth",
    "rumour",
    "rumor",
    "story",
    "pipeline",
    "regulation",
];
/// Openers that turn a following violent verb into a call to violence.
const CALLERS: &[&str] = &[
    "just", "go", "lets", "someone", "somebody", "should", "must", "we", "please", "gonna", "ill",
    "well", "will", "im", "going", "to", "need", "and", "then", "simply", "everyone", "people",
];

fn finding(i: usize, j: usize, rule: &'static str, score: f32) -> Finding {
    let sev = if score >= 0.9 {
        Severity::Reject
    } else {
        Severity::Hold
    };
    Finding {
        category: Category::Aggressive,
        rule,
        severity: sev,
        score,
        first: i,
        last: j,
    }
}

/// True if the object after a violent verb at `v` (within the sentence) is a person.
fn person_object(ctx: &Ctx, v: usize, hi: usize) -> Option<usize> {
    let end = (v + 5).min(hi);
    for j in v + 1..end {
        if ctx.word_in(j, THINGS) {
            return None;
        }
        let people =
            ctx.is(j, Kind::PersonRef) || ctx.is(j, Kind::Identity) || ctx.is(j, Kind::PublicRef);
        if people
            || ctx.word_in(
                j,
                &[
                    "them",
                    "him",
                    "her",
                    "you",
                    "everyone",
                    "anyone",
                    "tourist",
                    "tourists",
                    "embassy",
                    "mosque",
                    "church",
                    "synagogue",
                    "house",
                    "houses",
                    "homes",
                    "shops",
                    "office",
                    "offices",
                ],
            )
        {
            return Some(j);
        }
        if ctx.is(j, Kind::InsultNoun) || ctx.is(j, Kind::InsultAdj) {
            return Some(j);
        }
    }
    None
}

/// Finds threats and calls to violence.
pub fn run(ctx: &Ctx, out: &mut Vec<Finding>) {
    for h in &ctx.hits {
        let i = h.first;
        let (lo, hi) = ctx.sentence(i);
        match h.kind {
            Kind::Threat if !ctx.quoted(h.first, h.last) => {
                let reported = i > lo
                    && ctx
                        .find(Kind::Meta, i.saturating_sub(3).max(lo), i)
                        .is_some();
                if !reported {
                    out.push(finding(h.first, h.last, "threat:phrase", 0.95));
                }
            }
            Kind::ViolentPassive => {
                // "X should be shot", "they deserve to be hanged", "needs to get beaten".
                let be = i > lo && ctx.word_in(i - 1, &["be", "get", "getting", "been"]);
                let modal = be
                    && i >= lo + 2
                    && (i.saturating_sub(4).max(lo)..i - 1).any(|j| ctx.word_in(j, MODAL));
                if !modal {
                    continue;
                }
                let subject_thing = (lo..i).any(|j| ctx.word_in(j, THINGS));
                let personal = ctx.word_in(i, PERSONAL_PASSIVE);
                let subject_person = (lo..i).any(|j| {
                    ctx.is(j, Kind::PersonRef)
                        || ctx.is(j, Kind::Identity)
                        || ctx.is(j, Kind::PublicRef)
                        || ctx.is(j, Kind::InsultNoun)
                        || ctx.is(j, Kind::InsultAdj)
                        || ctx.word_in(
                            j,
                            &[
                                "who",
                                "whoever",
                                "anyone",
                                "everyone",
                                "all",
                                "traitors",
                                "criminals",
                            ],
                        )
                });
                if subject_person || (personal && !subject_thing) {
                    out.push(finding(
                        i.saturating_sub(3).max(lo),
                        h.last,
                        "threat:should-be-harmed",
                        0.92,
                    ));
                }
            }
            Kind::Violence => {
                let start = i == lo || (lo..i).all(|j| ctx.word_in(j, CALLERS));
                if !start || ctx.tokens[i].text.ends_with("ed") {
                    continue;
                }
                if let Some(obj) = person_object(ctx, h.last, hi) {
                    out.push(finding(i, obj, "threat:call-to-violence", 0.9));
                } else if ctx
                    .find_word(
                        &["down", "ground", "fire", "alive"],
                        h.last + 1,
                        (h.last + 8).min(hi),
                    )
                    .is_some()
                    && (h.last + 1..hi).any(|j| !ctx.word_in(j, THINGS))
                    && ctx.word_in(i, &["burn", "torch", "bomb", "blow", "smash"])
                {
                    out.push(finding(i, hi - 1, "threat:arson", 0.9));
                }
            }
            _ => {}
        }
    }
}
