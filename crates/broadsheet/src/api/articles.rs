//! `/api/v1/articles`: create, read, update, list, workflow moves and revisions.

use super::{ApiJson, ApiWriter};
use crate::editorial::{self, Draft, history, workflow};
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{Article, ArticleFilter, StaffArticle, User};
use serde::Deserialize;
use serde_json::{Value, json};

fn summary_json(s: &broadsheet_store::ArticleSummary) -> Value {
    json!({
        "id": s.id, "slug": s.slug, "url": format!("/{}/{}", s.section_slug, s.slug),
        "headline": s.headline, "standfirst": s.standfirst, "status": s.status.0.as_str(),
        "section": s.section_slug, "language": s.language, "featured": s.featured,
        "published_at": s.published_at, "updated_at": s.updated_at,
    })
}

/// The whole article as the API shows it.
async fn article_json(state: &AppState, a: &Article) -> Result<Value, AppError> {
    let d = Draft::of(state, a).await?;
    let mut v = summary_json(&a.summary);
    let extra = json!({
        "version": a.version, "body": a.body_md, "body_html": a.body_html, "tags": d.tags,
        "authors": d.authors, "dateline": a.dateline, "lead_image": a.summary.image_url,
        "image_alt": a.summary.image_alt, "image_caption": a.image_caption,
        "image_credit": a.image_credit, "comments_open": a.comments_open,
        "seo_title": a.seo_title, "seo_description": a.seo_description,
        "canonical_url": a.canonical_url, "publish_at": a.publish_at, "created_at": a.created_at,
        "corrections": state.store.corrections(a.summary.id).await?,
    });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    Ok(v)
}

/// Loads an article the caller may see: its writers, editors and administrators.
async fn visible(state: &AppState, user: &User, id: i64) -> Result<Article, AppError> {
    let loaded = editorial::load(state, id).await?;
    if loaded.is_owner(user) || user.role().edits_all_articles() {
        Ok(loaded.article)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn respond(state: &AppState, id: i64, status: StatusCode) -> Result<Response, AppError> {
    let a = state
        .store
        .article_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((status, Json(article_json(state, &a).await?)).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    ApiJson(draft): ApiJson<Draft>,
) -> Result<Response, AppError> {
    let id = editorial::create(&state, &user, &draft).await?;
    respond(&state, id, StatusCode::CREATED).await
}

pub async fn show(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let a = visible(&state, &user, id).await?;
    Ok(Json(article_json(&state, &a).await?).into_response())
}

/// Changes the given fields; `version` (the one the caller read) is required.
pub async fn update(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<serde_json::Map<String, Value>>,
) -> Result<Response, AppError> {
    let version = patch
        .get("version")
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            AppError::field(
                "version",
                "give the version you read, to guard against lost updates",
            )
        })?;
    let a = visible(&state, &user, id).await?;
    let mut merged =
        serde_json::to_value(Draft::of(&state, &a).await?).map_err(anyhow::Error::from)?;
    for (k, v) in patch.into_iter().filter(|(k, _)| k != "version") {
        if let Some(o) = merged.as_object_mut() {
            o.insert(k, v);
        }
    }
    let draft: Draft = serde_json::from_value(merged)
        .map_err(|e| AppError::bad(format!("the update is not valid: {e}")))?;
    editorial::save(&state, &user, id, version, &draft, "saved via API").await?;
    respond(&state, id, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: Option<String>,
    section: Option<String>,
    q: Option<String>,
    cursor: Option<i64>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    ApiWriter(_): ApiWriter,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            s.parse::<ArticleStatus>()
                .map_err(|e| AppError::field("status", e))?,
        ),
    };
    let section_id = match q.section.as_deref() {
        None | Some("") => None,
        Some(slug) => Some(
            state
                .store
                .section_by_slug(slug)
                .await?
                .ok_or_else(|| AppError::field("section", format!("there is no section '{slug}'")))?
                .id,
        ),
    };
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let filter = ArticleFilter {
        status,
        section_id,
        author_id: None,
        headline: q.q,
        before_id: q.cursor,
        limit,
    };
    let rows: Vec<StaffArticle> = state.store.staff_articles(&filter).await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.summary.id.to_string()))
        .flatten();
    let articles: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut v = summary_json(&r.summary);
            v["publish_at"] = json!(r.publish_at);
            v["version"] = json!(r.version);
            v
        })
        .collect();
    Ok(Json(json!({ "articles": articles, "next_cursor": next })).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActBody {
    publish_at: Option<String>,
}

/// `publish`, `submit`, `schedule` (with `publish_at`, RFC 3339), `unpublish`,
/// `archive` or `return_to_draft`.
pub async fn act(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path((id, action)): Path<(i64, String)>,
    ApiJson(body): ApiJson<ActBody>,
) -> Result<Response, AppError> {
    let action = workflow::parse_action(&action).ok_or(AppError::NotFound)?;
    let at = match body.publish_at.as_deref() {
        Some(t) if action == broadsheet_domain::Action::Schedule => {
            Some(workflow::parse_time(t, 0)?)
        }
        _ => None,
    };
    workflow::apply(&state, &user, id, action, at).await?;
    respond(&state, id, StatusCode::OK).await
}

pub async fn revisions(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    visible(&state, &user, id).await?;
    let revisions = state.store.list_revisions(id).await?;
    Ok(Json(json!({ "revisions": revisions })).into_response())
}

#[derive(Deserialize)]
pub struct DiffQuery {
    diff_from: Option<i64>,
}

/// One revision; with `?diff_from=N`, also its differences from revision N.
pub async fn revision(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path((id, version)): Path<(i64, i64)>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    visible(&state, &user, id).await?;
    let rev = state
        .store
        .revision(id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    let diff = match q.diff_from {
        Some(from) => {
            let (a, b) = history::pair(&state, id, from, version).await?;
            Some(history::diff(&a, &b))
        }
        None => None,
    };
    Ok(Json(json!({ "revision": rev, "diff": diff })).into_response())
}

#[derive(Deserialize)]
pub struct RestoreBody {
    version: Option<i64>,
}

/// Restores a revision as a new one; `version` is the article version the caller read.
pub async fn restore(
    State(state): State<AppState>,
    ApiWriter(user): ApiWriter,
    Path((id, version)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<RestoreBody>,
) -> Result<Response, AppError> {
    let expected = body
        .version
        .ok_or_else(|| AppError::field("version", "give the article version you read"))?;
    history::restore(&state, &user, id, version, expected).await?;
    respond(&state, id, StatusCode::OK).await
}
