//! Public data types: decisions, categories, reasons, author context.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What happens to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Published.
    Allow,
    /// Sent to the moderation queue (or back to the author to rephrase).
    Hold,
    /// Refused.
    Reject,
}

/// A guideline category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Insults and rudeness aimed at other readers.
    Rude,
    /// Threats and calls to violence.
    Aggressive,
    /// Demeaning people.
    Derogatory,
    /// Hate against identity groups.
    Discriminatory,
    /// Promotion, link floods, repeats.
    Spam,
}

impl Category {
    /// All categories in a fixed order.
    pub const ALL: [Category; 5] = [
        Category::Rude,
        Category::Aggressive,
        Category::Derogatory,
        Category::Discriminatory,
        Category::Spam,
    ];

    /// Lowercase name, as serialised.
    pub fn name(self) -> &'static str {
        match self {
            Category::Rude => "rude",
            Category::Aggressive => "aggressive",
            Category::Derogatory => "derogatory",
            Category::Discriminatory => "discriminatory",
            Category::Spam => "spam",
        }
    }

    /// Parses a lowercase name.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What the screener knows about the author, supplied by the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorContext {
    /// Marked trusted by a moderator.
    pub trusted: bool,
    /// Comments approved so far.
    pub approved_comments: u32,
    /// Recent comments that were rejected.
    pub recent_rejections: u32,
    /// Recent comments in the same window as `recent_rejections`.
    pub recent_total: u32,
    /// The same text was posted recently by this author.
    pub duplicate_of_recent: bool,
    /// Link limit for this site or section; `None` means the default of 2.
    pub max_links: Option<u32>,
}

/// One explanation of a screening result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub category: Category,
    /// Stable rule id such as `lexicon:slur`, `threat:call-to-violence`, `classifier`, `links`.
    pub rule: String,
    /// Explanation for the author, English.
    pub message_en: String,
    /// Explanation for the author, Turkish.
    pub message_tr: String,
    /// Byte range in the original text.
    pub span: Option<(usize, usize)>,
    /// The original text of `span` (shortened if long).
    pub excerpt: Option<String>,
}

/// The result of screening one comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screening {
    pub decision: Decision,
    /// Score per category in `0..=1`.
    pub scores: BTreeMap<Category, f32>,
    pub reasons: Vec<Reason>,
}

impl Screening {
    /// True unless the comment is allowed.
    pub fn violation(&self) -> bool {
        self.decision != Decision::Allow
    }

    /// Categories whose score reaches `threshold`.
    pub fn categories_over(&self, threshold: f32) -> Vec<Category> {
        self.scores
            .iter()
            .filter(|(_, s)| **s >= threshold)
            .map(|(c, _)| *c)
            .collect()
    }
}
