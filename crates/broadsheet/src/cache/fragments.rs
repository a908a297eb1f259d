//! The article page in parts (decisions 0038 and 0043): the shell (the whole page with
//! markers where the reader's own parts and the comment section go) per address and
//! language, and the anonymous comment section per article, language and sort. A new
//! comment renders only the section again; a signed-in reader's page renders only the
//! reader's parts; the page is the shell with the parts spliced in.

use super::PageCache;
use super::held::HeldMap;
use super::per_article::PerArticle;
use std::sync::atomic::{AtomicBool, Ordering};

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
/// Readers' own parts held at most (one per reader, language, form token and article).
const MAX_OWN_PARTS: usize = 4096;
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

/// A reader's own parts of an article page, rendered.
pub struct OwnParts {
    pub staff_bar: String,
    pub account_nav: String,
}

/// Readers' own parts by everything they are rendered from, written out as one string
/// (decision 0049): newsroom-made templates and settings, so dropped by every change to
/// everything, like the shells.
pub type OwnPartsCache = HeldMap<String, OwnParts>;

/// The parts, held per node.
pub struct ArticleFragments {
    pub shells: ShellCache,
    pub sections: SectionCache,
    /// Each reader's staff bar and account links (decision 0049).
    pub own_parts: OwnPartsCache,
    /// The comment section as every plain signed-in reader sees it (decision 0048).
    pub signed_in: super::stencil::StencilCache,
    /// Set once a signed-in section showed the reader's own data: the theme makes it
    /// personal, so each reader's is rendered for them.
    personal_sections: AtomicBool,
    /// Set once a rendered page could not be cut: the theme (loaded once per process)
    /// does not print the markers, so its pages are rendered whole without trying again.
    unmarked_theme: AtomicBool,
}

impl Default for ArticleFragments {
    fn default() -> Self {
        ArticleFragments {
            shells: HeldMap::new(MAX_SHELLS, super::TTL),
            sections: PerArticle::new(MAX_SECTIONS, PageCache::comments_changed_at),
            own_parts: HeldMap::new(MAX_OWN_PARTS, super::TTL),
            signed_in: super::stencil::stencil_cache(),
            personal_sections: AtomicBool::new(false),
            unmarked_theme: AtomicBool::new(false),
        }
    }
}

impl ArticleFragments {
    /// Whether a page of this theme has failed to cut before.
    pub fn theme_is_unmarked(&self) -> bool {
        self.unmarked_theme.load(Ordering::Relaxed)
    }

    /// Remembers that the theme does not print the markers.
    pub fn mark_theme_unmarked(&self) {
        self.unmarked_theme.store(true, Ordering::Relaxed);
    }

    /// Whether the theme's comment section has shown a signed-in reader's own data.
    pub fn sections_are_personal(&self) -> bool {
        self.personal_sections.load(Ordering::Relaxed)
    }

    /// Remembers that the theme's comment section shows the reader's own data.
    pub fn mark_sections_personal(&self) {
        self.personal_sections.store(true, Ordering::Relaxed);
    }
}

/// Anonymous comment sections by (article id, (language, sort)).
pub type SectionCache = PerArticle<(String, &'static str), str>;

#[cfg(test)]
mod tests {
    use super::*;

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
}
