//! The newsroom's pages: the list, the editor (the article editor's Markdown field and
//! live preview), publishing, and revisions to view and restore. The page service
//! decides who may; these handlers parse, call it and render.

use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::error::AppError;
use crate::pages::{self, PageDraft};
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use broadsheet_store::{PageRevision, SitePage};
use serde::{Deserialize, Serialize};

/// The editor form as the browser sends it.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PageForm {
    version: i64,
    title: String,
    slug: String,
    body: String,
    language: String,
}

impl PageForm {
    fn of(version: i64, d: PageDraft) -> PageForm {
        PageForm {
            version,
            title: d.title,
            slug: d.slug,
            body: d.body,
            language: d.language,
        }
    }

    fn draft(&self) -> PageDraft {
        PageDraft {
            title: self.title.clone(),
            slug: self.slug.clone(),
            body: self.body.clone(),
            language: self.language.clone(),
        }
    }
}

#[derive(Serialize)]
struct EditorPage {
    page: Option<SitePage>,
    form: PageForm,
    revisions: Vec<PageRevision>,
    error: Option<String>,
    error_field: Option<&'static str>,
    notice: Option<String>,
    max_form_bytes: usize,
}

fn editor(page: Option<SitePage>, form: PageForm, revisions: Vec<PageRevision>) -> EditorPage {
    EditorPage {
        page,
        form,
        revisions,
        error: None,
        error_field: None,
        notice: None,
        max_form_bytes: crate::editorial::MAX_BODY_BYTES,
    }
}

/// The editor again with the user's own input and what went wrong: nothing typed is lost.
fn with_error(
    state: &AppState,
    ctx: &Ctx,
    mut p: EditorPage,
    err: AppError,
) -> Result<Response, AppError> {
    let (status, _) = err.status_and_code();
    if !matches!(err, AppError::BadRequest { .. } | AppError::Conflict(_)) {
        return Err(err);
    }
    p.error_field = match &err {
        AppError::BadRequest { field, .. } => *field,
        _ => None,
    };
    p.error = Some(err.said_in(&state.i18n, &ctx.locale));
    let mut response = super::show(state, ctx, "page_editor", p)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let pages = pages::list(&state, &user).await?;
    super::show(&state, &ctx, "pages", serde_json::json!({ "pages": pages }))
}

pub async fn new(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    pages::require(&user)?;
    let form = PageForm {
        language: state.options.default_locale.clone(),
        ..PageForm::default()
    };
    super::show(&state, &ctx, "page_editor", editor(None, form, vec![]))
}

pub async fn create(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    match pages::create(&state, &user, &form.draft()).await {
        Ok(id) => Ok(see_other(&format!("/newsroom/pages/{id}?saved=1"))),
        Err(e) => with_error(&state, &ctx, editor(None, form, vec![]), e),
    }
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let page = pages::load(&state, &user, id).await?;
    let form = PageForm::of(page.version, PageDraft::of(&page));
    let revisions = state.store.page_revisions(id).await?;
    let mut p = editor(Some(page), form, revisions);
    p.notice = q.saved.map(|_| ctx.t(&state, "nr-saved"));
    super::show(&state, &ctx, "page_editor", p)
}

pub async fn save(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    match pages::save(&state, &user, id, form.version, &form.draft()).await {
        Ok(_) => Ok(see_other(&format!("/newsroom/pages/{id}?saved=1"))),
        Err(e) => {
            let page = pages::load(&state, &user, id).await?;
            let revisions = state.store.page_revisions(id).await?;
            with_error(&state, &ctx, editor(Some(page), form, revisions), e)
        }
    }
}

#[derive(Deserialize)]
pub struct PublishForm {
    /// "1" publishes, anything else withdraws.
    published: String,
}

pub async fn publish(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> Result<Response, AppError> {
    pages::set_published(&state, &user, id, form.published == "1").await?;
    Ok(see_other(&format!("/newsroom/pages/{id}?saved=1")))
}

/// One old revision's text, to read before restoring it.
pub async fn revision(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    Path((id, version)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let page = pages::load(&state, &user, id).await?;
    let revision = state
        .store
        .page_revisions(id)
        .await?
        .into_iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound)?;
    let data = serde_json::json!({ "page": page, "revision": revision });
    super::show(&state, &ctx, "page_revision", data)
}

#[derive(Deserialize)]
pub struct RestoreForm {
    version: i64,
}

pub async fn restore(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((id, version)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<RestoreForm>,
) -> Result<Response, AppError> {
    pages::restore(&state, &user, id, version, form.version).await?;
    Ok(see_other(&format!("/newsroom/pages/{id}?saved=1")))
}
