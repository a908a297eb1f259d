//! The screener: normalise, run lexicon rules and the classifier, combine into a decision.

use crate::builtin::builtin_lexicon;
use crate::lexicon::{Kind, Lexicon};
use crate::messages::message;
use crate::model::{CLASSES, Model, SHORT_TOKENS, Thresholds, features};
use crate::normalise::{Normalised, normalise, normalise_plain};
use crate::rules::{self, Ctx, Finding, Severity, spam};
use crate::types::{AuthorContext, Category, Decision, Reason, Screening};
use std::collections::BTreeMap;
use std::sync::Arc;

const BUILTIN_MODEL: &[u8] = include_bytes!("../model/model.bin");
/// Default link limit when the author context gives none.
pub const DEFAULT_MAX_LINKS: u32 = 2;

/// Which signals take part; all on by default. Used for ablation measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signals {
    /// Evasion-resistant normalisation (off: plain lowercase split).
    pub evasion: bool,
    /// Targeting rules over the lexicons.
    pub rules: bool,
    /// When `rules` is off: the plain word-list baseline (any insult, slur or threat word).
    pub word_list: bool,
    /// The trained classifier.
    pub classifier: bool,
    /// Author context: links, repeats, history, trust.
    pub context: bool,
}

impl Default for Signals {
    fn default() -> Self {
        Signals {
            evasion: true,
            rules: true,
            word_list: false,
            classifier: true,
            context: true,
        }
    }
}

/// Screens comments. Immutable once built, cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Screener {
    lex: Lexicon,
    admin: Lexicon,
    /// Shared: a loaded model takes about 20 MiB, and screeners are cloned per word list.
    model: Option<Arc<Model>>,
    signals: Signals,
}

impl Screener {
    /// The built-in lexicons and the committed model.
    pub fn builtin() -> Screener {
        let model = Model::from_bytes(BUILTIN_MODEL).ok().map(Arc::new);
        Screener {
            lex: builtin_lexicon(),
            admin: Lexicon::default(),
            model,
            signals: Signals::default(),
        }
    }

    /// Adds administrator word lists: `banned` entries reject, `suspect` entries hold.
    /// Entries are whole words or phrases (a trailing `*` allows suffixes), normalised like comments.
    pub fn with_word_lists(mut self, banned: &[String], suspect: &[String]) -> Screener {
        for b in banned {
            self.admin.add_entry(Kind::Banned, b);
        }
        for s in suspect {
            self.admin.add_entry(Kind::Suspect, s);
        }
        self
    }

    /// Replaces the classifier.
    pub fn with_model(mut self, model: Option<Model>) -> Screener {
        self.model = model.map(Arc::new);
        self
    }

    /// Replaces the classifier's thresholds (no effect without a classifier).
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Screener {
        if let Some(m) = self.model.as_mut() {
            Arc::make_mut(m).thresholds = thresholds;
        }
        self
    }

    /// The classifier in use, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_deref()
    }

    /// Chooses which signals take part.
    pub fn with_signals(mut self, signals: Signals) -> Screener {
        self.signals = signals;
        self
    }

    /// Screens one comment.
    pub fn screen(&self, text: &str, ctx: &AuthorContext) -> Screening {
        let evidence = self.gather(text, ctx);
        let thresholds = self.model.as_ref().map(|m| m.thresholds);
        self.decide(text, evidence, thresholds.unwrap_or_default(), ctx)
    }

    /// Everything the screener knows about a comment before it decides: rule findings,
    /// context findings and the classifier's probabilities.
    pub(crate) fn gather(&self, text: &str, ctx: &AuthorContext) -> Evidence {
        let norm = if self.signals.evasion {
            normalise(text)
        } else {
            normalise_plain(text)
        };
        let rc = Ctx::new(text, &norm, &self.lex);
        let mut found = match (self.signals.rules, self.signals.word_list) {
            (true, _) => rules::run(&rc),
            (false, true) => word_list_only(&rc),
            (false, false) => Vec::new(),
        };
        for h in self.admin.scan(&norm.tokens) {
            let (rule, severity) = if h.kind == Kind::Banned {
                ("admin:banned", Severity::Reject)
            } else {
                ("admin:suspect", Severity::Hold)
            };
            found.push(Finding {
                category: Category::Rude,
                rule,
                severity,
                score: 1.0,
                first: h.first,
                last: h.last,
            });
        }
        let mut extra: Vec<(Finding, Option<(usize, usize)>)> = Vec::new();
        if self.signals.context {
            let links = spam::links(text);
            let max = ctx.max_links.unwrap_or(DEFAULT_MAX_LINKS) as usize;
            if links.len() > max {
                extra.push((spam_hold("links", 0.9), links.get(max).copied()));
            }
            if let Some(f) = spam::promo(&rc, links.len()) {
                found.push(f);
            }
            if ctx.duplicate_of_recent {
                extra.push((spam_hold("repeat", 0.8), None));
            }
            if ctx.recent_total >= 3 && ctx.recent_rejections * 2 > ctx.recent_total {
                extra.push((spam_hold("history", 0.8), None));
            }
        }
        let probabilities = self
            .model
            .as_ref()
            .filter(|_| self.signals.classifier)
            .map(|m| m.predict(&features::extract(rc.tokens, &rc.hits, m.bits())));
        let words = rc.tokens.len();
        drop(rc);
        Evidence {
            norm,
            found,
            extra,
            probabilities,
            words,
        }
    }

    /// Turns evidence into a decision under the given thresholds.
    pub(crate) fn decide(
        &self,
        text: &str,
        mut ev: Evidence,
        t: Thresholds,
        ctx: &AuthorContext,
    ) -> Screening {
        let mut scores: BTreeMap<Category, f32> = Category::ALL.iter().map(|c| (*c, 0.0)).collect();
        if let Some(p) = ev.probabilities {
            for (k, name) in CLASSES.iter().enumerate().skip(1) {
                if let Some(c) = Category::from_name(name) {
                    scores.insert(c, p[k]);
                }
            }
            let violation = 1.0 - p[0];
            // The model overrules a word rule when it is sure the comment is civil:
            // "we murdered them 4-0", a quoted insult being condemned.
            ev.found.retain(|f| {
                let line = match f.severity {
                    Severity::Hold => t.veto,
                    Severity::Reject => t.veto_reject,
                };
                violation >= line || f.category == Category::Spam || f.rule.starts_with("admin:")
            });
            let mut threshold = if ev.words < SHORT_TOKENS {
                t.hold_short
            } else {
                t.hold
            };
            if self.signals.context && ctx.trusted {
                threshold += 0.15;
            } else if self.signals.context && ctx.approved_comments >= 20 {
                threshold += 0.05;
            }
            let content_rule = ev.found.iter().any(|f| f.category != Category::Spam);
            if violation >= threshold && !content_rule {
                ev.found.push(classifier_finding(p, violation));
            }
        }
        let mut reasons = Vec::new();
        let mut decision = Decision::Allow;
        for f in &ev.found {
            let span = (!ev.norm.tokens.is_empty() && !f.rule.starts_with("classifier"))
                .then(|| ev.norm.span_of(f.first, f.last));
            reasons.push(reason(text, f, span));
        }
        for (f, span) in &ev.extra {
            reasons.push(reason(text, f, *span));
        }
        for f in ev.found.iter().chain(ev.extra.iter().map(|(f, _)| f)) {
            let s = scores.entry(f.category).or_default();
            *s = s.max(f.score);
            decision = decision.max(match f.severity {
                Severity::Reject => Decision::Reject,
                Severity::Hold => Decision::Hold,
            });
        }
        Screening {
            decision,
            scores,
            reasons,
        }
    }
}

