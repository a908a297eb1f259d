//! The article page in parts (decisions 0038 and 0043): the shell (the whole page with
//! markers where the reader's own parts and the comment section go) per address and
//! language, and the anonymous comment section per article, language and sort. A new
//! comment renders only the section again; a signed-in reader's page renders only the
//! reader's parts; the page is the shell with the parts spliced in.

use super::PageCache;
use super::held::HeldMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Where the staff bar goes (empty for readers who are not staff).
pub const STAFF_BAR: &str = "<!--broadsheet:staff-bar-->";
/// Where the account links go (sign in, or the reader's name and sign out).
pub const ACCOUNT_NAV: &str = "<!--broadsheet:account-nav-->";
/// Where the comment section goes.
pub const COMMENTS: &str = "<!--broadsheet:comment-section-->";
/// The markers in the order the page prints them; [`Shell::compose`] takes its parts in
/// this order.
pub const MARKERS: [&str; 3] = [STAFF_BAR, ACCOUNT_NAV, COMMENTS];
/// Shells held at most (one per busy article and language).
const MAX_SHELLS: usize = 2048;
/// Comment sections held at most.
const MAX_SECTIONS: usize = 4096;

/// An article page cut at its markers: one piece more than there are markers.
pub struct Shell {
    pieces: [String; MARKERS.len() + 1],
}

impl Shell {
    /// Cuts a page rendered with [`MARKERS`] in their places; `None` when the theme
    /// prints any of them other than exactly once, in order (that page is rendered whole).
    pub fn cut(page: &str) -> Option<Shell> {
        if MARKERS.iter().any(|m| page.matches(m).count() != 1) {
            return None;
        }
        let mut pieces: [String; MARKERS.len() + 1] = Default::default();
        let mut rest = page;
        for (piece, marker) in pieces.iter_mut().zip(MARKERS) {
            let (before, after) = rest.split_once(marker)?;
            *piece = before.to_string();
            rest = after;
        }
        pieces[MARKERS.len()] = rest.to_string();
        Some(Shell { pieces })
    }

    /// The page with `parts` (in [`MARKERS`] order) in their places.
    pub fn compose(&self, parts: [&str; MARKERS.len()]) -> String {
        let len = self.pieces.iter().map(String::len).sum::<usize>()
            + parts.iter().map(|p| p.len()).sum::<usize>();
        let mut page = String::with_capacity(len);
        for (piece, part) in self.pieces.iter().zip(parts) {
            page.push_str(piece);
            page.push_str(part);
        }
        page.push_str(&self.pieces[MARKERS.len()]);
        page
    }
}

/// Shells by (section slug, article slug, language): newsroom-made, so dropped by every
/// change to everything, like the article's parts they are rendered from.
pub type ShellCache = HeldMap<(String, String, String), Shell>;

/// Both parts, held per node.
pub struct ArticleFragments {
    pub shells: ShellCache,
    pub sections: SectionCache,
}

impl Default for ArticleFragments {
    fn default() -> Self {
        ArticleFragments {
            shells: HeldMap::new(MAX_SHELLS, super::TTL),
            sections: SectionCache::default(),
        }
    }
}

/// (article id, language, sort).
pub type SectionKey = (i64, String, &'static str);

/// A rendered section, the change count its render began at, and when it was kept.
type HeldSection = (Arc<str>, u64, Instant);

/// Rendered comment sections, each kept while its article's comments (and everything
/// else) are unchanged since its render began, and at most [`super::TTL`].
#[derive(Default)]
pub struct SectionCache {
    held: Mutex<HashMap<SectionKey, HeldSection>>,
}

impl SectionCache {
    /// The change count to render with: read it before loading, hand it to `put`.
    pub fn generation(pages: &PageCache) -> u64 {
        pages.generation()
    }

    /// The section held for `key`, if its article's comments have not changed since.
    pub fn get(&self, pages: &PageCache, key: &SectionKey) -> Option<Arc<str>> {
        let held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let (html, generation, at) = held.get(key)?;
        (*generation >= pages.comments_changed_at(key.0) && at.elapsed() < super::TTL)
            .then(|| html.clone())
    }

    /// Keeps a section whose render began at `generation`, unless its article's
    /// comments changed since (then the next reader renders it again).
    pub fn put(&self, pages: &PageCache, generation: u64, key: SectionKey, html: Arc<str>) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if generation < pages.comments_changed_at(key.0) {
            return;
        }
        if held.len() >= MAX_SECTIONS {
            held.clear();
        }
        held.insert(key, (html, generation, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Change;

    #[test]
    fn a_shell_is_cut_at_each_marker_once_in_order() {
        let page = format!("<body>{STAFF_BAR}<nav>{ACCOUNT_NAV}</nav><main>{COMMENTS}</main>");
        let shell = Shell::cut(&page).unwrap();
        assert_eq!(
            shell.compose(["<b>staff</b>", "me", "<p>hi</p>"]),
            "<body><b>staff</b><nav>me</nav><main><p>hi</p></main>"
        );
        assert!(Shell::cut("<main></main>").is_none());
        let twice = format!("{STAFF_BAR}{ACCOUNT_NAV}{COMMENTS}{COMMENTS}");
        assert!(Shell::cut(&twice).is_none());
        let out_of_order = format!("{ACCOUNT_NAV}{STAFF_BAR}{COMMENTS}");
        assert!(Shell::cut(&out_of_order).is_none());
    }

    #[test]
    fn a_section_is_outdated_by_its_own_articles_comments_only() {
        let pages = PageCache::default();
        let sections = SectionCache::default();
        let key = |a: i64| (a, "en".to_string(), "newest");
        let at = SectionCache::generation(&pages);
        sections.put(&pages, at, key(1), "one".into());
        sections.put(&pages, at, key(2), "two".into());
        pages.changed(Change::Comments { article_id: 1 });
        assert!(sections.get(&pages, &key(1)).is_none());
        assert_eq!(sections.get(&pages, &key(2)).as_deref(), Some("two"));
        // A render that began before the comment is not kept.
        sections.put(&pages, at, key(1), "stale".into());
        assert!(sections.get(&pages, &key(1)).is_none());
        let now = SectionCache::generation(&pages);
        sections.put(&pages, now, key(1), "new".into());
        assert_eq!(sections.get(&pages, &key(1)).as_deref(), Some("new"));
        pages.changed(Change::Everything);
        assert!(sections.get(&pages, &key(2)).is_none());
    }
}
