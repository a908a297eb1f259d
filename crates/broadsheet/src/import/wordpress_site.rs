//! The site-wide parts of a WordPress import: sections made from categories, the old
//! category, tag and feed archive addresses, and the site's name and description.

use super::redirects::{Redirects, To};
use super::{ImportReport, plain, slug_or, wxr};
use crate::editorial::old_paths::key;
use broadsheet_store::Store;
use std::collections::{BTreeMap, HashMap};

/// Sections made from first categories, and the category archives they answer for.
#[derive(Default)]
pub(super) struct Sections {
    /// Slugs a dry run would create.
    planned: Vec<String>,
    /// Category nicename → section slug.
    pub(super) archives: BTreeMap<String, String>,
}

impl Sections {
    /// The section of a post's first category, created if needed (a dry run only counts
    /// it): its id (none yet in a dry run) and slug.
    pub(super) async fn of(
        &mut self,
        store: &Store,
        p: &wxr::Post,
        dry_run: bool,
        report: &mut ImportReport,
    ) -> anyhow::Result<(Option<i64>, String)> {
        let (slug, name) = p
            .categories
            .first()
            .cloned()
            .unwrap_or_else(|| ("uncategorized".into(), "Uncategorized".into()));
        let slug = slug_or(&slug, &name);
        if let Some(s) = store.section_by_slug(&slug).await? {
            return Ok((Some(s.id), slug));
        }
        if dry_run {
            if !self.planned.contains(&slug) {
                self.planned.push(slug.clone());
                report.sections += 1;
            }
            return Ok((None, slug));
        }
        report.sections += 1;
        let name = plain(&name, 80);
        Ok((
            Some(store.create_section(&slug, &name, &name, "").await?.id),
            slug,
        ))
    }
}

/// Category and tag archives (and their feeds) go to the section and tag pages; the
/// site's feeds to ours.
pub(super) async fn archives(
    site: &wxr::Wxr,
    categories: &BTreeMap<String, String>,
    tags: &BTreeMap<String, String>,
    redirects: &mut Redirects<'_>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    if categories.is_empty() && tags.is_empty() {
        return Ok(());
    }
    let parents: HashMap<&str, &str> = site
        .categories
        .iter()
        .map(|c| (c.nicename.as_str(), c.parent.as_str()))
        .collect();
    for (nicename, section) in categories {
        let page = format!("/{section}");
        let feed = format!("/feed/section/{section}/rss.xml");
        // A child category's archive is /category/parent/child/; the bare name works too.
        let mut path = nicename.clone();
        let mut at = nicename.as_str();
        for _ in 0..8 {
            match parents.get(at).filter(|p| !p.is_empty()) {
                Some(parent) => {
                    path = format!("{parent}/{path}");
                    at = parent;
                }
                None => break,
            }
        }
        for name in [&path, nicename] {
            let archive = format!("/category/{name}");
            redirects
                .add(key(&archive, None), To::Page(&page), "category", report)
                .await?;
            let feed_key = key(&format!("{archive}/feed"), None);
            redirects
                .add(feed_key, To::Page(&feed), "feed", report)
                .await?;
        }
    }
    for (nicename, tag) in tags {
        let archive = format!("/tag/{nicename}");
        let page = format!("/tag/{tag}");
        redirects
            .add(key(&archive, None), To::Page(&page), "tag", report)
            .await?;
        let feed = format!("/feed/tag/{tag}/rss.xml");
        redirects
            .add(
                key(&format!("{archive}/feed"), None),
                To::Page(&feed),
                "feed",
                report,
            )
            .await?;
    }
    for (old, new) in [
        ("/feed", "/feed/rss.xml"),
        ("/feed/rss2", "/feed/rss.xml"),
        ("/feed/atom", "/feed/atom.xml"),
    ] {
        redirects
            .add(key(old, None), To::Page(new), "feed", report)
            .await?;
    }
    Ok(())
}

/// The channel's title and description become the site's name and description when the
/// site still has the defaults (none set, or the demo newspaper's name).
pub(super) async fn site_settings(
    store: &Store,
    site: &wxr::Wxr,
    dry_run: bool,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let unset = |v: &Option<String>, default: &str| {
        v.as_deref()
            .is_none_or(|v| v.trim().is_empty() || v == default)
    };
    let title = plain(&site.title, 100);
    if !title.is_empty()
        && unset(
            &store.setting("site_name").await?,
            crate::content::demo::SITE_NAME,
        )
    {
        if !dry_run {
            store.set_setting("site_name", &title).await?;
        }
        report.site_name = Some(title);
    }
    let description = plain(&site.description, 300);
    if !description.is_empty() && unset(&store.setting("site_description").await?, "") {
        if !dry_run {
            store.set_setting("site_description", &description).await?;
        }
        report.site_description = Some(description);
    }
    Ok(())
}
