//! Addresses of the reader site's pages, built in one place for pages, feeds, sitemaps,
//! structured data and mail, so they cannot drift apart.

use crate::state::AppState;

/// Absolute URL of an article.
pub fn article_url(state: &AppState, section_slug: &str, slug: &str) -> String {
    format!("{}/{section_slug}/{slug}", state.options.base_url)
}

/// `url` as an absolute address: this site's paths get the base URL in front.
pub fn absolute(state: &AppState, url: &str) -> String {
    match url.starts_with('/') && !url.starts_with("//") {
        true => format!("{}{url}", state.options.base_url),
        false => url.to_string(),
    }
}

/// The path of an author's page: their id, then their name for people to read.
pub fn author_path(user_id: i64, display_name: &str) -> String {
    format!(
        "/author/{user_id}-{}",
        broadsheet_domain::Slug::from_title(display_name)
    )
}

/// The id at the front of `/author/{id}-{name}` (the name part is only for people).
pub fn author_id(key: &str) -> Option<i64> {
    key.split('-').next()?.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_addresses_read_back_their_id() {
        let path = author_path(42, "Ayşe Yılmaz");
        assert_eq!(path, "/author/42-ayse-yilmaz");
        assert_eq!(author_id(path.trim_start_matches("/author/")), Some(42));
        assert_eq!(author_id("12"), Some(12));
        for junk in ["", "nora", "-1", "0-x", "99999999999999999999"] {
            assert_eq!(author_id(junk), None, "{junk}");
        }
    }
}
