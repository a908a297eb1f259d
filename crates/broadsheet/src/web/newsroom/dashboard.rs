//! The dashboard (my drafts, in review, scheduled, recently published) and the article
//! list with filters; both render `newsroom/articles.html`.

use crate::auth::extract::Staff;
use crate::auth::extract::Writer;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Query, State};
use axum::response::Response;
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{ArticleFilter, EditorRow, Section, StaffArticle};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Group {
    heading: Option<&'static str>,
    rows: Vec<StaffArticle>,
}

#[derive(Serialize, Default)]
struct ListPage {
    title: &'static str,
    writes: bool,
    groups: Vec<Group>,
    filter: Option<ListQuery>,
    sections: Vec<Section>,
    authors: Vec<EditorRow>,
    statuses: Vec<&'static str>,
    next: Option<i64>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let writes = user.role().writes_articles();
    let mut groups = Vec::new();
    if writes {
        for (heading, status, mine) in [
            ("nr-my-drafts", ArticleStatus::Draft, true),
            ("nr-in-review", ArticleStatus::InReview, false),
            ("nr-scheduled", ArticleStatus::Scheduled, false),
            ("nr-recently-published", ArticleStatus::Published, false),
        ] {
            let f = ArticleFilter {
                status: Some(status),
                author_id: mine.then_some(user.id),
                limit: 10,
                ..Default::default()
            };
            groups.push(Group {
                heading: Some(heading),
                rows: state.store.staff_articles(&f).await?,
            });
        }
    }
    super::show(
        &state,
        &ctx,
        "articles",
        ListPage {
            title: "nr-dashboard",
            writes,
            groups,
            ..Default::default()
        },
    )
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    section: String,
    author: String,
    q: String,
    before: Option<i64>,
}

const PAGE: i64 = 30;

pub async fn list(
    State(state): State<AppState>,
    Writer(_): Writer,
    ctx: Ctx,
    Query(filter): Query<ListQuery>,
) -> Result<Response, AppError> {
    let sections = state.store.list_sections().await?;
    let status = match filter.status.as_str() {
        "" => None,
        s => Some(
            s.parse::<ArticleStatus>()
                .map_err(|e| AppError::field("status", e))?,
        ),
    };
    let f = ArticleFilter {
        status,
        section_id: sections
            .iter()
            .find(|s| s.slug == filter.section)
            .map(|s| s.id),
        author_id: filter.author.parse().ok(),
        headline: Some(filter.q.trim().to_string()).filter(|q| !q.is_empty()),
        before_id: filter.before,
        limit: PAGE,
    };
    let rows = state.store.staff_articles(&f).await?;
    let next = (rows.len() as i64 == PAGE)
        .then(|| rows.last().map(|a| a.summary.id))
        .flatten();
    let page = ListPage {
        title: "nr-articles",
        writes: true,
        groups: vec![Group {
            heading: None,
            rows,
        }],
        filter: Some(filter),
        sections,
        authors: state.store.list_people(true).await?,
        statuses: ArticleStatus::ALL.iter().map(|s| s.as_str()).collect(),
        next,
    };
    super::show(&state, &ctx, "articles", page)
}
