//! Spam signals: links over the limit and promotional phrases.

use super::{Ctx, Finding, Severity};
use crate::lexicon::Kind;
use crate::types::Category;

/// Top-level domains that make a bare `word.tld` count as a link.
const TLDS: &[&str] = &[
    "com", "net", "org", "io", "co", "ru", "tr", "info", "biz", "xyz", "top", "shop", "site",
    "online", "club", "app", "me", "ly", "gl", "uk", "de",
];

/// Byte spans of the links in `text` (URLs with a scheme, `www.` hosts and bare domains).
pub fn links(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| i + p);
        let word = &text[i..end];
        if is_link(word) {
            out.push((i, end));
        }
        i = end;
    }
    out
}

fn is_link(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/');
    let lower = w.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    let host = lower.split('/').next().unwrap_or("");
    let mut parts = host.rsplit('.');
    let tld = parts.next().unwrap_or("");
    let name = parts.next().unwrap_or("");
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.chars().any(|c| c.is_ascii_alphabetic())
        && TLDS.contains(&tld)
}

/// Promotional phrases: two distinct ones, or one with a link, make a comment look like spam.
pub fn promo(ctx: &Ctx, link_count: usize) -> Option<Finding> {
    let mut hits = ctx.hits.iter().filter(|h| h.kind == Kind::Spam);
    let first = hits.next()?;
    let others = hits.filter(|h| h.first > first.last).count();
    if others == 0 && link_count == 0 {
        return None;
    }
    let score = if others + link_count >= 2 { 0.9 } else { 0.7 };
    Some(Finding {
        category: Category::Spam,
        rule: "spam:promotion",
        severity: Severity::Hold,
        score,
        first: first.first,
        last: first.last,
    })
}

#[cfg(test)]
mod tests {
    use super::links;

    #[test]
    fn counts_urls_and_bare_domains() {
        let t = "see https://a.example/x and www.b.org, also cheap-pills.xyz! but not e.g. or 3.5";
        assert_eq!(links(t).len(), 3);
        assert!(links("The U.S. economy grew 2.5 percent.").is_empty());
    }
}
