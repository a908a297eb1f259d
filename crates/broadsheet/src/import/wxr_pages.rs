//! A WordPress export's pages (`wp:post_type` page) become Broadsheet pages: published
//! ones published, drafts kept as drafts, the trash left behind. A page whose address
//! is already taken is counted as already there, so importing again adds nothing.

use super::{ImportReport, plain, slug_or, wxr};
use crate::pages::PageDraft;
use anyhow::Context;
use broadsheet_store::{SaveOutcome, Store, StoreError};

/// Imports one WordPress page; the caller has checked its type.
pub async fn import(
    store: &Store,
    p: &wxr::Post,
    language: &str,
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
    let note = "imported from WordPress";
    let id = match store
        .save_page(None, 0, &input, None, "page-imported", note)
        .await
    {
        Ok(SaveOutcome::Saved { id, .. }) => id,
        Ok(SaveOutcome::Stale { .. }) | Err(StoreError::Conflict(_)) => {
            report.pages_already_there += 1;
            return Ok(());
        }
        Err(e) => return Err(e).with_context(|| format!("page {} ({})", p.id, p.title)),
    };
    if published {
        store.set_page_published(id, true, None).await?;
    }
    report.pages += 1;
    Ok(())
}
