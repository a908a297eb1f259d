//! Markdown to HTML that is safe to show: rendered by pulldown-cmark, then cleaned by
//! ammonia with an allow-list, so no script can come from article text, even an admin's.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;
use std::sync::LazyLock;

/// HTML that has been through the sanitizer. The only way to make one is `render_article`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

static ARTICLE_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.tags(HashSet::from([
        "p",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
        "figure",
        "figcaption",
        "del",
        "sup",
        "sub",
    ]))
    .link_rel(Some("noopener"))
    .url_schemes(HashSet::from(["http", "https", "mailto"]))
    .add_tag_attributes("img", ["src", "alt", "title", "width", "height", "loading"])
    .add_tag_attributes("th", ["align"])
    .add_tag_attributes("td", ["align"]);
    b
});

/// Renders article Markdown (tables, strikethrough, footnotes) into sanitized HTML.
pub fn render_article(markdown: &str) -> SafeHtml {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    SafeHtml(ARTICLE_CLEANER.clean(&raw).to_string())
}

/// Words in a text, for reading time.
pub fn word_count(text: &str) -> i64 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_structure() {
        let html = render_article(
            "## Head\n\nText with [a link](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        let html = html.as_str();
        assert!(html.contains("<h2>Head</h2>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener">a link</a>"#),
            "{html}"
        );
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_never_survive() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=https://evil.example></iframe>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
        ] {
            let html = render_article(hostile).into_string().to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<svg",
                "<iframe",
                "style=",
            ] {
                assert!(!html.contains(bad), "{hostile:?} left {bad:?} in {html}");
            }
        }
    }

    #[test]
    fn words_are_counted() {
        assert_eq!(word_count("One two — three, four!"), 4);
    }
}
