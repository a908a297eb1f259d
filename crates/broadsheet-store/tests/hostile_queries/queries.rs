//! Query values and expected pages that the properties and regressions share.

use broadsheet_store::{ArticleFilter, SearchQuery};

/// A reader's search for `text`, fifty hits to a page.
pub fn search_for(text: impl Into<String>) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        per_page: 50,
        ..Default::default()
    }
}

/// The newsroom's headline filter for `needle`, up to a hundred rows.
pub fn headline(needle: impl Into<String>) -> ArticleFilter {
    ArticleFilter {
        headline: Some(needle.into()),
        limit: 100,
        ..Default::default()
    }
}

/// The rows a keyset page asked for `limit` of should hold: the first `limit` of `rows`,
/// with `limit` clamped to `1..=cap` as the store clamps it.
pub fn first_page<T>(rows: impl IntoIterator<Item = T>, limit: i64, cap: i64) -> Vec<T> {
    rows.into_iter()
        .take(limit.clamp(1, cap) as usize)
        .collect()
}
