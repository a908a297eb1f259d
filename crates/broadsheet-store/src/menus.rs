//! The header and footer menus: ordered items pointing at a section, a page or a link,
//! replaced whole on every change (with an audit row) so an order never half-lands.

use crate::db::{in_write_tx, with_pool};
use crate::in_tx::audit;
use crate::{Store, StoreError};
use serde::Serialize;

/// A menu item as stored, with what it points at resolved: the section's slug and names,
/// or the page's slug, title and whether it is published.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct MenuItem {
    pub menu: String,
    pub kind: String,
    pub section_id: Option<i64>,
    pub page_id: Option<i64>,
    pub url: String,
    pub label_en: String,
    pub label_tr: String,
    pub section_slug: Option<String>,
    pub section_name: Option<String>,
    pub section_name_tr: Option<String>,
    pub page_slug: Option<String>,
    pub page_title: Option<String>,
    pub page_published: Option<bool>,
}

/// One item of a menu being saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewMenuItem {
    /// `section`, `page` or `link`.
    pub kind: String,
    pub section_id: Option<i64>,
    pub page_id: Option<i64>,
    pub url: String,
    pub label_en: String,
    pub label_tr: String,
}

impl Store {
    /// Every menu item of every menu, in menu order.
    pub async fn menu_items(&self) -> Result<Vec<MenuItem>, StoreError> {
        let sql = "SELECT m.menu, m.kind, m.section_id, m.page_id, m.url, m.label_en, m.label_tr, \
                   s.slug AS section_slug, s.name AS section_name, s.name_tr AS section_name_tr, \
                   p.slug AS page_slug, p.title AS page_title, p.published AS page_published \
                   FROM menu_items m LEFT JOIN sections s ON s.id = m.section_id \
                   LEFT JOIN pages p ON p.id = m.page_id ORDER BY m.menu, m.ordinal, m.id";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, MenuItem>(sql).fetch_all(pool).await)?)
    }

    /// Makes `items` the whole of `menu`, in this order, with an audit row naming who
    /// (`None`: the site itself, e.g. the demo content).
    pub async fn replace_menu(
        &self,
        menu: &str,
        items: &[NewMenuItem],
        actor_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = crate::now();
        let insert = "INSERT INTO menu_items (menu, ordinal, kind, section_id, page_id, url, \
                      label_en, label_tr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM menu_items WHERE menu = $1")
                .bind(menu).execute(&mut *tx).await?;
            for (ordinal, i) in items.iter().enumerate() {
                sqlx::query(insert)
                    .bind(menu).bind(ordinal as i64).bind(&i.kind).bind(i.section_id)
                    .bind(i.page_id).bind(&i.url).bind(&i.label_en).bind(&i.label_tr)
                    .execute(&mut *tx).await?;
            }
            audit!(tx, actor_id, "menu-saved", format!("{menu} ({} items)", items.len()), now);
        });
        Ok(())
    }
}
