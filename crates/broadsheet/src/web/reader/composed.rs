//! The article page for anonymous readers, composed (decision 0038): a held shell (the
//! page with a marker where comments go) and a held comment section, spliced. A new
//! comment renders only the section again; an edit to anything else renders the shell.

use super::article::{prepare, shows};
use super::{Cacheable, Ctx};
use crate::cache::fragments::{MARKER, ShellCache};
use crate::cache::{ArticleParts, SectionCache, Shell};
use crate::error::AppError;
use crate::state::AppState;
use axum::response::{Html, IntoResponse, Response};
use broadsheet_store::CommentSort;
use std::sync::Arc;

/// The page at /`section`/`slug` for an anonymous reader.
pub async fn page(
    state: &AppState,
    ctx: &Ctx,
    parts: &ArticleParts,
    section: String,
    slug: String,
) -> Result<Response, AppError> {
    let id = parts.article.summary.id;
    let Some(comments) = comment_section(state, ctx, id).await? else {
        return prepare(state, ctx, parts, None, None)
            .await?
            .response(state, ctx);
    };
    let shells = &state.fragments.shells;
    let key = (section, slug, ctx.locale.clone());
    let shell = match shells.get(&state.page_cache, &key) {
        Some(shell) => shell,
        None => {
            let generation = ShellCache::generation(&state.page_cache);
            let html = prepare(state, ctx, parts, None, Some(MARKER.into()))
                .await?
                .html(state, ctx)?;
            let Some(shell) = Shell::cut(&html) else {
                // A theme that does not place the marker: the whole page every time.
                return prepare(state, ctx, parts, None, Some(comments.to_string()))
                    .await?
                    .response(state, ctx);
            };
            let shell = Arc::new(shell);
            shells.put(generation, key, shell.clone());
            shell
        }
    };
    let mut response = Html(shell.compose(&comments)).into_response();
    response.extensions_mut().insert(Cacheable(shows(id)));
    Ok(response)
}

/// The comment section as anonymous readers see it, newest first: held while the
/// article's comments are unchanged, else rendered. `None` when the article takes no
/// comments section (not published).
async fn comment_section(
    state: &AppState,
    ctx: &Ctx,
    article_id: i64,
) -> Result<Option<Arc<str>>, AppError> {
    let sort = CommentSort::Newest;
    let key = (article_id, ctx.locale.clone(), sort.as_str());
    let sections = &state.fragments.sections;
    if let Some(html) = sections.get(&state.page_cache, &key) {
        return Ok(Some(html));
    }
    let generation = SectionCache::generation(&state.page_cache);
    let Some(comments) = crate::web::comments::for_article(state, ctx, article_id).await? else {
        return Ok(None);
    };
    let html = crate::web::page::render_html(
        state,
        &ctx.locale,
        None,
        "",
        &ctx.path,
        "comments/_section.html",
        minijinja::context! { comments => minijinja::Value::from(minijinja::value::Serde(&comments)) },
    )?;
    let html: Arc<str> = html.0.into();
    sections.put(&state.page_cache, generation, key, html.clone());
    Ok(Some(html))
}
