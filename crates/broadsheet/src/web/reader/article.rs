//! The article page: headline to related articles, with hooks where ads and comments go.

use super::seo::{self, Alternate, Seo, feed_links};
use super::{Ctx, NavSection, localize, nav, page};
use crate::cache::{ArticleCache, ArticleParts, Shows};
use crate::error::AppError;
use crate::state::AppState;
use crate::urls::{article_url, author_path};
use crate::web::page::render_html;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_store::{Article, ArticleSummary, Tag};
use serde::Serialize;
use std::sync::Arc;

/// Words a reader gets through in a minute, for the reading time.
const WORDS_PER_MINUTE: i64 = 230;

#[derive(Serialize)]
struct ArticlePage {
    article: Article,
    bylines: Vec<BylineView>,
    tags: Vec<Tag>,
    related: Vec<ArticleSummary>,
    reading_minutes: i64,
    /// The absolute URL, for share links.
    url: String,
    section_path: String,
    /// The comment section already rendered, or the shell's marker (decision 0038).
    comments_html: Option<String>,
    /// The shell's markers for the reader's own parts (decision 0043); without them the
    /// page renders those parts itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    reader_parts: Option<ReaderParts>,
    /// Correction notes appended since publication, oldest first.
    corrections: Vec<broadsheet_store::Correction>,
    lead_picture: Option<crate::media::Picture>,
}

/// The reader's own parts of the page, as the template prints them.
#[derive(Serialize)]
pub(super) struct ReaderParts {
    pub staff_bar: &'static str,
    pub account_nav: &'static str,
}

impl ReaderParts {
    /// The markers a shell is cut at.
    pub(super) const MARKERS: ReaderParts = ReaderParts {
        staff_bar: crate::cache::fragments::STAFF_BAR,
        account_nav: crate::cache::fragments::ACCOUNT_NAV,
    };
}

#[derive(Serialize)]
struct BylineView {
    display_name: String,
    url: String,
}

pub async fn show(
    State(state): State<AppState>,
    Path((section, slug)): Path<(String, String)>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let Some(parts) = parts(&state, &section, &slug).await? else {
        return crate::editorial::moved(&state, &section, &slug).await;
    };
    super::composed::page(&state, &ctx, &parts, section, slug).await
}

/// An article page with everything it shows, ready to render.
pub(super) struct Prepared {
    nav: Vec<NavSection>,
    head: Seo,
    view: ArticlePage,
}

impl Prepared {
    /// The page as a response (cacheable for an anonymous reader).
    pub(super) fn response(self, state: &AppState, ctx: &Ctx) -> Result<Response, AppError> {
        let id = self.view.article.summary.id;
        let mut response = page(state, ctx, "article.html", &self.nav, &self.head, self.view)?;
        super::shows(&mut response, shows(id));
        Ok(response)
    }

    /// The page as an anonymous reader gets it, as text.
    pub(super) fn html(self, state: &AppState, ctx: &Ctx) -> Result<String, AppError> {
        let page = super::ReaderPage {
            nav: &self.nav,
            seo: &self.head,
            page: self.view,
        };
        let html = render_html(
            state,
            &ctx.locale,
            None,
            "",
            &ctx.path,
            "article.html",
            page,
        )?;
        Ok(html.0)
    }
}

/// What a page about article `id` shows, for the page cache.
pub(super) fn shows(id: i64) -> Shows {
    Shows {
        article: Some(id),
        ..Shows::default()
    }
}

/// Everything the article page shows around `comments_html` (a rendered section, or the
/// marker a shell is cut at) and, for a shell, the markers of the reader's own parts.
pub(super) async fn prepare(
    state: &AppState,
    ctx: &Ctx,
    parts: &ArticleParts,
    comments_html: Option<String>,
    reader_parts: Option<ReaderParts>,
) -> Result<Prepared, AppError> {
    let mut article = parts.article.clone();
    let bylines = &parts.bylines;
    let nav: Vec<NavSection> = nav(state, &ctx.locale).await?;
    let mut related = parts.related.clone();
    localize(&mut related, &nav);
    localize(std::slice::from_mut(&mut article.summary), &nav);
    let s = &article.summary;
    let url = article_url(state, &s.section_slug, &s.slug);
    let canonical = Some(article.canonical_url.clone())
        .filter(|c| c.starts_with("https://") || c.starts_with("http://"))
        .unwrap_or_else(|| url.clone());
    let title = Some(article.seo_title.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| s.headline.clone());
    let description = Some(article.seo_description.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| s.standfirst.clone());
    let head = Seo {
        title,
        description,
        canonical: canonical.clone(),
        og_type: "article",
        image: crate::urls::absolute(state, &s.image_url),
        image_size: (parts.lead_picture.as_ref()).and_then(|p| p.width.zip(p.height)),
        feeds: feed_links(
            &s.section_name,
            &format!("/feed/section/{}", s.section_slug),
        ),
        alternates: vec![
            Alternate {
                hreflang: s.language.clone(),
                href: canonical.clone(),
            },
            Alternate {
                hreflang: "x-default".into(),
                href: canonical,
            },
        ],
        json_ld: seo::news_article(state, &article, bylines, parts.lead_picture.as_ref(), &url),
        noindex: false,
    };
    let view = ArticlePage {
        bylines: bylines
            .iter()
            .map(|b| BylineView {
                display_name: b.display_name.clone(),
                url: author_path(b.user_id, &b.display_name),
            })
            .collect(),
        tags: parts.tags.clone(),
        related,
        reading_minutes: ((s.word_count + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE).max(1),
        section_path: format!("/{}", s.section_slug),
        comments_html,
        reader_parts,
        corrections: parts.corrections.clone(),
        lead_picture: parts.lead_picture.clone(),
        url,
        article,
    };
    Ok(Prepared { nav, head, view })
}

/// The article's newsroom-made parts: held in memory while nothing changed, else loaded.
pub(super) async fn parts(
    state: &AppState,
    section: &str,
    slug: &str,
) -> Result<Option<Arc<ArticleParts>>, AppError> {
    let key = (section.to_string(), slug.to_string());
    if let Some(parts) = state.articles.get(&state.page_cache, &key) {
        return Ok(Some(parts));
    }
    let generation = ArticleCache::generation(&state.page_cache);
    let Some(mut article) = state.store.published_article(section, slug).await? else {
        return Ok(None);
    };
    article.body_html =
        crate::media::sized_images(&state.store, state.options.media_base(), &article.body_html)
            .await?;
    let id = article.summary.id;
    let parts = Arc::new(ArticleParts {
        bylines: state.store.bylines(&[id]).await?,
        tags: state.store.tags_of_article(id).await?,
        related: state.store.related(id, article.section_id, 4).await?,
        corrections: state.store.corrections(id).await?,
        lead_picture: crate::media::picture(
            &state.store,
            state.options.media_base(),
            &article.summary.image_url,
        )
        .await?,
        article,
    });
    state.articles.put(generation, key, parts.clone());
    Ok(Some(parts))
}
