//! The rules of the site's menus: which menus exist and which link targets a menu may
//! hold (an https address or a path on this site, nothing a browser would run).

use std::fmt;

/// The menus a theme shows.
pub const MENUS: [&str; 2] = ["header", "footer"];

/// Most items one menu may hold: a menu is a short list, not a site map.
pub const MAX_ITEMS: usize = 30;

/// A link a menu item may point at, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuLink(String);

#[derive(Debug, PartialEq, Eq)]
pub struct BadLink;

impl fmt::Display for BadLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a menu link must be an https:// address or a path on this site starting with /",
        )
    }
}

impl std::error::Error for BadLink {}

impl MenuLink {
    /// Accepts `https://host/…` or a local path `/…` (not `//host`, which leaves the
    /// site), without spaces, quotes, angle brackets or control characters.
    pub fn parse(raw: &str) -> Result<MenuLink, BadLink> {
        let s = raw.trim();
        let https = s.strip_prefix("https://").is_some_and(|rest| {
            rest.split(['/', '?', '#'])
                .next()
                .is_some_and(|h| !h.is_empty())
        });
        let local = s.starts_with('/') && !s.starts_with("//") && !s.starts_with("/\\");
        let clean = !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
        });
        if (https || local) && clean && s.len() <= 2000 {
            Ok(MenuLink(s.to_string()))
        } else {
            Err(BadLink)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_local_paths_pass_everything_else_is_refused() {
        for ok in [
            "https://example.org",
            "https://example.org/a?b=c#d",
            "/guidelines",
            "/",
        ] {
            assert_eq!(MenuLink::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "http://example.org",
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil.example",
            "https://",
            "https:///path",
            "ftp://example.org",
            "example.org",
            "/a b",
            "/\"onmouseover",
            "",
            "data:text/html,x",
        ] {
            assert_eq!(MenuLink::parse(bad), Err(BadLink), "{bad}");
        }
    }
}
