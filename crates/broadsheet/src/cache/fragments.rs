//! The anonymous article page in two parts (decision 0038): the shell (the whole page
//! with a marker where the comment section goes) per address and language, and the
//! comment section per article, language and sort. A new comment renders only the
//! section again; the page is the shell with the section spliced in.

use super::PageCache;
use super::held::HeldMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What the article template is given in place of the comment section, to cut at.
pub const MARKER: &str = "<!--broadsheet:comment-section-->";
/// Shells held at most (one per busy article and language).
const MAX_SHELLS: usize = 2048;
/// Comment sections held at most.
const MAX_SECTIONS: usize = 4096;

/// An article page cut where its comment section goes.
pub struct Shell {
    before: String,
    after: String,
}

impl Shell {
    /// Cuts a page rendered with [`MARKER`] as its comment section; `None` when the
    /// theme puts the marker anywhere but exactly once (that page is rendered whole).
    pub fn cut(page: &str) -> Option<Shell> {
        let (before, after) = page.split_once(MARKER)?;
        (!after.contains(MARKER)).then(|| Shell {
            before: before.to_string(),
            after: after.to_string(),
        })
    }

    /// The page with `section` in its place.
    pub fn compose(&self, section: &str) -> String {
        let mut page = String::with_capacity(self.before.len() + section.len() + self.after.len());
        page.push_str(&self.before);
        page.push_str(section);
        page.push_str(&self.after);
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
    fn a_shell_is_cut_at_its_one_marker() {
        let shell = Shell::cut(&format!("<main>{MARKER}</main>")).unwrap();
        assert_eq!(shell.compose("<p>hi</p>"), "<main><p>hi</p></main>");
        assert!(Shell::cut("<main></main>").is_none());
        assert!(Shell::cut(&format!("{MARKER}{MARKER}")).is_none());
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
