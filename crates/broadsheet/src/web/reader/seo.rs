//! What search engines and link previews read: canonical URL, OpenGraph and Twitter
//! tags, feed autodiscovery, hreflang alternates and JSON-LD `NewsArticle` data.

use crate::media::Picture;
use crate::state::AppState;
use crate::urls::{absolute, author_path};
use broadsheet_store::{Article, Byline};
use serde::Serialize;
use serde_json::json;

/// The head tags of one page; `base.html` writes them out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Seo {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page's one true address.
    pub canonical: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// Absolute address of the page's image, and its size when known.
    pub image: String,
    pub image_size: Option<(i64, i64)>,
    pub feeds: Vec<FeedLink>,
    pub alternates: Vec<Alternate>,
    /// JSON-LD, already made safe to sit inside a `<script>` element.
    pub json_ld: String,
    pub noindex: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub mime: &'static str,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

impl Seo {
    /// Tags for a listing page at `path`, with feeds under `feed_base` when it has them.
    pub fn listing(
        state: &AppState,
        title: String,
        description: String,
        path: &str,
        feed_base: Option<&str>,
    ) -> Seo {
        let base = &state.options.base_url;
        Seo {
            feeds: feed_base.map(|f| feed_links(&title, f)).unwrap_or_default(),
            title,
            description,
            canonical: format!("{base}{path}"),
            og_type: "website",
            ..Seo::default()
        }
    }
}

/// RSS, Atom and JSON Feed links for a feed family rooted at `base` (e.g. `/feed`).
pub fn feed_links(title: &str, base: &str) -> Vec<FeedLink> {
    [
        ("rss.xml", "application/rss+xml"),
        ("atom.xml", "application/atom+xml"),
        ("feed.json", "application/feed+json"),
    ]
    .into_iter()
    .map(|(file, mime)| FeedLink {
        title: title.to_string(),
        mime,
        href: format!("{base}/{file}"),
    })
    .collect()
}

/// JSON-LD `NewsArticle` for an article page; `lead` tells the lead image's size.
pub fn news_article(
    state: &AppState,
    a: &Article,
    bylines: &[Byline],
    lead: Option<&Picture>,
    url: &str,
) -> String {
    let s = &a.summary;
    let iso = |t: Option<i64>| t.and_then(crate::feeds::rfc3339);
    let authors: Vec<_> = bylines
        .iter()
        .map(|b| json!({ "@type": "Person", "name": b.display_name, "url": format!("{}{}", state.options.base_url, author_path(b.user_id, &b.display_name)) }))
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.headline,
        "description": s.standfirst,
        "inLanguage": s.language,
        "datePublished": iso(s.published_at),
        "dateModified": iso(Some(s.updated_at)),
        "author": authors,
        "articleSection": s.section_name,
        "publisher": { "@type": "Organization", "name": state.site_name(), "url": state.options.base_url },
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "wordCount": s.word_count,
    });
    if !s.image_url.is_empty() {
        let mut image = json!({ "@type": "ImageObject", "url": absolute(state, &s.image_url) });
        if let Some((w, h)) = lead.and_then(|p| p.width.zip(p.height)) {
            image["width"] = json!(w);
            image["height"] = json!(h);
        }
        data["image"] = json!([image]);
    }
    script_safe_json(&data)
}

/// JSON that cannot close its `<script>` element: `<`, `>` and `&` become escapes.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_break_out_of_its_script() {
        let out = script_safe_json(&json!({ "h": "</script><script>alert(1)</script> & <!--" }));
        assert!(!out.contains('<') && !out.contains('>'), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["h"], "</script><script>alert(1)</script> & <!--");
    }
}
