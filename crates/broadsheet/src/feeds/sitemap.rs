//! robots.txt and sitemaps: an index pointing at article sitemaps (one per block of ids,
//! so a page's address never shifts), the sitemap of sections and standalone pages, and a
//! Google News sitemap.

use super::xml::Xml;
use super::{cacheable, rfc3339};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

/// Article ids per article sitemap (the protocol allows 50,000 URLs).
const IDS_PER_SITEMAP: i64 = 10_000;
/// Google News takes articles from the last two days, at most 1,000.
const NEWS_WINDOW_SECS: i64 = 48 * 3600;
const NEWS_MAX: i64 = 1000;

const XML: &str = "application/xml; charset=utf-8";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

pub async fn robots(State(state): State<AppState>) -> Response {
    let text = format!(
        "User-agent: *\nDisallow: /search\nDisallow: /lang/\nDisallow: /newsroom\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
        state.options.base_url
    );
    cacheable("text/plain; charset=utf-8", text)
}

pub async fn index(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.options.base_url;
    let mut x = Xml::new();
    x.open("sitemapindex", &[("xmlns", NS)]);
    x.open("sitemap", &[])
        .text("loc", &[], &format!("{base}/sitemaps/sections.xml"))
        .close();
    x.open("sitemap", &[])
        .text("loc", &[], &format!("{base}/sitemaps/news.xml"))
        .close();
    for p in state.store.sitemap_pages(IDS_PER_SITEMAP).await? {
        x.open("sitemap", &[])
            .text("loc", &[], &format!("{base}/sitemaps/articles/{}", p.page))
            .text("lastmod", &[], &rfc3339(p.updated_at).unwrap_or_default())
            .close();
    }
    Ok(cacheable(XML, x.finish()))
}

pub async fn articles(
    State(state): State<AppState>,
    Path(page): Path<String>,
) -> Result<Response, AppError> {
    let page: i64 = page
        .parse()
        .ok()
        .filter(|p| *p >= 0)
        .ok_or(AppError::NotFound)?;
    let base = &state.options.base_url;
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", NS)]);
    for e in state.store.sitemap_entries(page, IDS_PER_SITEMAP).await? {
        x.open("url", &[])
            .text("loc", &[], &format!("{base}/{}/{}", e.section_slug, e.slug))
            .text(
                "lastmod",
                &[],
                &rfc3339(e.updated_at.max(e.published_at)).unwrap_or_default(),
            )
            .close();
    }
    Ok(cacheable(XML, x.finish()))
}

/// The front page, every section and every published page.
pub async fn sections(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.options.base_url;
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", NS)]);
    x.open("url", &[])
        .text("loc", &[], &format!("{base}/"))
        .text("changefreq", &[], "hourly")
        .close();
    for s in state.store.list_sections().await? {
        x.open("url", &[])
            .text("loc", &[], &format!("{base}/{}", s.slug))
            .text("changefreq", &[], "hourly")
            .close();
    }
    for p in state.store.list_pages(true).await? {
        x.open("url", &[])
            .text("loc", &[], &format!("{base}/pages/{}", p.slug))
            .text("lastmod", &[], &rfc3339(p.updated_at).unwrap_or_default())
            .close();
    }
    Ok(cacheable(XML, x.finish()))
}

pub async fn news(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.options.base_url;
    let since = broadsheet_store::now() - NEWS_WINDOW_SECS;
    let mut x = Xml::new();
    x.open(
        "urlset",
        &[
            ("xmlns", NS),
            (
                "xmlns:news",
                "http://www.google.com/schemas/sitemap-news/0.9",
            ),
        ],
    );
    for e in state.store.published_since(since, NEWS_MAX).await? {
        x.open("url", &[])
            .text("loc", &[], &format!("{base}/{}/{}", e.section_slug, e.slug))
            .open("news:news", &[])
            .open("news:publication", &[])
            .text("news:name", &[], state.site_name())
            .text("news:language", &[], &e.language)
            .close()
            .text(
                "news:publication_date",
                &[],
                &rfc3339(e.published_at).unwrap_or_default(),
            )
            .text("news:title", &[], &e.headline)
            .close()
            .close();
    }
    Ok(cacheable(XML, x.finish()))
}
