//! The article editor: new, edit and save (with optimistic locking), offering only the
//! workflow buttons the domain's transition table allows this user.

use super::{see_other, split_list};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Writer;
use crate::editorial::{self, Draft, workflow};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use broadsheet_domain::{Action, workflow::transition};
use broadsheet_store::{Article, User};
use serde::{Deserialize, Serialize};

/// The editor form as the browser sends it (lists are comma-separated).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EditorForm {
    version: i64,
    headline: String,
    standfirst: String,
    body: String,
    section: String,
    slug: String,
    tags: String,
    authors: String,
    language: String,
    dateline: String,
    lead_image: String,
    image_alt: String,
    image_caption: String,
    image_credit: String,
    featured: Option<String>,
    comments_open: Option<String>,
    seo_title: String,
    seo_description: String,
    canonical_url: String,
}

impl EditorForm {
    fn draft(&self) -> Draft {
        Draft {
            headline: self.headline.clone(),
            standfirst: self.standfirst.clone(),
            body: self.body.clone(),
            section: self.section.clone(),
            slug: self.slug.clone(),
            tags: split_list(&self.tags),
            authors: split_list(&self.authors),
            language: self.language.clone(),
            dateline: self.dateline.clone(),
            lead_image: self.lead_image.clone(),
            image_alt: self.image_alt.clone(),
            image_caption: self.image_caption.clone(),
            image_credit: self.image_credit.clone(),
            featured: self.featured.is_some(),
            comments_open: Some(self.comments_open.is_some()),
            seo_title: self.seo_title.clone(),
            seo_description: self.seo_description.clone(),
            canonical_url: self.canonical_url.clone(),
        }
    }

    async fn of(state: &AppState, a: &Article) -> Result<EditorForm, AppError> {
        let d = Draft::of(state, a).await?;
        Ok(EditorForm {
            version: a.version,
            tags: d.tags.join(", "),
            authors: d.authors.join(", "),
            featured: d.featured.then(|| "on".into()),
            comments_open: d.comments_open.unwrap_or(true).then(|| "on".into()),
            headline: d.headline,
            standfirst: d.standfirst,
            body: d.body,
            section: d.section,
            slug: d.slug,
            language: d.language,
            dateline: d.dateline,
            lead_image: d.lead_image,
            image_alt: d.image_alt,
            image_caption: d.image_caption,
            image_credit: d.image_credit,
            seo_title: d.seo_title,
            seo_description: d.seo_description,
            canonical_url: d.canonical_url,
        })
    }
}

/// How many recent uploads the editor's picker offers.
const PICKER_ITEMS: i64 = 24;

#[derive(Serialize)]
struct EditorPage {
    id: Option<i64>,
    status: String,
    public_url: String,
    publish_at: Option<i64>,
    form: EditorForm,
    error: Option<String>,
    error_field: Option<&'static str>,
    notice: Option<String>,
    actions: Vec<&'static str>,
    sections: Vec<broadsheet_store::Section>,
    corrections: Vec<broadsheet_store::Correction>,
    /// The body's size limit, checked in the browser before the work is sent.
    max_form_bytes: usize,
    /// Recent uploads for the picker (lead image, images in the body).
    media: Vec<super::media::Item>,
}

async fn page(
    state: &AppState,
    user: &User,
    article: Option<&Article>,
    form: EditorForm,
) -> Result<EditorPage, AppError> {
    let (actions, corrections) = match article {
        Some(a) => {
            let owner = state
                .store
                .bylines(&[a.summary.id])
                .await?
                .iter()
                .any(|b| b.user_id == user.id);
            let allowed = Action::ALL
                .into_iter()
                .filter(|act| {
                    *act != Action::Edit
                        && transition(user.role(), owner, a.summary.status.0, *act).is_ok()
                })
                .map(workflow::action_name)
                .collect();
            (allowed, state.store.corrections(a.summary.id).await?)
        }
        None => (vec![], vec![]),
    };
    Ok(EditorPage {
        id: article.map(|a| a.summary.id),
        status: article
            .map(|a| a.summary.status.0.as_str())
            .unwrap_or("draft")
            .to_string(),
        public_url: article
            .map(|a| format!("/{}/{}", a.summary.section_slug, a.summary.slug))
            .unwrap_or_default(),
        publish_at: article.and_then(|a| a.publish_at),
        form,
        error: None,
        error_field: None,
        notice: None,
        actions,
        sections: state.store.list_sections().await?,
        corrections,
        max_form_bytes: crate::editorial::MAX_BODY_BYTES,
        media: super::media::recent(state, PICKER_ITEMS).await?,
    })
}

/// The editor again with the user's own input and what went wrong: nothing typed is lost.
fn with_error(
    state: &AppState,
    ctx: &Ctx,
    mut p: EditorPage,
    err: AppError,
) -> Result<Response, AppError> {
    let (status, _) = err.status_and_code();
    if matches!(
        err,
        AppError::Internal(_) | AppError::Unavailable | AppError::NotFound | AppError::Forbidden
    ) {
        return Err(err);
    }
    p.error_field = match &err {
        AppError::BadRequest { field, .. } => *field,
        _ => None,
    };
    p.error = Some(err.said_in(&state.i18n, &ctx.locale));
    let mut response = super::show(state, ctx, "editor", p)?;
    *response.status_mut() = status;
    Ok(response)
}

/// Loads an article the user may see in the editor: its writers, editors and admins.
async fn visible(state: &AppState, user: &User, id: i64) -> Result<editorial::Loaded, AppError> {
    let loaded = editorial::load(state, id).await?;
    if loaded.is_owner(user) || user.role().edits_all_articles() {
        Ok(loaded)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn new(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let form = EditorForm {
        comments_open: Some("on".into()),
        language: state.options.default_locale.clone(),
        ..Default::default()
    };
    let p = page(&state, &user, None, form).await?;
    super::show(&state, &ctx, "editor", p)
}

pub async fn create(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<Response, AppError> {
    match editorial::create(&state, &user, &form.draft()).await {
        Ok(id) => Ok(see_other(&format!("/newsroom/articles/{id}?saved=1"))),
        Err(e) => with_error(&state, &ctx, page(&state, &user, None, form).await?, e),
    }
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let loaded = visible(&state, &user, id).await?;
    let form = EditorForm::of(&state, &loaded.article).await?;
    let mut p = page(&state, &user, Some(&loaded.article), form).await?;
    p.notice = q.saved.map(|_| ctx.t(&state, "nr-saved"));
    super::show(&state, &ctx, "editor", p)
}

pub async fn save(
    State(state): State<AppState>,
    Writer(user): Writer,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<EditorForm>,
) -> Result<Response, AppError> {
    match editorial::save(&state, &user, id, form.version, &form.draft(), "saved").await {
        Ok(_) => Ok(see_other(&format!("/newsroom/articles/{id}?saved=1"))),
        Err(e) => {
            let loaded = visible(&state, &user, id).await?;
            let p = page(&state, &user, Some(&loaded.article), form).await?;
            with_error(&state, &ctx, p, e)
        }
    }
}
