//! The search and headline-filter properties: only published matches, wildcards as text.

use crate::fixture::{Fixture, fixture};
use crate::queries::{headline, search_for};
use crate::runner::{ok, property};
use crate::seeds::IMPOSSIBLE;
use crate::snapshot::{assert_unchanged, snapshot};
use crate::strings::{edgy_i64, hostile, like_pattern};
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{SearchQuery, fold, search_terms};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeSet;

pub async fn hostile_search_finds_only_published_matches_within_filters(db: &TestDb) {
    let f = fixture(db).await;
    let before = snapshot(db).await;
    let filters = (
        0usize..6,
        prop::option::of(edgy_i64()),
        prop::option::of(edgy_i64()),
        edgy_i64(),
        edgy_i64(),
    );
    property("search", (hostile(), filters), |(text, filters)| {
        search(&f, text, filters)
    });
    assert_unchanged(&before, &snapshot(db).await);
}

type SearchFilters = (usize, Option<i64>, Option<i64>, i64, i64);

async fn search(
    f: &Fixture,
    text: String,
    (section, from, until, page, per_page): SearchFilters,
) -> Result<(), TestCaseError> {
    let section_id = match section {
        0 => None,
        1 => Some(f.sections["city"]),
        2 => Some(f.sections["sport"]),
        3 => Some(f.sections["city-hall"]),
        4 => Some(-1),
        _ => Some(i64::MAX),
    };
    let q = SearchQuery {
        text: text.clone(),
        section_id,
        from,
        until,
        page,
        per_page,
    };
    let hits = ok!(f.store.search(&q));
    prop_assert!(hits.len() as i64 <= per_page.clamp(1, 50) + 1);
    let ids: BTreeSet<i64> = hits.iter().map(|h| h.summary.id).collect();
    prop_assert_eq!(ids.len(), hits.len(), "a hit twice");
    let published = f.published_ids();
    for h in &hits {
        let a = &h.summary;
        prop_assert!(published.contains(&a.id), "unpublished {} found", a.slug);
        prop_assert_eq!(a.status.0, ArticleStatus::Published);
        if let Some(sid) = section_id {
            prop_assert_eq!(Some(a.section_slug.as_str()), f.section_slug(sid));
        }
        let at = a.published_at.unwrap_or(i64::MIN);
        prop_assert!(from.is_none_or(|t| at >= t) && until.is_none_or(|t| at < t));
    }
    // Every word is required: one that is in no article empties the result, whatever
    // operators, quotes or column filters the rest of the query spells.
    for impossible in [
        format!("{IMPOSSIBLE} {text}"),
        format!("{text} {IMPOSSIBLE}"),
    ] {
        let q = search_for(impossible);
        let hits = ok!(f.store.search(&q));
        if search_terms(&q.text).iter().any(|t| t == IMPOSSIBLE) {
            prop_assert!(
                hits.is_empty(),
                "{:?} found {:?}",
                q.text,
                hits.iter().map(|h| &h.summary.slug).collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}

pub async fn hostile_headline_filter_treats_wildcards_as_text(db: &TestDb) {
    let f = fixture(db).await;
    let before = snapshot(db).await;
    property("headline filter", like_pattern(), |s| {
        headline_filter(&f, s)
    });
    assert_unchanged(&before, &snapshot(db).await);
}

/// The newsroom's (and the API's `q`) headline filter: a case-insensitive substring
/// match in which every character is literal.
pub async fn headline_filter(f: &Fixture, needle: String) -> Result<(), TestCaseError> {
    let rows = ok!(f.store.staff_articles(&headline(needle.clone())));
    let got: BTreeSet<i64> = rows.iter().map(|r| r.summary.id).collect();
    // Sound: whatever it returns holds the needle (folded the way search folds case, a
    // coarser fold than either engine's LOWER, so this can only be more lenient).
    let folded = fold(&needle);
    for r in &rows {
        prop_assert!(
            fold(&r.summary.headline).contains(&folded),
            "{:?} matched {:?}",
            needle,
            r.summary.headline
        );
    }
    // Complete: for an ASCII needle, both engines agree on case; every headline holding it
    // is returned, metacharacters included.
    if needle.is_ascii() {
        let lower = needle.to_ascii_lowercase();
        let expected: BTreeSet<i64> = f
            .articles
            .iter()
            .filter(|a| a.headline.to_ascii_lowercase().contains(&lower))
            .map(|a| a.id)
            .collect();
        prop_assert!(
            expected.is_subset(&got),
            "{:?}: expected {:?}, got {:?}",
            needle,
            expected,
            got
        );
    }
    Ok(())
}
