//! Checks on what an admin supplies as a creative: click URLs, uploaded images and HTML.

use std::io::Cursor;

/// The largest image we accept as a creative.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;
/// The largest HTML creative or network tag.
pub const MAX_HTML_BYTES: usize = 20_000;

/// True for an absolute `http(s)://host/...` URL with nothing that could break out of an
/// attribute or a header.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    host_ok
        && url.len() <= 2000
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\'))
}

/// An origin that may be added to the network-tag frame's policy: `https://host[:port]`.
pub fn is_https_origin(origin: &str) -> bool {
    origin
        .strip_prefix("https://")
        .is_some_and(|host| !host.contains('/') && is_http_url(origin) && !host.contains('*'))
}

/// A checked uploaded image: its content type and pixel size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedImage {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Accepts only PNG, JPEG or WebP bytes that fully decode within modest limits (an
/// image bomb fails here). CPU-bound: call it off the async workers.
pub fn check_image(bytes: &[u8]) -> Option<CheckedImage> {
    if bytes.is_empty() || bytes.len() > MAX_IMAGE_BYTES {
        return None;
    }
    let format = image::guess_format(bytes).ok()?;
    let content_type = match format {
        image::ImageFormat::Png => "image/png",
        image::ImageFormat::Jpeg => "image/jpeg",
        image::ImageFormat::WebP => "image/webp",
        _ => return None,
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(4000);
    limits.max_image_height = Some(4000);
    limits.max_alloc = Some(64 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().ok()?;
    Some(CheckedImage {
        content_type,
        width: decoded.width(),
        height: decoded.height(),
    })
}

/// Elements that run or embed code; any of them in an HTML creative is refused outright.
const CODE_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta", "link",
    "form", "svg", "math", "template", "style", "noscript",
];

/// True when HTML carries script: code-bearing elements, event-handler attributes or
/// script URLs. Such a creative is refused with an error rather than silently cleaned.
pub fn carries_script(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:text/html", "srcdoc"]
        .iter()
        .any(|m| lower.contains(m))
    {
        return true;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inner = &tag[..end];
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if CODE_TAGS.contains(&name.as_str()) {
            return true;
        }
        // An attribute named on…: preceded by whitespace, quote or slash, followed by `=`.
        let attrs = inner
            .get(name.len() + usize::from(inner.starts_with('/'))..)
            .unwrap_or("");
        let mut prev = ' ';
        for (i, c) in attrs.char_indices() {
            if (prev.is_whitespace() || prev == '"' || prev == '\'' || prev == '/')
                && attrs[i..].starts_with("on")
            {
                let word: String = attrs[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let after = attrs[i + 2 + word.len()..].trim_start();
                if !word.is_empty() && after.starts_with('=') {
                    return true;
                }
            }
            prev = c;
        }
        rest = &tag[end.min(tag.len())..];
    }
    false
}

/// Classes from `ads.css` that house HTML creatives may use.
const HOUSE_CLASSES: &[&str] = &[
    "ad-house",
    "ad-house-title",
    "ad-house-text",
    "ad-house-cta",
    "ad-house-ink",
    "ad-house-sea",
    "ad-house-sand",
];

/// A language tag such as `en`, `tr` or `pt-BR`: letters, digits and hyphens, short.
fn is_language_tag(value: &str) -> bool {
    let ok = |part: &str| {
        (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    value.len() <= 35 && value.split('-').all(ok)
}

/// Cleans an HTML creative with a tight allow-list: text formatting, images over https
/// and a few theme classes; no links (the whole creative links through the click
/// endpoint), no styles, no script.
pub fn sanitize_html(html: &str) -> String {
    let tags = [
        "div", "p", "span", "strong", "em", "b", "i", "br", "small", "h2", "h3", "h4", "ul", "li",
        "img",
    ];
    let classes: std::collections::HashSet<&str> = HOUSE_CLASSES.iter().copied().collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .add_tags(tags)
        .add_tag_attributes("img", ["src", "alt", "width", "height"])
        // The creative's own language, so the page's upper-casing follows its rules
        // (an English creative on the Turkish site keeps its dotted capital I out).
        .add_generic_attributes(["lang"])
        .attribute_filter(|_, attribute, value| match attribute {
            "lang" if !is_language_tag(value) => None,
            _ => Some(value.into()),
        })
        .allowed_classes(tags.iter().map(|t| (*t, classes.clone())).collect())
        .url_schemes(["https"].into_iter().collect())
        .link_rel(None);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_are_click_targets() {
        assert!(is_http_url("https://example.org/offer?a=1"));
        assert!(is_http_url("http://shop.example:8080"));
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "ftp://x.example",
            "https://",
            "https://a b.example",
            "https://user@evil.example",
            "https://x.example/\"><script>",
            "data:text/html,hi",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
        assert!(is_https_origin("https://ads.example.net"));
        assert!(!is_https_origin("https://ads.example.net/path"));
        assert!(!is_https_origin("http://ads.example.net"));
        assert!(!is_https_origin("https://*.example.net"));
        assert!(!is_https_origin("'unsafe-eval'"));
    }

    #[test]
    fn script_in_html_is_detected() {
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<div ONCLICK = 'x()'>hi</div>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=https://x.example></iframe>",
            "<svg><g/onload=alert(1)></svg>",
            "<p/onmouseover=\"x\">",
        ] {
            assert!(carries_script(bad), "{bad}");
        }
        for ok in [
            "<div class=\"ad-house\"><strong>Crossword</strong> every Saturday</div>",
            "<p>Money online: a new section</p>",
            "<img src=\"https://cdn.example/a.png\" alt=\"one\">",
        ] {
            assert!(!carries_script(ok), "{ok}");
        }
    }

    #[test]
    fn a_creative_may_name_its_language() {
        let kept = sanitize_html(r#"<div class="ad-house" lang="en"><p lang="pt-BR">x</p></div>"#);
        assert!(
            kept.contains(r#"lang="en""#) && kept.contains(r#"lang="pt-BR""#),
            "{kept}"
        );
        for junk in [
            r#"<p lang="en onload">x</p>"#,
            r#"<p lang="">x</p>"#,
            r#"<p lang="a_b">x</p>"#,
        ] {
            assert!(!sanitize_html(junk).contains("lang"), "{junk}");
        }
    }

    #[test]
    fn sanitizing_keeps_formatting_and_drops_the_rest() {
        let out = sanitize_html(
            "<div class=\"ad-house\" style=\"color:red\"><a href=\"https://x\">Go</a><b>B</b><img src=\"http://x/a.png\"></div>",
        );
        assert_eq!(out, "<div class=\"ad-house\">Go<b>B</b><img></div>");
    }

    #[test]
    fn images_must_really_be_images() {
        assert_eq!(check_image(b"GIF89a not really"), None);
        assert_eq!(
            check_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            None
        );
        assert_eq!(check_image(b"\x89PNG\r\n\x1a\n truncated"), None);
        let png = crate::ads::demo::banner_png(40, 20, [10, 60, 90]);
        assert_eq!(
            check_image(&png),
            Some(CheckedImage {
                content_type: "image/png",
                width: 40,
                height: 20
            })
        );
    }
}
