//! What a write changed, as far as cached pages are concerned (decision 0020): services
//! name it once after the write, and the page cache and the node relay act on it.

/// What a write changed on the public site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Articles, sections, people, settings or ads: any page may show it.
    Everything,
    /// One article's comment section (and its comment count) changed. Its own pages are
    /// dropped at once; listing cards that show the count follow within
    /// [`super::LISTING_LAG`].
    Comments { article_id: i64 },
    /// Likes on one article's comments changed: no page is dropped (like counts on pages
    /// catch up with the next comment or within [`super::TTL`]), only the comment rows
    /// signed-in readers' sections are built from, so a reader sees their own like.
    Likes { article_id: i64 },
}

impl Change {
    /// The words sent to other nodes (see `cluster`).
    pub fn encode(&self) -> String {
        match self {
            Change::Everything => "changed".into(),
            Change::Comments { article_id } => format!("comments {article_id}"),
            Change::Likes { article_id } => format!("likes {article_id}"),
        }
    }

    /// Reads [`Change::encode`]'s words back.
    pub fn decode(words: &[&str]) -> Option<Change> {
        match words {
            ["changed"] => Some(Change::Everything),
            ["comments", id] => id
                .parse()
                .ok()
                .map(|article_id| Change::Comments { article_id }),
            ["likes", id] => id
                .parse()
                .ok()
                .map(|article_id| Change::Likes { article_id }),
            _ => None,
        }
    }
}

/// What a cached page shows, so a [`Change`] finds the pages it affects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shows {
    /// The article (and its comments) the page is about.
    pub article: Option<i64>,
    /// A list of articles with their comment counts (home, section, tag, author).
    pub listing: bool,
    /// Search results: kept only [`super::SEARCH_TTL`], and only for a query asked for
    /// more than once (see [`super::PageCache::asked_before`]).
    pub search: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_trip_and_junk_is_refused() {
        for c in [
            Change::Everything,
            Change::Comments { article_id: 42 },
            Change::Likes { article_id: 42 },
        ] {
            let words = c.encode();
            let words: Vec<&str> = words.split(' ').collect();
            assert_eq!(Change::decode(&words), Some(c));
        }
        for junk in [
            &[][..],
            &["comments"],
            &["comments", "x"],
            &["likes"],
            &["other"],
        ] {
            assert_eq!(Change::decode(junk), None, "{junk:?}");
        }
    }
}
