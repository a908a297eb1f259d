//! Recording an import's old addresses in `old_paths`, once each: an existing entry is
//! kept (so a re-run adds nothing), and a dry run only counts what it would add.

use super::ImportReport;
use broadsheet_store::Store;
use std::collections::HashSet;

/// How many new old addresses a dry run lists as examples.
const EXAMPLES: usize = 12;

/// Where an old address goes.
pub enum To<'a> {
    /// An article: its id (none yet in a dry run) and its address, for the listing.
    Article(Option<i64>, &'a str),
    /// Any other local page: a section, a tag page, a feed.
    Page(&'a str),
    /// A standalone page: its id (none yet in a dry run) and its address.
    SitePage(Option<i64>, &'a str),
}

pub struct Redirects<'a> {
    store: &'a Store,
    dry_run: bool,
    seen: HashSet<String>,
}

impl<'a> Redirects<'a> {
    pub fn new(store: &'a Store, dry_run: bool) -> Redirects<'a> {
        Redirects {
            store,
            dry_run,
            seen: HashSet::new(),
        }
    }

    /// Records `key` → `to` unless this run or an earlier one did.
    pub async fn add(
        &mut self,
        key: Option<String>,
        to: To<'_>,
        kind: &'static str,
        report: &mut ImportReport,
    ) -> anyhow::Result<()> {
        let Some(key) = key.filter(|k| k != "/") else {
            return Ok(());
        };
        if !self.seen.insert(key.clone()) {
            return Ok(());
        }
        let shown = match to {
            To::Article(_, address) | To::Page(address) | To::SitePage(_, address) => address,
        };
        let added = if self.dry_run {
            self.store.old_path(&key).await?.is_none()
        } else {
            match to {
                To::Article(Some(id), _) => self.store.add_old_path(&key, Some(id), "").await?,
                To::SitePage(Some(id), _) => self.store.add_old_page_path(&key, id).await?,
                To::Article(None, _) | To::SitePage(None, _) => false,
                To::Page(path) => self.store.add_old_path(&key, None, path).await?,
            }
        };
        if added {
            report.count_redirect(kind);
            if report.redirect_examples.len() < EXAMPLES {
                report.redirect_examples.push((key, shown.to_string()));
            }
        } else {
            report.redirects_already_there += 1;
        }
        Ok(())
    }
}
