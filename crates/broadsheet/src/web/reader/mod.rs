//! The reader site: front page, sections, tags, authors, articles, search and the
//! language switch. Pages for anonymous readers are marked cacheable (see `cache_layer`).

pub mod article;
pub mod cache_layer;
mod composed;
pub mod home;
pub mod lang;
pub mod lists;
pub mod old_addresses;
pub mod own_parts;
pub mod pages;
mod reader_section;
pub mod search;
pub mod seo;
mod snippet;

use super::{Ctx, render};
pub use crate::editorial::taxonomy::section_label;
use crate::error::AppError;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use broadsheet_store::{ArticleCursor, ArticleSummary, Listing};
use serde::Serialize;

pub use seo::Seo;

/// Marks a response the page cache may keep and serve to other anonymous readers, with
/// what it shows (so a change drops exactly the pages it affects).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cacheable(pub crate::cache::Shows);

/// Records on a cacheable response what it shows.
pub fn shows(response: &mut Response, shows: crate::cache::Shows) {
    if let Some(c) = response.extensions_mut().get_mut::<Cacheable>() {
        c.0 = shows;
    }
}

/// Articles per listing page.
pub const PER_PAGE: i64 = 20;

/// A section in the navigation, named in the reader's language.
#[derive(Clone, Debug, Serialize)]
pub struct NavSection {
    pub id: i64,
    pub slug: String,
    pub label: String,
}

/// A page of the reader site: the page's own data plus navigation and SEO tags.
#[derive(Serialize)]
struct ReaderPage<'a, T: Serialize> {
    nav: &'a [NavSection],
    seo: &'a Seo,
    #[serde(flatten)]
    page: T,
}

/// The sections in navigation order, named for `locale`.
pub async fn nav(state: &AppState, locale: &str) -> Result<Vec<NavSection>, AppError> {
    let site = state.site_data().await?;
    Ok(site
        .sections
        .iter()
        .map(|s| NavSection {
            id: s.id,
            slug: s.slug.clone(),
            label: section_label(s, locale),
        })
        .collect())
}

/// One page of a listing: held in memory while nothing changed (see `cache::articles`),
/// else loaded. Section names are as stored; [`localize`] them.
pub async fn listing(
    state: &AppState,
    which: Listing,
    after: Option<ArticleCursor>,
    limit: i64,
) -> Result<Vec<ArticleSummary>, AppError> {
    let key = (which, after, limit);
    if let Some(rows) = state.listings.get(&state.page_cache, &key) {
        return Ok(rows.as_ref().clone());
    }
    let generation = crate::cache::ListingCache::generation(&state.page_cache);
    let rows = state.store.listing(which, after, limit).await?;
    state
        .listings
        .put(generation, key, std::sync::Arc::new(rows.clone()));
    Ok(rows)
}

/// Names each article's section in the reader's language.
pub fn localize(articles: &mut [ArticleSummary], nav: &[NavSection]) {
    for a in articles {
        if let Some(s) = nav.iter().find(|s| s.slug == a.section_slug) {
            a.section_name.clone_from(&s.label);
        }
    }
}

/// Renders a reader page: public and cacheable for anonymous readers; a signed-in
/// reader's page goes through the ordinary private render.
pub fn page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    nav: &[NavSection],
    seo: &Seo,
    data: impl Serialize,
) -> Result<Response, AppError> {
    let view = ReaderPage {
        nav,
        seo,
        page: data,
    };
    if ctx.user.is_some() {
        return render(state, ctx, name, view);
    }
    let html = super::page::render_html(state, &ctx.locale, None, "", &ctx.path, name, view)?;
    let mut response = html.into_response();
    response.extensions_mut().insert(Cacheable::default());
    Ok(response)
}

/// An opaque paging cursor: where the next page continues.
pub fn encode_cursor(a: &ArticleSummary) -> String {
    cursor_text(ArticleCursor {
        published_at: a.published_at.unwrap_or(0),
        id: a.id,
    })
}

/// The text form of a cursor: both numbers in hex, negative ones as their 64-bit two's
/// complement (which `decode_cursor` reads back).
pub fn cursor_text(c: ArticleCursor) -> String {
    format!("{:x}-{:x}", c.published_at, c.id)
}

/// Reads a cursor; anything malformed is the reader's mistake (400), never a 500.
pub fn decode_cursor(raw: Option<&str>) -> Result<Option<ArticleCursor>, AppError> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let parsed = raw.split_once('-').and_then(|(t, i)| {
        Some(ArticleCursor {
            // Read as u64 so a negative value, written in two's complement, comes back.
            published_at: u64::from_str_radix(t, 16).ok()? as i64,
            id: u64::from_str_radix(i, 16).ok()? as i64,
        })
    });
    parsed
        .map(Some)
        .ok_or_else(|| AppError::bad("this page link is not valid"))
}

/// Splits a fetched `limit + 1` rows into the page and the cursor of the next one.
pub fn paginate(
    mut rows: Vec<ArticleSummary>,
    limit: i64,
) -> (Vec<ArticleSummary>, Option<String>) {
    if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        let next = rows.last().map(encode_cursor);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// The value of one query parameter, from pairs that never fail to parse.
pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_a_bad_request() {
        let c = decode_cursor(Some("6a-1f")).unwrap().unwrap();
        assert_eq!((c.published_at, c.id), (0x6a, 0x1f));
        assert!(decode_cursor(None).unwrap().is_none());
        for bad in ["x", "1-", "-1", "zz-1", "1-1-1", "ffffffffffffffffff-1"] {
            assert!(decode_cursor(Some(bad)).is_err(), "{bad}");
        }
    }

    /// Found by the `cursors` fuzz target: a negative published_at (an article dated
    /// before 1970) was written as two's complement hex that decoding refused, so the
    /// "next page" link answered 400.
    #[test]
    fn fuzz_regression_negative_cursors_round_trip() {
        for (published_at, id) in [(-72_057_594_037_927_936, -1), (-1, 7), (i64::MIN, i64::MAX)] {
            let c = ArticleCursor { published_at, id };
            let text = cursor_text(c);
            assert_eq!(decode_cursor(Some(&text)).unwrap(), Some(c), "{text}");
        }
        assert_eq!(
            cursor_text(ArticleCursor {
                published_at: 0x6a,
                id: 0x1f
            }),
            "6a-1f"
        );
    }
}
