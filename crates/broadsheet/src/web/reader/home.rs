//! The front page: the lead story, top stories, the latest from each section, and the
//! river of latest stories paged by keyset (`/?after=…`).

use super::{Ctx, NavSection, PER_PAGE, Seo, decode_cursor, localize, nav, page, paginate, param};
use crate::error::AppError;
use crate::media::Picture;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use broadsheet_store::{ArticleSummary, Listing};
use serde::Serialize;
use std::collections::HashMap;

const TOP_STORIES: usize = 4;
const PER_SECTION: i64 = 3;

#[derive(Serialize)]
struct HomePage {
    lead: Option<ArticleSummary>,
    top: Vec<ArticleSummary>,
    sections: Vec<SectionBlock>,
    latest: Vec<ArticleSummary>,
    next: Option<String>,
    /// True on the river's later pages, which show only the list.
    river: bool,
    /// The pictures of the stories shown, by image address.
    pictures: HashMap<String, Picture>,
}

#[derive(Serialize)]
struct SectionBlock {
    section: NavSection,
    articles: Vec<ArticleSummary>,
}

pub async fn home(
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let after = decode_cursor(param(&query, "after"))?;
    let nav = nav(&state, &ctx.locale).await?;
    let rows = super::listing(&state, Listing::All, after, PER_PAGE + 1).await?;
    let (mut latest, next) = paginate(rows, PER_PAGE);
    localize(&mut latest, &nav);
    let mut view = HomePage {
        lead: None,
        top: Vec::new(),
        sections: Vec::new(),
        latest,
        next,
        river: after.is_some(),
        pictures: HashMap::new(),
    };
    if !view.river {
        front_page(&state, &nav, &mut view).await?;
    }
    let shown = (view.latest.iter())
        .chain(view.lead.as_ref())
        .chain(view.sections.iter().flat_map(|b| &b.articles));
    view.pictures = crate::media::pictures(
        &state.store,
        state.options.media_base(),
        shown.map(|a| a.image_url.as_str()),
    )
    .await?;
    let title = state.site_name().to_string();
    let description = match state.options.site_description.as_str() {
        "" => ctx.t(&state, "home-description"),
        own => own.to_string(),
    };
    let mut seo = Seo::listing(&state, title, description, "/", Some("/feed"));
    seo.noindex = view.river;
    let mut response = page(&state, &ctx, "home.html", &nav, &seo, view)?;
    let listing = crate::cache::Shows {
        article: None,
        listing: true,
        search: false,
    };
    super::shows(&mut response, listing);
    Ok(response)
}

/// Picks the lead (the newest featured story, else the newest), the top stories after
/// it, and a few of the newest from each section that are not already shown.
async fn front_page(
    state: &AppState,
    nav: &[NavSection],
    view: &mut HomePage,
) -> Result<(), AppError> {
    let lead_at = view
        .latest
        .iter()
        .position(|a| a.featured)
        .or((!view.latest.is_empty()).then_some(0));
    if let Some(i) = lead_at {
        view.lead = Some(view.latest[i].clone());
    }
    let lead_id = view.lead.as_ref().map(|l| l.id);
    view.top = view
        .latest
        .iter()
        .filter(|a| Some(a.id) != lead_id)
        .take(TOP_STORIES)
        .cloned()
        .collect();
    let mut shown: Vec<i64> = view.top.iter().map(|a| a.id).chain(lead_id).collect();
    for section in nav {
        let rows = super::listing(
            state,
            Listing::Section(section.id),
            None,
            PER_SECTION + TOP_STORIES as i64 + 1,
        )
        .await?;
        let mut articles: Vec<ArticleSummary> = rows
            .into_iter()
            .filter(|a| !shown.contains(&a.id))
            .take(PER_SECTION as usize)
            .collect();
        if articles.is_empty() {
            continue;
        }
        localize(&mut articles, nav);
        shown.extend(articles.iter().map(|a| a.id));
        view.sections.push(SectionBlock {
            section: section.clone(),
            articles,
        });
    }
    Ok(())
}
