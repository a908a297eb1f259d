//! A draft as a form or JSON sends it, and its checking into the store's input.

use super::MAX_BODY_BYTES;
use crate::content::markdown::{render_article, word_count};
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::{EmailAddress, Slug};
use broadsheet_store::{Article, ArticleInput};
use serde::{Deserialize, Serialize};

/// Every field of the editor; text fields are raw and checked by [`Draft::check`].
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Draft {
    pub headline: String,
    pub standfirst: String,
    pub body: String,
    /// A section slug.
    pub section: String,
    pub slug: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// Author emails in byline order; empty means the writer (or, on edit, unchanged).
    pub authors: Vec<String>,
    pub language: String,
    pub dateline: String,
    pub lead_image: String,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub featured: bool,
    pub comments_open: Option<bool>,
    pub seo_title: String,
    pub seo_description: String,
    pub canonical_url: String,
}

fn limit(field: &'static str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::field_said(
            field,
            "nr-err-too-long",
            &[("max", max.to_string())],
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(v.to_string())
}

fn url_ok(u: &str) -> bool {
    (u.starts_with("https://")
        || u.starts_with("http://")
        || (u.starts_with('/') && !u.starts_with("//")))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}

/// A lead image must be something a reader's browser will show: an upload in this
/// site's media library, or an https address of an image file (not a web page, and
/// not plain http, which browsers block on an https site).
async fn check_lead_image(state: &AppState, url: &str) -> Result<(), AppError> {
    let bad = |key, message: &str| Err(AppError::field_said("lead_image", key, &[], message));
    if !url_ok(url) {
        return bad(
            "nr-err-lead-image",
            "the lead image must be a /media/ path or an https address of an image",
        );
    }
    if let Some(rest) = url.strip_prefix("/media/") {
        let key = rest.split('/').next().unwrap_or_default();
        return match state.store.media_by_key(key).await? {
            Some(_) => Ok(()),
            None => bad(
                "nr-err-lead-image-missing",
                "there is no such image in the media library",
            ),
        };
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let image = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg"]
        .iter()
        .any(|ext| path.ends_with(ext));
    if !url.starts_with("https://") || !image {
        return bad(
            "nr-err-lead-image",
            "the lead image must be a /media/ path or an https address of an image",
        );
    }
    Ok(())
}

/// A BCP 47 language tag in its common shape: `en`, `tr`, `pt-BR`, `zh-Hant-TW`.
pub fn language_ok(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Draft {
    /// The draft that reproduces a stored article, for editing and API patches.
    pub async fn of(state: &AppState, a: &Article) -> Result<Draft, AppError> {
        let mut authors = Vec::new();
        for b in state.store.bylines(&[a.summary.id]).await? {
            if let Some(u) = state.store.user_by_id(b.user_id).await? {
                authors.push(u.email);
            }
        }
        let tags = state.store.tags_of_article(a.summary.id).await?;
        Ok(Draft {
            headline: a.summary.headline.clone(),
            standfirst: a.summary.standfirst.clone(),
            body: a.body_md.clone(),
            section: a.summary.section_slug.clone(),
            slug: a.summary.slug.clone(),
            tags: tags.into_iter().map(|t| t.name).collect(),
            authors,
            language: a.summary.language.clone(),
            dateline: a.dateline.clone(),
            lead_image: a.summary.image_url.clone(),
            image_alt: a.summary.image_alt.clone(),
            image_caption: a.image_caption.clone(),
            image_credit: a.image_credit.clone(),
            featured: a.summary.featured,
            comments_open: Some(a.comments_open),
            seo_title: a.seo_title.clone(),
            seo_description: a.seo_description.clone(),
            canonical_url: a.canonical_url.clone(),
        })
    }

    /// Checks every field and renders the body; the first problem is reported with its
    /// field. Nothing is written here.
    pub async fn check(&self, state: &AppState) -> Result<ArticleInput, AppError> {
        let headline = limit("headline", &self.headline, 200)?;
        if headline.is_empty() {
            return Err(AppError::field_said(
                "headline",
                "nr-err-headline",
                &[],
                "a headline is required",
            ));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(AppError::field_said(
                "body",
                "nr-err-body-too-long",
                &[],
                "the body is longer than the 1 MB limit",
            ));
        }
        let section = state
            .store
            .section_by_slug(self.section.trim())
            .await?
            .ok_or_else(|| {
                let typed = self.section.trim().to_string();
                let message = format!("there is no section '{typed}'");
                AppError::field_said("section", "nr-err-section", &[("section", typed)], message)
            })?;
        let slug = match self.slug.trim() {
            "" => Slug::from_title(&headline),
            s => Slug::parse(s).map_err(slug_error)?,
        };
        let language = match self.language.trim() {
            "" => state.options.default_locale.clone(),
            l if language_ok(l) => l.to_string(),
            l => {
                return Err(AppError::field_said(
                    "language",
                    "nr-err-language",
                    &[("tag", l.to_string())],
                    format!("'{l}' is not a language tag such as en or tr"),
                ));
            }
        };
        let image_url = limit("lead_image", &self.lead_image, 500)?;
        let image_alt = limit("image_alt", &self.image_alt, 300)?;
        if !image_url.is_empty() && image_alt.is_empty() {
            return Err(AppError::field_said(
                "image_alt",
                "nr-err-image-alt",
                &[],
                "a lead image needs alt text describing it",
            ));
        }
        if !image_url.is_empty() {
            check_lead_image(state, &image_url).await?;
        }
        let canonical_url = limit("canonical_url", &self.canonical_url, 500)?;
        let canonical_ok = canonical_url.starts_with("http") && url_ok(&canonical_url);
        if !canonical_url.is_empty() && !canonical_ok {
            return Err(AppError::field_said(
                "canonical_url",
                "nr-err-canonical",
                &[],
                "the canonical URL must be an http(s) URL",
            ));
        }
        let mut author_ids = Vec::new();
        for raw in self
            .authors
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
        {
            let bad = || {
                AppError::field_said(
                    "authors",
                    "nr-err-author",
                    &[("email", raw.to_string())],
                    format!("'{raw}' is not a newsroom writer's email"),
                )
            };
            let email = EmailAddress::parse(raw).map_err(|_| bad())?;
            let author = state.store.user_by_email(&email).await?.ok_or_else(bad)?;
            if !author.role().writes_articles() {
                return Err(bad());
            }
            if !author_ids.contains(&author.id) {
                author_ids.push(author.id);
            }
        }
        let mut tags: Vec<(String, String)> = Vec::new();
        for name in self.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            let name = limit("tags", name, 60)?;
            // An existing tag keeps its slug, whatever today's slug rules would make.
            let slug = match state.store.tag_by_name(&name).await? {
                Some(tag) => tag.slug,
                None => Slug::from_title(&name).to_string(),
            };
            if !tags.iter().any(|(s, _)| *s == slug) {
                tags.push((slug, name));
            }
        }
        Ok(ArticleInput {
            section_id: section.id,
            slug: slug.to_string(),
            standfirst: limit("standfirst", &self.standfirst, 600)?,
            body_html: render_article(&self.body).into_string(),
            word_count: word_count(&self.body),
            body_md: self.body.clone(),
            headline,
            language,
            dateline: limit("dateline", &self.dateline, 120)?,
            image_url,
            image_alt,
            image_caption: limit("image_caption", &self.image_caption, 500)?,
            image_credit: limit("image_credit", &self.image_credit, 200)?,
            featured: self.featured,
            comments_open: self.comments_open.unwrap_or(true),
            seo_title: limit("seo_title", &self.seo_title, 200)?,
            seo_description: limit("seo_description", &self.seo_description, 400)?,
            canonical_url,
            author_ids,
            tags,
        })
    }
}

/// A required one-line name of at most `max` characters (sections, tags), for the
/// newsroom forms and the API alike.
pub fn name_field(field: &'static str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(AppError::field_said(
            field,
            "nr-err-name-length",
            &[("max", max.to_string())],
            format!("{field} needs 1–{max} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(AppError::field_said(
            field,
            "nr-err-one-line",
            &[],
            format!("{field} must be one line without control characters"),
        ));
    }
    Ok(v.to_string())
}

/// A refused address (slug), in English for the API and as a message key for forms.
pub fn slug_error(e: impl std::fmt::Display) -> AppError {
    AppError::field_said("slug", "nr-err-slug", &[], e.to_string())
}

#[cfg(test)]
mod tests {
    use super::language_ok;

    #[test]
    fn language_tags_have_the_bcp47_shape() {
        for ok in ["en", "tr", "pt-BR", "zh-Hant-TW"] {
            assert!(language_ok(ok), "{ok}");
        }
        for bad in ["", "e", "english!", "en-", "en_GB", "<x>"] {
            assert!(!language_ok(bad), "{bad}");
        }
    }
}
