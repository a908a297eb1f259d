//! The fixture's constants and the articles it seeds, published and not.

use broadsheet_domain::ArticleStatus;
use broadsheet_store::LinkPurpose;

pub const T0: i64 = 1_700_000_000;
pub const MEDIA_KEY: &str = "0123456789abcdef01234567";
pub const GUIDELINES_KEY: &str = "comments.guidelines.en";
pub const IMPOSSIBLE: &str = "zqxjvkwq";
pub const SECTIONS: &[&str] = &["city", "city-hall", "sport"];
pub const TAGS: &[&str] = &["harbour", "harbour-master", "fish"];
/// Every kind of one-time link.
pub const LINK_PURPOSES: [LinkPurpose; 3] = [
    LinkPurpose::Verify,
    LinkPurpose::Reset,
    LinkPurpose::Unsubscribe,
];

/// An article the fixture seeds.
pub struct Seed {
    pub section: &'static str,
    pub slug: &'static str,
    pub headline: &'static str,
    pub language: &'static str,
    pub status: ArticleStatus,
    pub at: Option<i64>,
    pub tags: &'static [&'static str],
    /// The body is the whole corpus (so a widened search would find it).
    pub corpus_body: bool,
}

pub const SEEDS: &[Seed] = &[
    Seed {
        section: "city",
        slug: "quay-opens",
        headline: "Quay opens at dawn",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 100),
        tags: &["harbour"],
        corpus_body: false,
    },
    Seed {
        section: "city",
        slug: "harbour-fish",
        headline: "Fish market returns to the harbour",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 200),
        tags: &["fish", "harbour-master"],
        corpus_body: false,
    },
    Seed {
        section: "sport",
        slug: "derby-day",
        headline: "Derby day: 50% off_tickets \\ for fans",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 200),
        tags: &[],
        corpus_body: false,
    },
    Seed {
        section: "city",
        slug: "istanbul-fish",
        headline: "İstanbul'da balık hali açıldı",
        language: "tr",
        status: ArticleStatus::Published,
        at: Some(T0 + 300),
        tags: &["fish"],
        corpus_body: false,
    },
    Seed {
        section: "city-hall",
        slug: "council-vote",
        headline: "Council votes on the quay budget",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 50),
        tags: &["harbour"],
        corpus_body: false,
    },
    Seed {
        section: "city",
        slug: "old-harbour-slug",
        headline: "Harbour master retires",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 150),
        tags: &["harbour-master"],
        corpus_body: false,
    },
    Seed {
        section: "city",
        slug: "gone-old",
        headline: "Gone harbour story",
        language: "en",
        status: ArticleStatus::Published,
        at: Some(T0 + 120),
        tags: &["harbour"],
        corpus_body: false,
    },
    Seed {
        section: "city",
        slug: "secret-draft",
        headline: "Secret draft: harbour quay fish OR AND NOT NEAR 50% off_",
        language: "en",
        status: ArticleStatus::Draft,
        at: None,
        tags: &["harbour"],
        corpus_body: true,
    },
    Seed {
        section: "sport",
        slug: "secret-archived",
        headline: "Archived secret harbour quay fish",
        language: "en",
        status: ArticleStatus::Archived,
        at: Some(T0 + 400),
        tags: &["fish"],
        corpus_body: true,
    },
    Seed {
        section: "city-hall",
        slug: "secret-review",
        headline: "In review: harbour quay fish İstanbul",
        language: "tr",
        status: ArticleStatus::InReview,
        at: None,
        tags: &["harbour"],
        corpus_body: true,
    },
    Seed {
        section: "city",
        slug: "secret-scheduled",
        headline: "Scheduled: harbour quay fish",
        language: "en",
        status: ArticleStatus::Scheduled,
        at: None,
        tags: &[],
        corpus_body: true,
    },
];
