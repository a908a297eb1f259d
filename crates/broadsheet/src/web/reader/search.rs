//! The search page: `/search?q=…&section=…&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N`.
//! Any input gives a normal page; what cannot be understood is ignored, not a 500.

use super::snippet::{Piece, highlight, plain_text};
use super::{Ctx, Seo, localize, nav, page, param};
use crate::cache::SearchCache;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use broadsheet_store::{ArticleSummary, SearchHit, SearchQuery, search_terms};
use serde::Serialize;
use std::sync::Arc;
use time::{Date, macros::format_description};

const PER_PAGE: i64 = 10;
/// Pages beyond this are not offered; nobody reads result 500.
const MAX_PAGE: i64 = 50;
/// The longest query we echo back or look at.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Serialize)]
struct SearchPage {
    q: String,
    section: String,
    from: String,
    to: String,
    searched: bool,
    results: Vec<Result_>,
    page: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Serialize)]
struct Result_ {
    article: ArticleSummary,
    headline: Vec<Piece>,
    snippet: Vec<Piece>,
}

pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let nav = nav(&state, &ctx.locale).await?;
    let text: String = param(&query, "q")
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let section = param(&query, "section").unwrap_or("").to_string();
    let from = param(&query, "from").and_then(parse_day);
    let to = param(&query, "to").and_then(parse_day);
    let page_no = param(&query, "page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let section_id = nav.iter().find(|s| s.slug == section).map(|s| s.id);
    let terms = search_terms(&text);
    let q = SearchQuery {
        text: text.clone(),
        section_id,
        from: from.map(day_start),
        // "To" includes the whole of that day.
        until: to.map(|d| day_start(d) + 86_400),
        page: page_no - 1,
        per_page: PER_PAGE,
    };
    let mut hits = match ctx.user {
        Some(_) => Vec::clone(&*held_results(&state, &q, &terms).await?),
        // Anonymous searches are held as whole pages from their second asking.
        None => state.store.search(&q).await?,
    };
    let more = hits.len() as i64 > PER_PAGE;
    hits.truncate(PER_PAGE as usize);
    for h in &mut hits {
        localize(std::slice::from_mut(&mut h.summary), &nav);
    }
    let results = hits
        .into_iter()
        .map(|h| {
            let body = plain_text(&h.body_md);
            let standfirst_hit = highlight(&h.summary.standfirst, &terms, false)
                .iter()
                .any(|p| p.mark);
            let snippet = if standfirst_hit || body.is_empty() {
                highlight(&h.summary.standfirst, &terms, false)
            } else {
                highlight(&body, &terms, true)
            };
            Result_ {
                headline: highlight(&h.summary.headline, &terms, false),
                snippet,
                article: h.summary,
            }
        })
        .collect::<Vec<_>>();
    let mut view = SearchPage {
        searched: !terms.is_empty(),
        section,
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
        results,
        page: page_no,
        prev_url: None,
        next_url: None,
        q: text,
    };
    view.prev_url = (page_no > 1).then(|| page_url(&view, page_no - 1));
    view.next_url = (more && page_no < MAX_PAGE).then(|| page_url(&view, page_no + 1));
    let mut seo = Seo::listing(
        &state,
        ctx.t(&state, "search-title"),
        String::new(),
        "/search",
        None,
    );
    seo.noindex = true;
    // Anonymous searches asked for more than once are kept briefly (decision 0034).
    let mut response = page(&state, &ctx, "search.html", &nav, &seo, view)?;
    let search = crate::cache::Shows {
        search: true,
        ..Default::default()
    };
    super::shows(&mut response, search);
    Ok(response)
}

/// The store's results for `q`, held briefly for signed-in readers, whose pages are never
/// cached whole: the results are the same for everyone (decision 0034).
async fn held_results(
    state: &AppState,
    q: &SearchQuery,
    terms: &[String],
) -> Result<Arc<Vec<SearchHit>>, AppError> {
    let key = (terms.join(" "), q.section_id, q.from, q.until, q.page);
    if let Some(hits) = state.searches.get(&state.page_cache, &key) {
        return Ok(hits);
    }
    let generation = SearchCache::generation(&state.page_cache);
    let hits = Arc::new(state.store.search(q).await?);
    state.searches.put(generation, key, hits.clone());
    Ok(hits)
}

fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

fn day_start(d: Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

/// The URL of another page of the same search.
fn page_url(v: &SearchPage, page: i64) -> String {
    let mut url = form_urlencoded::Serializer::new(String::new());
    url.append_pair("q", &v.q);
    for (k, val) in [("section", &v.section), ("from", &v.from), ("to", &v.to)] {
        if !val.is_empty() {
            url.append_pair(k, val);
        }
    }
    url.append_pair("page", &page.to_string());
    format!("/search?{}", url.finish())
}
