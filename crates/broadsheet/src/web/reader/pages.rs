//! A standalone page (About, Contact, a policy) at `/pages/{slug}`, in the site theme
//! and behind the page cache like every reader page; drafts are not found.

use super::{Ctx, Seo, nav, page};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use broadsheet_store::SitePage;
use serde::Serialize;

#[derive(Serialize)]
struct PageView {
    site_page: SitePage,
}

/// The words of a page's Markdown that describe it to search engines and link previews.
fn description(markdown: &str) -> String {
    let plain: String = markdown
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default()
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']' | '>'))
        .collect();
    plain.chars().take(160).collect()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let mut site_page = state
        .store
        .published_page(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    site_page.body_html = crate::media::sized_images(
        &state.store,
        state.options.media_base(),
        &site_page.body_html,
    )
    .await?;
    let nav = nav(&state, &ctx.locale).await?;
    let path = format!("/pages/{}", site_page.slug);
    let head = Seo::listing(
        &state,
        site_page.title.clone(),
        description(&site_page.body_md),
        &path,
        None,
    );
    page(
        &state,
        &ctx,
        "page.html",
        &nav,
        &head,
        PageView { site_page },
    )
}

#[cfg(test)]
mod tests {
    use super::description;

    #[test]
    fn description_is_the_first_plain_line() {
        assert_eq!(
            description("# About\n\n*We* report [the town].\nMore."),
            "We report the town."
        );
        assert_eq!(description(""), "");
    }
}
