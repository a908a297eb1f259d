//! Section, tag and author pages: one listing template, paged by keyset.

use super::{
    Ctx, PER_PAGE, Seo, decode_cursor, localize, nav, page, paginate, param, section_label,
};
use crate::error::AppError;
use crate::media::Picture;
use crate::state::AppState;
use crate::urls::{author_id, author_path};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use broadsheet_store::{ArticleSummary, Listing};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct ListPage {
    /// `section`, `tag` or `author`: the template words its heading by kind.
    kind: &'static str,
    heading: String,
    description: String,
    articles: Vec<ArticleSummary>,
    next: Option<String>,
    first_page: Option<String>,
    /// The pictures of the stories listed, by image address.
    pictures: HashMap<String, Picture>,
}

/// What a listing page lists and how it introduces itself.
struct Subject {
    kind: &'static str,
    listing: Listing,
    heading: String,
    description: String,
    path: String,
    feed_base: String,
}

pub async fn section(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let site = state.site_data().await?;
    let s = site
        .sections
        .iter()
        .find(|s| s.slug == slug)
        .ok_or(AppError::NotFound)?;
    let subject = Subject {
        kind: "section",
        listing: Listing::Section(s.id),
        heading: section_label(s, &ctx.locale),
        description: if ctx.locale == "en" {
            s.description.clone()
        } else {
            String::new()
        },
        path: format!("/{}", s.slug),
        feed_base: format!("/feed/section/{}", s.slug),
    };
    list(state, ctx, subject, &query).await
}

pub async fn tag(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let t = state
        .store
        .tag_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let subject = Subject {
        kind: "tag",
        listing: Listing::Tag(t.id),
        heading: t.name,
        description: String::new(),
        path: format!("/tag/{}", t.slug),
        feed_base: format!("/feed/tag/{}", t.slug),
    };
    list(state, ctx, subject, &query).await
}

pub async fn author(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let id = author_id(&key).ok_or(AppError::NotFound)?;
    let a = state.store.author(id).await?.ok_or(AppError::NotFound)?;
    let subject = Subject {
        kind: "author",
        listing: Listing::Author(a.id),
        path: author_path(a.id, &a.display_name),
        feed_base: format!("/feed/author/{}", a.id),
        heading: a.display_name,
        description: a.bio,
    };
    list(state, ctx, subject, &query).await
}

async fn list(
    state: AppState,
    ctx: Ctx,
    subject: Subject,
    query: &[(String, String)],
) -> Result<Response, AppError> {
    let after = decode_cursor(param(query, "after"))?;
    let nav = nav(&state, &ctx.locale).await?;
    let rows = super::listing(&state, subject.listing, after, PER_PAGE + 1).await?;
    let (mut articles, next) = paginate(rows, PER_PAGE);
    localize(&mut articles, &nav);
    let mut seo = Seo::listing(
        &state,
        format!("{} · {}", subject.heading, state.site_name()),
        subject.description.clone(),
        &subject.path,
        Some(&subject.feed_base),
    );
    // Later pages are for browsing; the first page is the one to index.
    seo.noindex = after.is_some();
    let images = articles.iter().map(|a| a.image_url.as_str());
    let pictures = crate::media::pictures(&state.store, state.options.media_base(), images).await?;
    let view = ListPage {
        pictures,
        kind: subject.kind,
        heading: subject.heading,
        description: subject.description,
        articles,
        next,
        first_page: after.map(|_| subject.path),
    };
    let mut response = page(&state, &ctx, "listing.html", &nav, &seo, view)?;
    let listing = crate::cache::Shows {
        article: None,
        listing: true,
        search: false,
    };
    super::shows(&mut response, listing);
    Ok(response)
}