/// What [`Screener::gather`] found, before thresholds are applied.
pub(crate) struct Evidence {
    norm: Normalised,
    found: Vec<Finding>,
    extra: Vec<(Finding, Option<(usize, usize)>)>,
    /// Class probabilities, when the classifier takes part.
    pub probabilities: Option<[f32; CLASSES.len()]>,
    /// Number of word tokens.
    pub words: usize,
}

impl Evidence {
    /// True if a content rule (not spam or context) fired with the given severity or above.
    pub fn content_rule(&self, at_least: Severity) -> bool {
        self.found
            .iter()
            .any(|f| f.category != Category::Spam && f.severity >= at_least)
    }
}

fn spam_hold(rule: &'static str, score: f32) -> Finding {
    Finding {
        category: Category::Spam,
        rule,
        severity: Severity::Hold,
        score,
        first: 0,
        last: 0,
    }
}

/// A hold by the classifier alone, in its most likely category.
fn classifier_finding(p: [f32; CLASSES.len()], violation: f32) -> Finding {
    let (k, score) = p
        .iter()
        .enumerate()
        .skip(1)
        .fold((1, 0.0), |b, (k, &s)| if s > b.1 { (k, s) } else { b });
    let category = Category::from_name(CLASSES[k]).unwrap_or(Category::Rude);
    let rule = match category {
        Category::Aggressive => "classifier:aggressive",
        Category::Derogatory => "classifier:derogatory",
        Category::Discriminatory => "classifier:discriminatory",
        _ => "classifier:rude",
    };
    Finding {
        category,
        rule,
        severity: Severity::Hold,
        score: score.max(violation),
        first: 0,
        last: 0,
    }
}

/// The ablation baseline: any strong word-list hit is a violation, with no targeting.
fn word_list_only(rc: &Ctx) -> Vec<Finding> {
    let pick = |k: Kind| match k {
        Kind::InsultNoun | Kind::RudePhrase | Kind::StrongProfanity => Some(Category::Rude),
        Kind::Threat => Some(Category::Aggressive),
        Kind::Dehumanising => Some(Category::Derogatory),
        Kind::Slur => Some(Category::Discriminatory),
        _ => None,
    };
    rc.hits
        .iter()
        .filter_map(|h| {
            let category = pick(h.kind)?;
            Some(Finding {
                category,
                rule: "lexicon:word",
                severity: Severity::Hold,
                score: 0.8,
                first: h.first,
                last: h.last,
            })
        })
        .collect()
}

fn reason(text: &str, f: &Finding, span: Option<(usize, usize)>) -> Reason {
    let (en, tr) = message(f.rule);
    let excerpt = span.map(|(s, e)| {
        let ex = &text[s..e];
        match ex.char_indices().nth(80) {
            Some((cut, _)) => format!("{}…", &ex[..cut]),
            None => ex.to_owned(),
        }
    });
    Reason {
        category: f.category,
        rule: f.rule.to_owned(),
        message_en: en.into(),
        message_tr: tr.into(),
        span,
        excerpt,
    }
}
