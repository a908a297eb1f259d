//! `import`: a site's history from WordPress (a WXR export: authors, categories as
//! sections, tags, posts and their comment threads) and comments from Disqus, written
//! through the same store calls the newsroom uses, so revisions, search and counts stay
//! whole. Importing the same file again adds nothing.

pub mod disqus;
mod threads;
pub mod wxr;
mod wxr_pages;
mod xml;

use crate::content::markdown::{render_article, word_count};
use anyhow::Context;
use broadsheet_domain::{ArticleStatus, EmailAddress, Role, Slug};
use broadsheet_store::{CommentStatus, NewArticle, Store, StoreError};
use std::collections::HashMap;

/// What an import did, for the closing line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
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
    /// Disqus threads whose link matches no published story.
    pub threads_unmatched: u64,
    pub authors: u64,
    pub sections: u64,
}

/// Text of an HTML fragment: tags dropped, the common entities decoded, spaces folded.
fn plain(html: &str, max_chars: usize) -> String {
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

fn slug_or(slug: &str, title: &str) -> String {
    Slug::parse(slug)
        .unwrap_or_else(|_| Slug::from_title(title))
        .to_string()
}

/// Finds each author by email, or creates them as an author without a password (they
/// sign in after a password reset).
async fn authors(
    store: &Store,
    site: &wxr::Wxr,
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

async fn section_id(
    store: &Store,
    p: &wxr::Post,
    report: &mut ImportReport,
) -> anyhow::Result<i64> {
    let (slug, name) = p
        .categories
        .first()
        .cloned()
        .unwrap_or_else(|| ("uncategorized".into(), "Uncategorized".into()));
    let slug = slug_or(&slug, &name);
    if let Some(s) = store.section_by_slug(&slug).await? {
        return Ok(s.id);
    }
    report.sections += 1;
    let name = plain(&name, 80);
    Ok(store.create_section(&slug, &name, &name, "").await?.id)
}

/// Imports `site` into `store`; `progress` hears (posts done, posts in all).
pub async fn wordpress(
    store: &Store,
    site: &wxr::Wxr,
    language: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    let author_ids = authors(store, site, &mut report).await?;
    for (done, p) in site.posts.iter().enumerate() {
        progress(done + 1, site.posts.len());
        if p.post_type == "page" {
            wxr_pages::import(store, p, language, &mut report).await?;
            continue;
        }
        let status = match (p.post_type.as_str(), p.status.as_str()) {
            ("post", "publish") => ArticleStatus::Published,
            ("post", "draft" | "pending" | "future") => ArticleStatus::Draft,
            _ => {
                report.not_posts += 1;
                continue;
            }
        };
        let headline = Some(plain(&p.title, 200))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| format!("Untitled {}", p.id));
        let new = NewArticle {
            section_id: section_id(store, p, &mut report).await?,
            slug: slug_or(&p.slug, &headline),
            standfirst: plain(&p.excerpt, 400),
            body_html: render_article(&p.html).into_string(),
            word_count: word_count(&p.html),
            body_md: p.html.clone(),
            language: language.to_string(),
            status: Some(status),
            published_at: (status == ArticleStatus::Published).then(|| {
                Some(p.published_at)
                    .filter(|t| *t > 0)
                    .unwrap_or_else(broadsheet_store::now)
            }),
            author_ids: author_ids.get(&p.creator).copied().into_iter().collect(),
            tags: p
                .tags
                .iter()
                .map(|(slug, name)| (slug_or(slug, name), plain(name, 80)))
                .collect(),
            headline,
            ..Default::default()
        };
        let article_id = match store.create_article(&new).await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => {
                report.already_there += 1;
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("post {} ({})", p.id, p.title)),
        };
        report.articles += 1;
        threads::add(store, article_id, wxr_comments(p), &mut report).await?;
    }
    Ok(report)
}

/// A post's approved and waiting comments; spam and trash stay behind.
fn wxr_comments(p: &wxr::Post) -> Vec<threads::Imported> {
    let key = |id: i64| format!("wxr-{}-{id}", p.id);
    p.comments
        .iter()
        .map(|c| threads::Imported {
            key: key(c.id),
            parent_key: (c.parent != 0).then(|| key(c.parent)),
            author: c.author.clone(),
            email: c.email.clone(),
            body: c.content.clone(),
            status: match c.approved.as_str() {
                "1" => Some(CommentStatus::Visible),
                "0" => Some(CommentStatus::Pending),
                _ => None,
            },
            created_at: c.created_at,
        })
        .collect()
}

/// Imports a Disqus export's comments onto the stories their threads link to (matched
/// by the path `/<section>/<slug>`); `progress` hears (threads done, threads in all).
pub async fn disqus(
    store: &Store,
    site: &disqus::Disqus,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    for (done, thread) in site.threads.iter().enumerate() {
        progress(done + 1, site.threads.len());
        let Some((section, slug)) = disqus::story_path(&thread.link) else {
            report.threads_unmatched += 1;
            continue;
        };
        let Some(article) = store.published_article(&section, &slug).await? else {
            report.threads_unmatched += 1;
            continue;
        };
        let comments = site.comments_of(&thread.id);
        threads::add(store, article.summary.id, comments, &mut report).await?;
    }
    Ok(report)
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
