//! The cursor property: article listings, sitemaps, comments and queues page exactly.

use crate::comment_cursors::{comment_keyset, moderation_keyset};
use crate::fixture::{Fixture, Known, fixture};
use crate::queries::first_page;
use crate::runner::{ok, property};
use crate::snapshot::{assert_unchanged, snapshot};
use crate::strings::{cursor_text, edgy_i64, hostile};
use broadsheet_store::{ArticleCursor, Listing};
use broadsheet_testkit::TestDb;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

pub async fn hostile_cursors_page_exactly_after_the_cursor(db: &TestDb) {
    let f = fixture(db).await;
    let before = snapshot(db).await;
    let listing = (0usize..5, edgy_i64(), edgy_i64(), edgy_i64());
    property("article keysets", listing, |(which, at, id, limit)| {
        article_keyset(&f, which, at, id, limit)
    });
    let comments = (
        cursor_text(),
        0usize..3,
        0usize..3,
        edgy_i64(),
        edgy_i64(),
        edgy_i64(),
    );
    property(
        "comment keysets",
        comments,
        |(text, sort, viewer, after, limit, likes)| {
            comment_keyset(&f, text, sort, viewer, after, limit, likes)
        },
    );
    let queue = (
        prop_oneof![
            prop::sample::select(&["pending", "reported", "rejected", "approved", "visible"][..])
                .prop_map(String::from),
            hostile()
        ],
        any::<bool>(),
        prop::option::of(edgy_i64()),
        prop::option::of(edgy_i64()),
        edgy_i64(),
        0usize..4,
    );
    property(
        "moderation keysets",
        queue,
        |(name, newest, after, before, limit, scope)| {
            moderation_keyset(&f, name, newest, after, before, limit, scope)
        },
    );
    property("sitemap blocks", (edgy_i64(), edgy_i64()), |(page, per)| {
        sitemap_block(&f, page, per)
    });
    assert_unchanged(&before, &snapshot(db).await);
}

async fn article_keyset(
    f: &Fixture,
    which: usize,
    at: i64,
    id: i64,
    limit: i64,
) -> Result<(), TestCaseError> {
    let listing = match which {
        0 => Listing::All,
        1 => Listing::Section(f.sections["city"]),
        2 => Listing::Tag(f.tags["harbour"]),
        3 => Listing::Author(f.nora),
        _ => Listing::Tag(at),
    };
    let belongs = |a: &Known| match listing {
        Listing::All => true,
        Listing::Section(s) => a.section_id == s,
        Listing::Tag(t) => a.tags.iter().any(|slug| f.tags.get(slug) == Some(&t)),
        Listing::Author(u) => a.authors.contains(&u),
    };
    let mut all: Vec<(i64, i64)> = f
        .articles
        .iter()
        .filter(|a| a.published && belongs(a))
        .map(|a| (a.published_at.unwrap(), a.id))
        .collect();
    all.sort_by(|x, y| y.cmp(x));
    let after = ArticleCursor {
        published_at: at,
        id,
    };
    let expected = |cap: i64| first_page(all.iter().copied().filter(|k| *k < (at, id)), limit, cap);
    let got: Vec<(i64, i64)> = ok!(f.store.listing(listing, Some(after), limit))
        .iter()
        .map(|a| (a.published_at.unwrap(), a.id))
        .collect();
    prop_assert_eq!(got, expected(101));
    // Author pages look their author up by the id at the front of the address.
    let byline = ok!(f.store.author(id)).map(|a| a.id);
    prop_assert_eq!(byline, [f.nora, f.obrien].contains(&id).then_some(id));
    Ok(())
}

async fn sitemap_block(f: &Fixture, page: i64, per_page: i64) -> Result<(), TestCaseError> {
    let per = per_page.max(1);
    let first = page.saturating_mul(per);
    let last = first.saturating_add(per);
    let got: Vec<i64> = ok!(f.store.sitemap_entries(page, per_page))
        .iter()
        .map(|e| e.id)
        .collect();
    let mut expected: Vec<i64> = f
        .articles
        .iter()
        .filter(|a| a.published && a.id >= first && a.id < last)
        .map(|a| a.id)
        .collect();
    expected.sort();
    prop_assert_eq!(got, expected);
    let pages = ok!(f.store.sitemap_pages(per_page));
    prop_assert!(!pages.is_empty());
    Ok(())
}
