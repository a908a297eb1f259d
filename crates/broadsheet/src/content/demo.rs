//! The demo newspaper: original sections, reporters and articles embedded in the binary
//! (see `crates/broadsheet/demo/`), loaded on first start.

use super::markdown::{render_article, word_count};
use crate::telemetry::progress::Progress;
use crate::theme_files::DEMO_FILES;
use anyhow::{Context, bail};
use broadsheet_domain::{ArticleStatus, EmailAddress, Role, Slug};
use broadsheet_store::{NewArticle, Store};
use std::collections::HashMap;

/// The demo newspaper's name.
pub const SITE_NAME: &str = "The Harbour Ledger";

/// One demo article as written in its front matter and body.
#[derive(Debug, Default)]
pub struct DemoArticle {
    pub file: String,
    pub fields: HashMap<String, String>,
    pub body: String,
}

impl DemoArticle {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }
}

fn demo_text(name: &str) -> anyhow::Result<&'static str> {
    let (_, bytes) = DEMO_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .with_context(|| format!("demo file {name} is missing"))?;
    std::str::from_utf8(bytes).with_context(|| format!("demo file {name} is not UTF-8"))
}

/// Data lines of a `|`-separated demo list, skipping comments and blanks.
fn rows(name: &str) -> anyhow::Result<Vec<Vec<&'static str>>> {
    Ok(demo_text(name)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect())
}

/// Parses `---` front matter of `key: value` lines followed by a Markdown body.
pub fn parse_article(file: &str, text: &str) -> anyhow::Result<DemoArticle> {
    let rest = text
        .strip_prefix("---\n")
        .with_context(|| format!("{file}: no front matter"))?;
    let (head, body) = rest
        .split_once("\n---\n")
        .with_context(|| format!("{file}: front matter not closed"))?;
    let mut fields = HashMap::new();
    for line in head.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line
            .split_once(':')
            .with_context(|| format!("{file}: bad line {line:?}"))?;
        fields.insert(k.trim().to_string(), v.trim().to_string());
    }
    for required in ["headline", "section", "authors", "hours_ago"] {
        if !fields.contains_key(required) {
            bail!("{file}: missing {required}");
        }
    }
    Ok(DemoArticle {
        file: file.to_string(),
        fields,
        body: body.trim().to_string(),
    })
}

/// Every demo article, in file order.
pub fn articles() -> anyhow::Result<Vec<DemoArticle>> {
    DEMO_FILES
        .iter()
        .filter(|(n, _)| n.starts_with("articles/") && n.ends_with(".md"))
        .map(|(n, b)| {
            parse_article(
                n,
                std::str::from_utf8(b).context("demo article is not UTF-8")?,
            )
        })
        .collect()
}

/// Writes the demo newspaper into an empty store, printing progress.
pub async fn seed(store: &Store) -> anyhow::Result<usize> {
    let mut sections = HashMap::new();
    for row in rows("sections.txt")? {
        let [slug, name, name_tr, description] = row[..] else {
            bail!("sections.txt: bad row {row:?}")
        };
        let s = store
            .create_section(slug, name, name_tr, description)
            .await?;
        sections.insert(slug.to_string(), s.id);
    }
    let mut authors = HashMap::new();
    for row in rows("authors.txt")? {
        let [email, name, _bio] = row[..] else {
            bail!("authors.txt: bad row {row:?}")
        };
        let user = store
            .create_user(&EmailAddress::parse(email)?, name, Role::Author, None)
            .await?;
        authors.insert(email.to_string(), user.id);
    }
    let all = articles()?;
    let now = broadsheet_store::now();
    let mut progress = Progress::new("demo content: articles");
    for (i, a) in all.iter().enumerate() {
        let section_id = *sections
            .get(a.get("section"))
            .with_context(|| format!("{}: unknown section", a.file))?;
        let author_ids = a
            .get("authors")
            .split(',')
            .map(|e| {
                authors
                    .get(e.trim())
                    .copied()
                    .with_context(|| format!("{}: unknown author {e}", a.file))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let hours: i64 = a
            .get("hours_ago")
            .parse()
            .with_context(|| format!("{}: hours_ago", a.file))?;
        let tags = a
            .get("tags")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| (Slug::from_title(t).to_string(), t.to_string()))
            .collect();
        let new = NewArticle {
            section_id,
            slug: Slug::from_title(a.get("headline")).to_string(),
            headline: a.get("headline").into(),
            standfirst: a.get("standfirst").into(),
            body_html: render_article(&a.body).into_string(),
            word_count: word_count(&a.body),
            body_md: a.body.clone(),
            language: Some(a.get("language"))
                .filter(|l| !l.is_empty())
                .unwrap_or("en")
                .into(),
            status: Some(ArticleStatus::Published),
            dateline: a.get("dateline").into(),
            image_alt: a.get("image_alt").into(),
            image_caption: a.get("image_caption").into(),
            image_credit: a.get("image_credit").into(),
            featured: a.get("featured") == "true",
            published_at: Some(now - hours * 3600),
            author_ids,
            tags,
            ..Default::default()
        };
        store
            .create_article(&new)
            .await
            .with_context(|| format!("{}: cannot be saved", a.file))?;
        progress.tick(i + 1, all.len());
    }
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_article_parses_with_subheadings() {
        let all = super::articles().unwrap();
        assert!(all.len() >= 8, "at least eight demo articles");
        for a in &all {
            assert!(
                a.body.contains("\n## ") || a.body.starts_with("## "),
                "{} has no subheading",
                a.file
            );
            assert!(
                !a.get("standfirst").is_empty(),
                "{} has no standfirst",
                a.file
            );
        }
        assert_eq!(
            all.iter().filter(|a| a.get("featured") == "true").count(),
            1
        );
    }
}
