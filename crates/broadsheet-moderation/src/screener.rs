//! The screener: normalise, run lexicon rules and the classifier, combine into a decision.

use crate::builtin::builtin_lexicon;
use crate::lexicon::{Kind, Lexicon};
use crate::messages::message;
use crate::model::{CLASSES, Model, features};
use crate::normalise::{normalise, normalise_plain};
use crate::rules::{self, Ctx, Finding, Severity, spam};
use crate::types::{AuthorContext, Category, Decision, Reason, Screening};
use std::collections::BTreeMap;

const BUILTIN_MODEL: &str = include_str!("../model/model.txt");
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
    model: Option<Model>,
    signals: Signals,
    /// Classifier probability of a violation at which a comment is held.
    pub threshold: f32,
}

impl Screener {
    /// The built-in lexicons and the committed model.
    pub fn builtin() -> Screener {
        let model = Model::from_text(BUILTIN_MODEL)
            .ok()
            .filter(|m| !m.is_empty());
        Screener {
            lex: builtin_lexicon(),
            admin: Lexicon::default(),
            model,
            signals: Signals::default(),
            threshold: 0.6,
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
        self.model = model;
        self
    }

    /// Chooses which signals take part.
    pub fn with_signals(mut self, signals: Signals) -> Screener {
        self.signals = signals;
        self
    }

    /// Screens one comment.
    pub fn screen(&self, text: &str, ctx: &AuthorContext) -> Screening {
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
                let f = Finding {
                    category: Category::Spam,
                    rule: "links",
                    severity: Severity::Hold,
                    score: 0.9,
                    first: 0,
                    last: 0,
                };
                extra.push((f, links.get(max).copied()));
            }
            if let Some(f) = spam::promo(&rc, links.len()) {
                found.push(f);
            }
            let hold = |rule| Finding {
                category: Category::Spam,
                rule,
                severity: Severity::Hold,
                score: 0.8,
                first: 0,
                last: 0,
            };
            if ctx.duplicate_of_recent {
                extra.push((hold("repeat"), None));
            }
            if ctx.recent_total >= 3 && ctx.recent_rejections * 2 > ctx.recent_total {
                extra.push((hold("history"), None));
            }
        }
        let mut scores: BTreeMap<Category, f32> = Category::ALL.iter().map(|c| (*c, 0.0)).collect();
        if let Some(model) = self.model.as_ref().filter(|_| self.signals.classifier) {
            let p = model.predict(&features::extract(rc.tokens, &rc.hits));
            for (k, name) in CLASSES.iter().enumerate().skip(1) {
                if let Some(c) = Category::from_name(name) {
                    scores.insert(c, p[k]);
                }
            }
            // A few words are too little for the model to judge alone: short civil replies
            // ("Useful context, thank you.") must not be held. Short attacks are the rules' job.
            if rc.tokens.len() >= MIN_TOKENS_FOR_MODEL_ALONE {
                self.classify(p, ctx, &mut found);
            }
        }
        let mut reasons = Vec::new();
        let mut decision = Decision::Allow;
        for f in &found {
            let span = (!norm.tokens.is_empty() && f.rule != "classifier")
                .then(|| norm.span_of(f.first, f.last));
            reasons.push(reason(text, f, span));
        }
        for (f, span) in &extra {
            reasons.push(reason(text, f, *span));
        }
        for f in found.iter().chain(extra.iter().map(|(f, _)| f)) {
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

    /// Adds a classifier finding when no content rule fired and the model is confident enough.
    fn classify(&self, p: [f32; CLASSES.len()], ctx: &AuthorContext, found: &mut Vec<Finding>) {
        let violation = 1.0 - p[0];
        let mut threshold = self.threshold;
        if self.signals.context && ctx.trusted {
            threshold += 0.15;
        } else if self.signals.context && ctx.approved_comments >= 20 {
            threshold += 0.05;
        }
        let content_rule = found.iter().any(|f| f.category != Category::Spam);
        if violation < threshold || content_rule {
            return;
        }
        let (k, score) = p
            .iter()
            .enumerate()
            .skip(1)
            .fold((1, 0.0), |b, (k, &s)| if s > b.1 { (k, s) } else { b });
        let category = Category::from_name(CLASSES[k]).unwrap_or(Category::Rude);
        found.push(Finding {
            category,
            rule: "classifier",
            severity: Severity::Hold,
            score: score.max(violation),
            first: 0,
            last: 0,
        });
    }
}

/// Fewest words for the classifier alone to hold a comment.
const MIN_TOKENS_FOR_MODEL_ALONE: usize = 6;

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
