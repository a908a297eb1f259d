//! A WordPress export into the site: the site's name (when it has none), authors,
//! attachments, posts with converted shortcodes and their lead images, comment threads
//! without pingbacks, and every old address (permalink, `?p=`, category and tag archives,
//! feeds) recorded to answer 301. Posts already imported are recognised by their id.

use super::redirects::{Redirects, To};
use super::uploads::{self, Library, Source};
use super::wordpress_site::{Sections, archives, site_settings};
use super::{ImportReport, plain, shortcodes, slug_or, threads, wxr};
use crate::content::markdown::{render_article, word_count};
use crate::editorial::old_paths::{id_key, key_of_link};
use crate::media::Media;
use anyhow::Context;
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{CommentStatus, NewArticle, Store, StoreError};
use std::collections::BTreeMap;
use std::path::Path;

/// How a WordPress import runs.
pub struct Options<'a> {
    /// The language of the imported articles.
    pub language: &'a str,
    /// A local copy of `wp-content/uploads`, for attachments.
    pub uploads: Option<&'a Path>,
    pub media: &'a Media,
    /// Count what would happen and write nothing.
    pub dry_run: bool,
}

/// Imports `site` into `store`; `progress` hears (what, done, all) for "attachment" and
/// "post".
pub async fn wordpress(
    store: &Store,
    site: &wxr::Wxr,
    options: &Options<'_>,
    progress: &mut dyn FnMut(&'static str, usize, usize),
) -> anyhow::Result<ImportReport> {
    let dry_run = options.dry_run;
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    site_settings(store, site, dry_run, &mut report).await?;
    let author_ids = super::authors(store, site, dry_run, &mut report).await?;
    let any_author = author_ids.values().copied().min();
    let uploader = |login: &str| author_ids.get(login).copied().or(any_author);
    let source = Source {
        uploads: options.uploads,
        media: options.media,
        dry_run,
    };
    let library = uploads::import(
        store,
        &site.posts,
        &uploader,
        &source,
        &mut report,
        &mut |done, all| progress("attachment", done, all),
    )
    .await?;
    let bases = site.bases();
    let mut redirects = Redirects::new(store, dry_run);
    let mut sections = Sections::default();
    let mut tags: BTreeMap<String, String> = BTreeMap::new();
    let items: Vec<&wxr::Post> = site
        .posts
        .iter()
        .filter(|p| p.post_type != "attachment")
        .collect();
    for (done, p) in items.iter().enumerate() {
        progress("post", done + 1, items.len());
        if p.post_type == "page" {
            let old = (&mut redirects, bases.as_slice());
            super::wxr_pages::import(store, p, options.language, old, &mut report).await?;
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
        let (section_id, section_slug) = sections.of(store, p, dry_run, &mut report).await?;
        let headline = Some(plain(&p.title, 200))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| format!("Untitled {}", p.id));
        let slug = slug_or(&p.slug, &headline);
        let link_key = key_of_link(&p.link, &bases);
        let known = match known(store, p, link_key.as_deref(), &headline).await? {
            Some(id) => Some(id),
            None => match section_id {
                Some(id) => store.article_id_by_slug(id, &slug).await?,
                None => None,
            },
        };
        p.pingbacks(&mut report);
        let article_id = match known {
            Some(id) => {
                report.already_there += 1;
                Some(id)
            }
            None => {
                let new = article(
                    p,
                    &headline,
                    &slug,
                    status,
                    options.language,
                    &library,
                    &mut report,
                );
                let new = NewArticle {
                    section_id: section_id.unwrap_or(0),
                    author_ids: author_ids.get(&p.creator).copied().into_iter().collect(),
                    ..new
                };
                if dry_run {
                    report.articles += 1;
                    count_comments(p, &mut report);
                    None
                } else {
                    match store.create_article(&new).await {
                        Ok(id) => {
                            report.articles += 1;
                            threads::add(store, id, comments(p), &mut report).await?;
                            Some(id)
                        }
                        // Two posts of the export with one address: the first one stays.
                        Err(StoreError::Conflict(_)) => {
                            report.already_there += 1;
                            continue;
                        }
                        Err(e) => {
                            return Err(e).with_context(|| format!("post {} ({})", p.id, p.title));
                        }
                    }
                }
            }
        };
        let address = format!(
            "/{section_slug}/{}",
            known_slug(store, article_id, &slug).await?
        );
        let to = || To::Article(article_id, &address);
        redirects
            .add(Some(id_key(p.id)), to(), "post id", &mut report)
            .await?;
        redirects
            .add(key_of_link(&p.link, &bases), to(), "permalink", &mut report)
            .await?;
        if let Some((nicename, _)) = p.categories.first() {
            sections
                .archives
                .insert(nicename.clone(), section_slug.clone());
        }
        for (nicename, name) in &p.tags {
            tags.insert(nicename.clone(), slug_or(nicename, name));
        }
    }
    archives(site, &sections.archives, &tags, &mut redirects, &mut report).await?;
    Ok(report)
}

impl wxr::Post {
    /// Counts the pingbacks and trackbacks this post's comments hold.
    fn pingbacks(&self, report: &mut ImportReport) {
        report.pingbacks += self.comments.iter().filter(|c| is_pingback(c)).count() as u64;
    }
}

fn is_pingback(c: &wxr::Comment) -> bool {
    matches!(c.kind.as_str(), "pingback" | "trackback")
}

/// The article a post becomes (section and bylines are the caller's).
fn article(
    p: &wxr::Post,
    headline: &str,
    slug: &str,
    status: ArticleStatus,
    language: &str,
    library: &Library,
    report: &mut ImportReport,
) -> NewArticle {
    let attached: Vec<i64> = {
        let mut ids: Vec<i64> = library
            .by_id
            .values()
            .filter(|a| a.parent == p.id)
            .map(|a| a.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let picture = |id: i64| {
        let a = library.by_id.get(&id)?;
        let url = a.url.clone().unwrap_or_else(|| a.old_url.clone());
        Some(shortcodes::Picture {
            url,
            alt: a.alt.clone(),
            caption: a.caption.clone(),
        })
    };
    let converted = shortcodes::convert(&p.html, &picture, &attached);
    report.shortcodes += converted.converted;
    report.shortcodes_unknown += converted.unknown;
    let body = library.rewrite(&converted.html);
    let lead = p
        .meta("_thumbnail_id")
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| library.by_id.get(&id))
        .filter(|a| a.url.is_some());
    NewArticle {
        slug: slug.to_string(),
        standfirst: plain(&p.excerpt, 400),
        body_html: render_article(&body).into_string(),
        word_count: word_count(&plain(&body, usize::MAX)),
        body_md: body,
        language: language.to_string(),
        status: Some(status),
        published_at: (status == ArticleStatus::Published).then(|| {
            Some(p.published_at)
                .filter(|t| *t > 0)
                .unwrap_or_else(broadsheet_store::now)
        }),
        image_url: lead.and_then(|a| a.url.clone()).unwrap_or_default(),
        image_alt: lead.map_or(String::new(), |a| {
            Some(a.alt.clone())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| headline.to_string())
        }),
        image_caption: lead.map_or(String::new(), |a| a.caption.clone()),
        tags: p
            .tags
            .iter()
            .map(|(slug, name)| (slug_or(slug, name), plain(name, 80)))
            .collect(),
        headline: headline.to_string(),
        ..Default::default()
    }
}

/// The article an earlier run made of `p`: by its permalink, or by its WordPress id
/// when the article there has the same headline (ids repeat across WordPress sites, so
/// a second site's post 101 is not the first site's).
async fn known(
    store: &Store,
    p: &wxr::Post,
    link_key: Option<&str>,
    headline: &str,
) -> anyhow::Result<Option<i64>> {
    if let Some(link) = link_key.filter(|k| !k.starts_with("/?"))
        && let Some(id) = store.old_path(link).await?.and_then(|o| o.article_id)
    {
        return Ok(Some(id));
    }
    let Some(id) = store
        .old_path(&id_key(p.id))
        .await?
        .and_then(|o| o.article_id)
    else {
        return Ok(None);
    };
    let same = store
        .article_by_id(id)
        .await?
        .is_some_and(|a| a.summary.headline == headline);
    Ok(same.then_some(id))
}

/// The slug an existing article has now (it may have changed since the first run).
async fn known_slug(store: &Store, id: Option<i64>, planned: &str) -> anyhow::Result<String> {
    Ok(match id {
        Some(id) => store
            .article_by_id(id)
            .await?
            .map_or_else(|| planned.to_string(), |a| a.summary.slug),
        None => planned.to_string(),
    })
}

/// A post's approved and waiting comments; spam, trash, pingbacks and trackbacks stay behind.
fn comments(p: &wxr::Post) -> Vec<threads::Imported> {
    let key = |id: i64| format!("wxr-{}-{id}", p.id);
    p.comments
        .iter()
        .filter(|c| !is_pingback(c))
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

/// A dry run's count of the comments a new article would get.
fn count_comments(p: &wxr::Post, report: &mut ImportReport) {
    for c in comments(p) {
        match c.status {
            Some(_) => report.comments += 1,
            None => report.comments_skipped += 1,
        }
    }
}
