//! Syndication: RSS 2.0, Atom and JSON Feed 1.1 for the site and for each section, tag
//! and author, plus sitemaps and robots.txt. All are cacheable like reader pages.

mod formats;
pub mod sitemap;
mod xml;

use crate::error::AppError;
use crate::state::AppState;
use crate::urls::{author_id, author_path};
use crate::web::reader::Cacheable;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use broadsheet_store::Listing;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::{Rfc2822, Rfc3339};

/// Items in each feed.
const ITEMS: i64 = 30;

/// A feed, whatever format it is written in.
pub struct Feed {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute URL of the page the feed follows.
    pub home_url: String,
    /// Absolute URL of the feed family, e.g. `https://site/feed/section/city`.
    pub feed_base: String,
    pub updated: i64,
    pub items: Vec<Item>,
}

pub struct Item {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub published: i64,
    pub updated: i64,
    pub authors: Vec<(String, String)>,
    pub category: String,
    pub language: String,
}

pub fn rfc3339(t: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()?
        .format(&Rfc3339)
        .ok()
}

pub fn rfc2822(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc2822).ok())
        .unwrap_or_default()
}

/// `/feed/{format}`: the whole site.
pub async fn site(
    State(state): State<AppState>,
    Path(format): Path<String>,
) -> Result<Response, AppError> {
    let title = state.site_name().to_string();
    let home = state.options.base_url.clone();
    serve(&state, Listing::All, title, home, "/feed".into(), &format).await
}

/// `/feed/{kind}/{key}/{format}`: one section, tag or author.
pub async fn scoped(
    State(state): State<AppState>,
    Path((kind, key, format)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let site = state.site_name().to_string();
    let base = state.options.base_url.clone();
    let (listing, title, page) = match kind.as_str() {
        "section" => {
            let s = state
                .store
                .section_by_slug(&key)
                .await?
                .ok_or(AppError::NotFound)?;
            (
                Listing::Section(s.id),
                format!("{} · {site}", s.name),
                format!("/{}", s.slug),
            )
        }
        "tag" => {
            let t = state
                .store
                .tag_by_slug(&key)
                .await?
                .ok_or(AppError::NotFound)?;
            (
                Listing::Tag(t.id),
                format!("{} · {site}", t.name),
                format!("/tag/{}", t.slug),
            )
        }
        "author" => {
            let id = author_id(&key).ok_or(AppError::NotFound)?;
            let a = state.store.author(id).await?.ok_or(AppError::NotFound)?;
            let page = author_path(a.id, &a.display_name);
            (
                Listing::Author(a.id),
                format!("{} · {site}", a.display_name),
                page,
            )
        }
        _ => return Err(AppError::NotFound),
    };
    serve(
        &state,
        listing,
        title,
        format!("{base}{page}"),
        format!("/feed/{kind}/{key}"),
        &format,
    )
    .await
}

async fn serve(
    state: &AppState,
    listing: Listing,
    title: String,
    home_url: String,
    feed_path: String,
    format: &str,
) -> Result<Response, AppError> {
    let render = match format {
        "rss.xml" => formats::rss,
        "atom.xml" => formats::atom,
        "feed.json" => formats::json,
        _ => return Err(AppError::NotFound),
    };
    let feed = load(state, listing, title, home_url, &feed_path).await?;
    let (content_type, body) = render(&feed);
    Ok(cacheable(content_type, body))
}

async fn load(
    state: &AppState,
    listing: Listing,
    title: String,
    home_url: String,
    feed_path: &str,
) -> Result<Feed, AppError> {
    let base = &state.options.base_url;
    let articles = state.store.listing(listing, None, ITEMS).await?;
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut authors: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for b in state.store.bylines(&ids).await? {
        let url = format!("{base}{}", author_path(b.user_id, &b.display_name));
        authors
            .entry(b.article_id)
            .or_default()
            .push((b.display_name, url));
    }
    let items: Vec<Item> = articles
        .into_iter()
        .map(|a| Item {
            url: format!("{base}/{}/{}", a.section_slug, a.slug),
            published: a.published_at.unwrap_or(a.updated_at),
            updated: a.updated_at.max(a.published_at.unwrap_or(0)),
            authors: authors.remove(&a.id).unwrap_or_default(),
            title: a.headline,
            summary: a.standfirst,
            category: a.section_name,
            language: a.language,
        })
        .collect();
    Ok(Feed {
        description: title.clone(),
        title,
        language: state.i18n.default_locale.clone(),
        home_url,
        feed_base: format!("{base}{feed_path}"),
        updated: items.iter().map(|i| i.updated).max().unwrap_or(0),
        items,
    })
}

/// A response the page cache may keep.
pub fn cacheable(content_type: &'static str, body: String) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    response.extensions_mut().insert(Cacheable::default());
    response
}
