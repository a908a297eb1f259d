//! Changing a menu: add an item, move one up or down, remove one. Only administrators
//! may (the domain's `manages_menus`); every change is checked, saved whole with an
//! audit row, and drops every cached page, since every page shows the menus.

use crate::cache::Change;
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_domain::menu::{MAX_ITEMS, MENUS, MenuLink};
use broadsheet_store::{MenuItem, NewMenuItem, User};

/// One change to one menu.
#[derive(Clone, Debug)]
pub enum MenuChange {
    Add(NewMenuItem),
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// Refuses anyone but an administrator.
pub fn require(user: &User) -> Result<(), AppError> {
    if user.role().manages_menus() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn as_new(i: &MenuItem) -> NewMenuItem {
    NewMenuItem {
        kind: i.kind.clone(),
        section_id: i.section_id,
        page_id: i.page_id,
        url: i.url.clone(),
        label_en: i.label_en.clone(),
        label_tr: i.label_tr.clone(),
    }
}

const LABEL_MAX: usize = 60;

/// Checks a new item: a known section or page, or a safe link with an English label.
async fn check_item(state: &AppState, mut item: NewMenuItem) -> Result<NewMenuItem, AppError> {
    item.label_en = item.label_en.trim().to_string();
    item.label_tr = item.label_tr.trim().to_string();
    for (field, label) in [("label_en", &item.label_en), ("label_tr", &item.label_tr)] {
        if label.chars().count() > LABEL_MAX || label.chars().any(char::is_control) {
            return Err(AppError::field(
                field,
                format!("a menu label must be at most {LABEL_MAX} characters on one line"),
            ));
        }
    }
    match item.kind.as_str() {
        "section" => {
            let known = state.store.list_sections().await?;
            if !known.iter().any(|s| Some(s.id) == item.section_id) {
                return Err(AppError::field("section_id", "choose one of the sections"));
            }
            (item.page_id, item.url) = (None, String::new());
        }
        "page" => {
            let known = match item.page_id {
                Some(id) => state.store.page_by_id(id).await?,
                None => None,
            };
            if known.is_none() {
                return Err(AppError::field("page_id", "choose one of the pages"));
            }
            (item.section_id, item.url) = (None, String::new());
        }
        "link" => {
            let link =
                MenuLink::parse(&item.url).map_err(|e| AppError::field("url", e.to_string()))?;
            if item.label_en.is_empty() {
                return Err(AppError::field("label_en", "a link needs an English label"));
            }
            item.url = link.as_str().to_string();
            (item.section_id, item.page_id) = (None, None);
        }
        _ => {
            return Err(AppError::field(
                "kind",
                "choose a section, a page or a link",
            ));
        }
    }
    Ok(item)
}

/// Applies `change` to `menu` for `user` and saves the menu.
pub async fn apply(
    state: &AppState,
    user: &User,
    menu: &str,
    change: MenuChange,
) -> Result<(), AppError> {
    require(user)?;
    if !MENUS.contains(&menu) {
        return Err(AppError::field("menu", "there is no such menu"));
    }
    let stored = state.store.menu_items().await?;
    let mut items: Vec<NewMenuItem> = stored
        .iter()
        .filter(|i| i.menu == menu)
        .map(as_new)
        .collect();
    let missing = || AppError::field("index", "that menu item is no longer there; reload");
    match change {
        MenuChange::Add(item) => {
            if items.len() >= MAX_ITEMS {
                return Err(AppError::field(
                    "kind",
                    format!("a menu holds at most {MAX_ITEMS} items"),
                ));
            }
            items.push(check_item(state, item).await?);
        }
        MenuChange::Up(i) => {
            if i == 0 || i >= items.len() {
                return Err(missing());
            }
            items.swap(i - 1, i);
        }
        MenuChange::Down(i) => {
            if i + 1 >= items.len() {
                return Err(missing());
            }
            items.swap(i, i + 1);
        }
        MenuChange::Remove(i) => {
            if i >= items.len() {
                return Err(missing());
            }
            items.remove(i);
        }
    }
    state
        .store
        .replace_menu(menu, &items, Some(user.id))
        .await?;
    super::fresh::reload(state).await?;
    state.after_write(Change::Everything);
    Ok(())
}
