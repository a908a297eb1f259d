//! The article page, composed (decisions 0038 and 0043): a held shell (the page with
//! markers where the reader's own parts and the comments go) and the parts, spliced. A
//! new comment renders only the anonymous comment section again; a signed-in reader's
//! request renders only their staff bar, account links and comment section.

use super::article::{ReaderParts, prepare, shows};
use super::{Cacheable, Ctx};
use crate::cache::fragments::{COMMENTS, ShellCache};
use crate::cache::{ArticleParts, SectionCache, Shell};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::private_page;
use axum::response::{Html, IntoResponse, Response};
use broadsheet_store::CommentSort;
use std::sync::Arc;

/// The page at /`section`/`slug` for this request's reader.
pub async fn page(
    state: &AppState,
    ctx: &Ctx,
    parts: &ArticleParts,
    section: String,
    slug: String,
) -> Result<Response, AppError> {
    let id = parts.article.summary.id;
    // Borrowed from where each is kept: the held section, or this reader's own render.
    let (held, rendered);
    let comments = match &ctx.user {
        None => {
            held = held_comment_section(state, ctx, id).await?;
            held.as_deref()
        }
        Some(user) => {
            rendered = super::reader_section::for_reader(state, ctx, user, id).await?;
            rendered.as_deref()
        }
    };
    let Some(comments) = comments else {
        return whole(state, ctx, parts, None).await;
    };
    let Some(shell) = shell(state, ctx, parts, section, slug).await? else {
        // A theme that does not place the markers: the whole page every time.
        return whole(state, ctx, parts, Some(comments.to_string())).await;
    };
    let own = super::own_parts::for_request(state, ctx, id)?;
    let html = shell.compose([&own.staff_bar, &own.account_nav, comments]);
    if ctx.user.is_some() {
        return Ok(private_page(state, ctx, html));
    }
    let mut response = Html(html).into_response();
    response.extensions_mut().insert(Cacheable(shows(id)));
    Ok(response)
}

/// The whole page rendered in one piece, with `comments` as its comment section.
async fn whole(
    state: &AppState,
    ctx: &Ctx,
    parts: &ArticleParts,
    comments: Option<String>,
) -> Result<Response, AppError> {
    prepare(state, ctx, parts, comments, None)
        .await?
        .response(state, ctx)
}

/// The article's shell in the reader's language: held until the newsroom changes
/// anything, else rendered and cut. `None` when the theme does not print every marker.
async fn shell(
    state: &AppState,
    ctx: &Ctx,
    parts: &ArticleParts,
    section: String,
    slug: String,
) -> Result<Option<Arc<Shell>>, AppError> {
    if state.fragments.theme_is_unmarked() {
        return Ok(None);
    }
    let shells = &state.fragments.shells;
    let key = (section, slug, ctx.locale.clone());
    if let Some(shell) = shells.get(&state.page_cache, &key) {
        return Ok(Some(shell));
    }
    let generation = ShellCache::generation(&state.page_cache);
    // Rendered as nobody's page: the reader's parts are markers.
    let html = prepare(
        state,
        ctx,
        parts,
        Some(COMMENTS.into()),
        Some(ReaderParts::MARKERS),
    )
    .await?
    .html(state, ctx)?;
    let Some(shell) = Shell::cut(&html) else {
        state.fragments.mark_theme_unmarked();
        return Ok(None);
    };
    let shell = Arc::new(shell);
    shells.put(generation, key, shell.clone());
    Ok(Some(shell))
}

/// The comment section as anonymous readers see it, newest first: held while the
/// article's comments are unchanged, else rendered. `None` when the article takes no
/// comments section (not published).
async fn held_comment_section(
    state: &AppState,
    ctx: &Ctx,
    article_id: i64,
) -> Result<Option<Arc<str>>, AppError> {
    let sort = CommentSort::Newest;
    let key = (article_id, (ctx.locale.clone(), sort.as_str()));
    let sections = &state.fragments.sections;
    if let Some(html) = sections.get(&state.page_cache, &key) {
        return Ok(Some(html));
    }
    let generation = SectionCache::generation(&state.page_cache);
    let Some(html) = comment_section(state, ctx, article_id).await? else {
        return Ok(None);
    };
    let html: Arc<str> = html.into();
    sections.put(&state.page_cache, generation, key, html.clone());
    Ok(Some(html))
}

/// The comment section as an anonymous reader sees it, rendered; `None` when the
/// article takes none.
async fn comment_section(
    state: &AppState,
    ctx: &Ctx,
    article_id: i64,
) -> Result<Option<String>, AppError> {
    let Some(comments) = crate::web::comments::for_article(state, ctx, article_id).await? else {
        return Ok(None);
    };
    let html = super::reader_section::render(state, ctx, (None, ""), &comments)?;
    Ok(Some(html))
}
