//! The parts of pages that only the newsroom changes, held in memory so a render for a
//! signed-in reader does not load them again (decision 0034): an article with its
//! rendered body, bylines, tags, related articles and corrections, per address; the
//! rows of listing pages (home, section, tag, author); and a search's results, for
//! [`super::SEARCH_TTL`] (the same for every reader; anonymous ones get whole pages).
//!
//! Every newsroom write to a live article, a section or a person names
//! [`super::Change::Everything`]; that change (here or relayed from another node) makes
//! everything held here outdated. Comments are not held: an article's comment section is
//! loaded for each render, and listing rows (which show comment counts) live only
//! [`super::LISTING_LAG`], the lag cached listing pages have after a comment.

use super::held::HeldMap;
use broadsheet_store::{
    Article, ArticleCursor, ArticleSummary, Byline, Correction, Listing, SearchHit, Tag,
};

/// Articles held at most (the busiest ones are asked for again within seconds).
const MAX_ARTICLES: usize = 2048;
/// Listing pages held at most.
const MAX_LISTINGS: usize = 1024;
/// Searches held at most.
const MAX_SEARCHES: usize = 512;

/// What the article page shows apart from comments and navigation.
#[derive(Debug)]
pub struct ArticleParts {
    pub article: Article,
    pub bylines: Vec<Byline>,
    pub tags: Vec<Tag>,
    /// Section names as stored: the page names them in the reader's language.
    pub related: Vec<ArticleSummary>,
    pub corrections: Vec<Correction>,
    /// The lead image's files and size (`None` without one).
    pub lead_picture: Option<crate::media::Picture>,
}

/// Article parts by (section slug, article slug).
pub type ArticleCache = HeldMap<(String, String), ArticleParts>;

/// One listing page's rows by (which listing, where it continues, how many).
pub type ListingCache = HeldMap<(Listing, Option<ArticleCursor>, i64), Vec<ArticleSummary>>;

/// A search by (its words, section, from, until, page number).
pub type SearchKey = (String, Option<i64>, Option<i64>, Option<i64>, i64);

/// A search page's results by what was asked.
pub type SearchCache = HeldMap<SearchKey, Vec<SearchHit>>;

pub fn search_cache() -> SearchCache {
    HeldMap::new(MAX_SEARCHES, super::SEARCH_TTL)
}

pub fn article_cache() -> ArticleCache {
    HeldMap::new(MAX_ARTICLES, super::TTL)
}

pub fn listing_cache() -> ListingCache {
    HeldMap::new(MAX_LISTINGS, super::LISTING_LAG)
}
