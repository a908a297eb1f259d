//! Shared checks for the fuzz targets: what a browser would build from sanitized HTML.
//!
//! The output of a sanitizer is re-parsed with html5ever (through `scraper`, a different
//! html5ever version from the one ammonia uses) as a `<body>` fragment, the way a browser
//! parses it inside a page, and every element and attribute is checked against a policy.

use scraper::{Html, Node};

/// What a piece of sanitized HTML may contain once a browser has parsed it.
pub struct Policy {
    /// Element names allowed (lowercase, HTML namespace).
    pub tags: &'static [&'static str],
    /// Whether `attr` may appear on `tag`.
    pub attr_ok: fn(tag: &str, attr: &str) -> bool,
    /// URL schemes allowed in `href` / `src` (lowercase, no colon).
    pub schemes: &'static [&'static str],
    /// Whether relative URLs (no scheme) are allowed.
    pub relative_ok: bool,
}

/// Attributes that hold a URL a browser may load or navigate to.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "ping",
    "poster",
    "background",
    "srcset",
    "cite",
];

/// The scheme of a URL as a browser sees it (tabs and newlines removed, leading and
/// trailing C0 controls and spaces trimmed), lowercased; `None` for a relative URL.
pub fn url_scheme(value: &str) -> Option<String> {
    let cleaned: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Without a valid scheme before the first `/ ? #` the URL is relative.
    if !valid {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// Checks `html` against `policy`; the error names the first violation.
pub fn check_html(html: &str, policy: &Policy) -> Result<(), String> {
    let lower = html.to_ascii_lowercase();
    for needle in [
        "<script", "<iframe", "<svg", "<math", "<style", "<object", "<embed",
    ] {
        // A raw `<` only survives serialization as markup (text is escaped to `&lt;`), or
        // inside a quoted attribute value, which the DOM check below covers.
        if lower.contains(needle) && !in_attribute_only(html, needle) {
            return Err(format!("raw {needle:?} in output"));
        }
    }
    let doc = Html::parse_fragment(html);
    let root = doc.root_element();
    for node in root.descendants().skip(1) {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let tag = el.name();
        if &*el.name.ns != "http://www.w3.org/1999/xhtml" {
            return Err(format!(
                "foreign element <{tag}> (namespace {})",
                el.name.ns
            ));
        }
        if !policy.tags.contains(&tag) {
            return Err(format!("element <{tag}> is not allowed"));
        }
        for (attr, value) in el.attrs() {
            let name = attr.to_ascii_lowercase();
            if name.starts_with("on") {
                return Err(format!("event handler {name}= on <{tag}>"));
            }
            if matches!(name.as_str(), "style" | "srcdoc" | "formaction" | "is") {
                return Err(format!("attribute {name}= on <{tag}>"));
            }
            if !(policy.attr_ok)(tag, &name) {
                return Err(format!("attribute {name}= is not allowed on <{tag}>"));
            }
            if URL_ATTRS.contains(&name.as_str()) {
                match url_scheme(value) {
                    Some(s) if !policy.schemes.contains(&s.as_str()) => {
                        return Err(format!("{name}={value:?} on <{tag}>: scheme {s:?}"));
                    }
                    None if !policy.relative_ok => {
                        return Err(format!("{name}={value:?} on <{tag}>: relative URL"));
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

/// True when every occurrence of `needle` (lowercase) in `html` sits inside a quoted
/// attribute value of a tag, where it is text, not markup.
fn in_attribute_only(html: &str, needle: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (in_tag, quote, b) {
            (true, Some(q), _) if b == q => quote = None,
            (true, Some(_), _) => {}
            (true, None, b'"' | b'\'') => quote = Some(b),
            (true, None, b'>') => in_tag = false,
            (false, _, b'<') => {
                if lower[i..].starts_with(needle) {
                    return false;
                }
                in_tag = true;
            }
            _ => {}
        }
    }
    true
}

/// Panics with the input and output when `check` fails.
pub fn assert_safe(input: &str, html: &str, policy: &Policy) {
    if let Err(e) = check_html(html, policy) {
        panic!("unsafe output: {e}\ninput:  {input:?}\noutput: {html:?}");
    }
}

/// Article HTML (`content::markdown`): ammonia's default tag attributes for the allowed
/// tags, the ones the article cleaner adds, and `rel` from `link_rel`.
pub const ARTICLE: Policy = Policy {
    tags: &[
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
    ],
    attr_ok: article_attr,
    schemes: &["http", "https", "mailto"],
    relative_ok: true,
};

fn article_attr(tag: &str, attr: &str) -> bool {
    const ALIGN: &[&str] = &["align", "char", "charoff"];
    matches!(attr, "lang" | "title")
        || match tag {
            "a" => matches!(attr, "href" | "hreflang" | "rel"),
            "blockquote" => attr == "cite",
            "del" => matches!(attr, "cite" | "datetime"),
            "hr" => matches!(attr, "align" | "size" | "width"),
            "img" => matches!(
                attr,
                "align" | "alt" | "height" | "src" | "width" | "loading"
            ),
            "ol" => attr == "start",
            "table" => ALIGN.contains(&attr) || attr == "summary",
            "thead" | "tbody" | "tr" => ALIGN.contains(&attr),
            "td" => ALIGN.contains(&attr) || matches!(attr, "colspan" | "headers" | "rowspan"),
            "th" => {
                ALIGN.contains(&attr) || matches!(attr, "colspan" | "headers" | "rowspan" | "scope")
            }
            _ => false,
        }
}

/// Comment HTML (`comments::format`): five formatting tags and absolute http(s) links.
pub const COMMENT: Policy = Policy {
    tags: &["p", "br", "strong", "em", "a", "blockquote"],
    // `Builder::empty()` empties only the tags: ammonia's default `lang`/`title` and
    // `hreflang` on links stay, and are harmless.
    attr_ok: |tag, attr| {
        matches!(attr, "lang" | "title")
            || (tag == "a" && matches!(attr, "href" | "hreflang" | "rel"))
    },
    schemes: &["http", "https"],
    relative_ok: false,
};

/// HTML ad creatives (`ads::creative::sanitize_html`): text formatting, https images and
/// the house classes.
pub const AD_CREATIVE: Policy = Policy {
    tags: &[
        "div", "p", "span", "strong", "em", "b", "i", "br", "small", "h2", "h3", "h4", "ul", "li",
        "img",
    ],
    attr_ok: |tag, attr| {
        matches!(attr, "class" | "lang" | "title")
            || (tag == "img" && matches!(attr, "src" | "alt" | "width" | "height" | "align"))
    },
    schemes: &["https"],
    relative_ok: true,
};

/// The DOM a browser builds from `html` as a `<body>` fragment, serialized again.
pub fn browser_dom(html: &str) -> String {
    Html::parse_fragment(html).root_element().inner_html()
}

/// Cleaning the sanitizer's output again (`twice`) must not change what a browser builds
/// from it: otherwise the browser would see something the sanitizer removes. The text
/// itself may differ: ammonia serializes its own tree, and markup it un-nests (say `<p>`
/// inside `<p>` once an `<object>` between them is dropped) is re-nested by a parser.
pub fn assert_clean_again(input: &str, once: &str, twice: &str) {
    if once != twice {
        let (a, b) = (browser_dom(once), browser_dom(twice));
        assert!(
            a == b,
            "cleaning again changes the DOM\ninput:  {input:?}\nonce:   {once:?}\ntwice:  {twice:?}\nDOM once:  {a:?}\nDOM twice: {b:?}"
        );
    }
}
