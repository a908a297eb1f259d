//! The demo site's standalone pages (About, Community guidelines) and a footer menu
//! linking them, written through the same store calls the newsroom uses.

use crate::pages::PageDraft;
use anyhow::{Context, bail};
use broadsheet_store::{NewMenuItem, SaveOutcome, Store};

fn demo_text(name: &str) -> anyhow::Result<&'static str> {
    let (_, bytes) = crate::theme_files::DEMO_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .with_context(|| format!("demo file {name} is missing"))?;
    std::str::from_utf8(bytes).with_context(|| format!("demo file {name} is not UTF-8"))
}

/// Creates and publishes the demo pages and puts them in the footer menu; how many.
pub async fn seed(store: &Store) -> anyhow::Result<usize> {
    let mut footer = Vec::new();
    for line in demo_text("pages.txt")?.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let [slug, title, label_en, label_tr] =
            line.split('|').map(str::trim).collect::<Vec<_>>()[..]
        else {
            bail!("pages.txt: bad row {line:?}")
        };
        let draft = PageDraft {
            title: title.into(),
            slug: slug.into(),
            body: demo_text(&format!("pages/{slug}.md"))?.into(),
            language: "en".into(),
        };
        let input = draft
            .check("en")
            .map_err(|e| anyhow::anyhow!("{slug}: {e}"))?;
        let SaveOutcome::Saved { id, .. } = store
            .save_page(None, 0, &input, None, "page-created", "demo")
            .await?
        else {
            bail!("{slug}: could not be created")
        };
        store.set_page_published(id, true, None).await?;
        footer.push(NewMenuItem {
            kind: "page".into(),
            page_id: Some(id),
            label_en: label_en.into(),
            label_tr: label_tr.into(),
            ..Default::default()
        });
    }
    store.replace_menu("footer", &footer, None).await?;
    Ok(footer.len())
}
