//! A WordPress export's pages (`wp:post_type` page) become Broadsheet pages: published
//! ones published, drafts kept as drafts, the trash left behind. A page whose address
//! is already taken is counted as already there, so importing again adds nothing. Its
//! `?page_id=N` and its old permalink are recorded as old addresses of the page.

use super::redirects::{Redirects, To};
use super::{ImportReport, plain, slug_or, wxr};
use crate::editorial::old_paths::{id_key, key_of_link};
use crate::pages::PageDraft;
use anyhow::Context;
use broadsheet_store::{SaveOutcome, Store, StoreError};

/// Imports one WordPress page (in a dry run, only counts it); the caller has checked
/// its type. `bases` are the old site's addresses, for its permalink.
pub async fn import(
    store: &Store,
    p: &wxr::Post,
    language: &str,
    (redirects, bases): (&mut Redirects<'_>, &[&str]),
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let published = match p.status.as_str() {
        "publish" => true,
        "draft" | "pending" | "future" | "private" => false,
        _ => {
            report.not_posts += 1;
            return Ok(());
        }
    };
    let title = Some(plain(&p.title, 200))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("Untitled {}", p.id));
    let draft = PageDraft {
        slug: slug_or(&p.slug, &title),
        title,
        body: p.html.clone(),
        language: language.to_string(),
    };
    let input = draft
        .check(language)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("page {} ({})", p.id, p.title))?;
    let id = if report.dry_run {
        report.pages += 1;
        None
    } else {
        save(store, p, &input, published, report).await?
    };
    let address = format!("/pages/{}", input.slug);
    for (key, kind) in [
        (Some(id_key(p.id)), "page id"),
        (key_of_link(&p.link, bases), "page permalink"),
    ] {
        redirects
            .add(key, To::SitePage(id, &address), kind, report)
            .await?;
    }
    Ok(())
}

/// Saves a new page, or finds the one an earlier run made (by its old id, wherever it
/// moved) or that sits at its address.
async fn save(
    store: &Store,
    p: &wxr::Post,
    input: &broadsheet_store::PageInput,
    published: bool,
    report: &mut ImportReport,
) -> anyhow::Result<Option<i64>> {
    if let Some(id) = known(store, p, &input.title).await? {
        report.pages_already_there += 1;
        return Ok(Some(id));
    }
    let note = "imported from WordPress";
    let id = match store
        .save_page(None, 0, input, None, "page-imported", note)
        .await
    {
        Ok(SaveOutcome::Saved { id, .. }) => id,
        Ok(SaveOutcome::Stale { .. }) | Err(StoreError::Conflict(_)) => {
            report.pages_already_there += 1;
            return Ok(store.page_id_by_slug(&input.slug).await?);
        }
        Err(e) => return Err(e).with_context(|| format!("page {} ({})", p.id, p.title)),
    };
    if published {
        store.set_page_published(id, true, None).await?;
    }
    report.pages += 1;
    Ok(Some(id))
}

/// The page an earlier run made of `p`, found by its WordPress id when the page there
/// has the same title (ids repeat across WordPress sites).
async fn known(store: &Store, p: &wxr::Post, title: &str) -> anyhow::Result<Option<i64>> {
    let Some(id) = store.old_path(&id_key(p.id)).await?.and_then(|o| o.page_id) else {
        return Ok(None);
    };
    let page = store.page_by_id(id).await?;
    Ok(page.filter(|page| page.title == title).map(|page| page.id))
}
