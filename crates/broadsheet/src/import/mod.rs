//! `import`: a site's history from WordPress (a WXR export: authors, categories as
//! sections, tags, posts with their comment threads, attachments into the media library,
//! and every old address recorded so it answers 301) and comments from Disqus, written
//! through the same store calls the newsroom uses, so revisions, search and counts stay
//! whole. Importing the same file again adds nothing; a dry run writes nothing.

pub mod disqus;
mod redirects;
pub mod shortcodes;
mod threads;
pub mod uploads;
pub mod wordpress;
mod wordpress_site;
pub mod wxr;
mod wxr_pages;
mod xml;

use anyhow::Context;
use broadsheet_domain::{EmailAddress, Role, Slug};
use broadsheet_store::Store;
use std::collections::{BTreeMap, HashMap};

pub use wordpress::{Options, wordpress};

/// What an import did (or, in a dry run, would do), for the closing lines.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub dry_run: bool,
    pub articles: u64,
    /// WordPress pages imported as the site's pages.
    pub pages: u64,
    /// WordPress pages whose address a page already holds (an earlier run).
    pub pages_already_there: u64,
    pub already_there: u64,
    pub not_posts: u64,
    pub comments: u64,
    pub comments_skipped: u64,
    pub comments_already_there: u64,
    /// Pingbacks and trackbacks: links from other sites, not readers' comments.
    pub pingbacks: u64,
    /// Disqus threads whose link matches no published story.
    pub threads_unmatched: u64,
    pub authors: u64,
    pub sections: u64,
    /// Attachments brought into the media library, and those there from a run before.
    pub media: u64,
    pub media_already_there: u64,
    /// Attachments that are no images (PDFs, sound): they stay at their old address.
    pub media_not_images: u64,
    /// Files under uploads/ that the local copy lacks.
    pub media_missing: Vec<String>,
    /// Files the media library refused, with the reason.
    pub media_failed: Vec<String>,
    /// New old addresses by kind (permalink, post id, page id, category, tag, feed, upload).
    pub redirects: BTreeMap<&'static str, u64>,
    pub redirects_already_there: u64,
    /// A few of the new old addresses with where they go, for the dry run's listing.
    pub redirect_examples: Vec<(String, String)>,
    pub shortcodes: u64,
    pub shortcodes_unknown: u64,
    /// The site name and description taken from the export (the site had none).
    pub site_name: Option<String>,
    pub site_description: Option<String>,
}

impl ImportReport {
    pub fn count_redirect(&mut self, kind: &'static str) {
        *self.redirects.entry(kind).or_default() += 1;
    }

    pub fn redirects_added(&self) -> u64 {
        self.redirects.values().sum()
    }
}

/// Text of an HTML fragment: tags dropped, the common entities decoded, spaces folded.
pub(crate) fn plain(html: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#039;", "'"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(out, |s, (from, to)| s.replace(from, to));
    let folded = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(max_chars).collect()
}

pub(crate) fn slug_or(slug: &str, title: &str) -> String {
    Slug::parse(slug)
        .unwrap_or_else(|_| Slug::from_title(title))
        .to_string()
}

/// Finds each author by email, or creates them as an author without a password (they
/// sign in after a password reset).
/// In a dry run, authors not yet there are counted and left out of the map.
async fn authors(
    store: &Store,
    site: &wxr::Wxr,
    dry_run: bool,
    report: &mut ImportReport,
) -> anyhow::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    let mut wanted: Vec<wxr::Author> = site.authors.clone();
    for p in &site.posts {
        if !p.creator.is_empty() && !wanted.iter().any(|a| a.login == p.creator) {
            wanted.push(wxr::Author {
                login: p.creator.clone(),
                ..Default::default()
            });
        }
    }
    for a in wanted {
        let email = EmailAddress::parse(&a.email)
            .or_else(|_| {
                EmailAddress::parse(&format!(
                    "{}@wordpress-import.invalid",
                    Slug::from_title(&a.login)
                ))
            })
            .context("an author without a usable email or login")?;
        let name = Some(a.display_name.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or(&a.login);
        let user = match store.user_by_email(&email).await? {
            Some(u) => u,
            None if dry_run => {
                report.authors += 1;
                continue;
            }
            None => {
                report.authors += 1;
                store
                    .create_user(&email, &plain(name, 100), Role::Author, None)
                    .await?
            }
        };
        ids.insert(a.login, user.id);
    }
    Ok(ids)
}

/// Imports a Disqus export's comments onto the stories their threads link to: by the
/// path `/<section>/<slug>` (or where that story moved), else by an old address an
/// earlier WordPress import recorded; `progress` hears (threads done, threads in all).
pub async fn disqus(
    store: &Store,
    site: &disqus::Disqus,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    for (done, thread) in site.threads.iter().enumerate() {
        progress(done + 1, site.threads.len());
        let Some(article_id) = thread_article(store, &thread.link).await? else {
            report.threads_unmatched += 1;
            continue;
        };
        let comments = site.comments_of(&thread.id);
        threads::add(store, article_id, comments, &mut report).await?;
    }
    Ok(report)
}

/// The published article a Disqus thread's link names.
async fn thread_article(store: &Store, link: &str) -> anyhow::Result<Option<i64>> {
    if let Some((section, slug)) = disqus::story_path(link) {
        let here = match store.published_article(&section, &slug).await? {
            Some(a) => Some(a),
            None => match store.moved_article(&section, &slug).await? {
                Some((s, a)) => store.published_article(&s, &a).await?,
                None => None,
            },
        };
        if let Some(a) = here {
            return Ok(Some(a.summary.id));
        }
    }
    // An old permalink: the old site may have lived under a folder (`/blog/2013/…`),
    // so a leading folder or two may be dropped.
    for key in disqus::old_path_keys(link) {
        if let Some(location) = store.old_path_location(&key).await?
            && let Some((section, slug)) = location.trim_start_matches('/').split_once('/')
            && let Some(a) = store.published_article(section, slug).await?
        {
            return Ok(Some(a.summary.id));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain("<p>Tides &amp; <em>ferries</em></p>", 100),
            "Tides & ferries"
        );
        assert_eq!(plain("a &lt;b&gt; c", 100), "a <b> c");
        assert_eq!(plain("çok uzun başlık", 3), "çok");
    }
}
