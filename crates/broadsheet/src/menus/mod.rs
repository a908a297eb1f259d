//! The header and footer menus, held in memory because every page shows them: loaded
//! once, and loaded again after any change to everything (ours, or another node's over
//! the cluster relay), since a renamed section or a withdrawn page changes them too.

pub mod edit;
pub mod fresh;

use broadsheet_store::MenuItem;
use parking_lot::RwLock;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Not loaded yet: no page-cache generation has this value.
const NEVER: u64 = u64::MAX;

/// The menus as this node last loaded them.
pub struct Menus {
    items: RwLock<Arc<Vec<MenuItem>>>,
    /// The page cache's everything-generation the items were loaded at.
    loaded_at: AtomicU64,
}

impl Default for Menus {
    fn default() -> Self {
        Menus {
            items: RwLock::default(),
            loaded_at: AtomicU64::new(NEVER),
        }
    }
}

/// One link of a menu as a template shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MenuLink {
    pub href: String,
    pub label: String,
}

/// Both menus in one language; `None` for a menu never saved, so the theme keeps its
/// built-in header (the sections) and footer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MenuView {
    pub header: Option<Vec<MenuLink>>,
    pub footer: Option<Vec<MenuLink>>,
}

impl Menus {
    /// Every stored item (what the navigation admin edits).
    pub fn items(&self) -> Arc<Vec<MenuItem>> {
        self.items.read().clone()
    }

    /// Keeps `items`, loaded at `generation`; true when they differ from what was held.
    fn replace(&self, items: Vec<MenuItem>, generation: u64) -> bool {
        let mut held = self.items.write();
        let changed = **held != items;
        if changed {
            *held = Arc::new(items);
        }
        self.loaded_at.store(generation, Ordering::SeqCst);
        changed
    }

    /// True when a page with this id is linked from a menu.
    pub fn links_page(&self, page_id: i64) -> bool {
        self.items().iter().any(|i| i.page_id == Some(page_id))
    }

    /// Both menus for a reader of `locale`: unpublished pages are left out.
    pub fn view(&self, locale: &str) -> MenuView {
        let items = self.items();
        let menu = |name: &str| {
            let mut of_menu = items.iter().filter(|i| i.menu == name).peekable();
            of_menu.peek()?;
            Some(of_menu.filter_map(|i| link(i, locale)).collect())
        };
        MenuView {
            header: menu("header"),
            footer: menu("footer"),
        }
    }
}

/// Where an item leads and what it is called in `locale`; the Turkish label falls back
/// to the English one, and an empty label to the section's or the page's own name.
fn link(i: &MenuItem, locale: &str) -> Option<MenuLink> {
    let own = if locale == "tr" && !i.label_tr.is_empty() {
        &i.label_tr
    } else {
        &i.label_en
    };
    let (href, fallback) = match i.kind.as_str() {
        "section" => {
            let name = match (&i.section_name_tr, locale) {
                (Some(tr), "tr") if !tr.is_empty() => tr.clone(),
                _ => i.section_name.clone()?,
            };
            (format!("/{}", i.section_slug.as_ref()?), name)
        }
        "page" if i.page_published == Some(true) => (
            format!("/pages/{}", i.page_slug.as_ref()?),
            i.page_title.clone()?,
        ),
        "link" => (i.url.clone(), i.url.clone()),
        _ => return None,
    };
    let label = if own.is_empty() {
        fallback
    } else {
        own.clone()
    };
    Some(MenuLink { href, label })
}
