//! The navigation admin at `/newsroom/navigation`: the header and footer menus with
//! add, remove and up/down buttons that are plain forms (no script needed).

use super::see_other;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::error::AppError;
use crate::menus::edit::{self, MenuChange};
use crate::state::AppState;
use crate::web::Ctx;
use axum::extract::State;
use axum::response::Response;
use broadsheet_domain::menu::MENUS;
use broadsheet_store::NewMenuItem;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct MenuBlock {
    name: &'static str,
    items: Vec<broadsheet_store::MenuItem>,
}

#[derive(Serialize)]
struct NavigationPage {
    menus: Vec<MenuBlock>,
    sections: Vec<broadsheet_store::Section>,
    pages: Vec<broadsheet_store::SitePage>,
    error: Option<String>,
}

async fn page(state: &AppState, error: Option<String>) -> Result<NavigationPage, AppError> {
    let items = state.store.menu_items().await?;
    Ok(NavigationPage {
        menus: MENUS
            .iter()
            .map(|name| MenuBlock {
                name,
                items: items.iter().filter(|i| i.menu == *name).cloned().collect(),
            })
            .collect(),
        sections: state.store.list_sections().await?,
        pages: state.store.list_pages(false).await?,
        error,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
) -> Result<Response, AppError> {
    edit::require(&user)?;
    let p = page(&state, None).await?;
    super::show(&state, &ctx, "navigation", p)
}

#[derive(Deserialize)]
pub struct AddForm {
    menu: String,
    kind: String,
    #[serde(default)]
    section_id: String,
    #[serde(default)]
    page_id: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    label_en: String,
    #[serde(default)]
    label_tr: String,
}

#[derive(Deserialize)]
pub struct ItemForm {
    menu: String,
    index: usize,
    /// For moves: `up` or `down`.
    #[serde(default)]
    direction: String,
}

/// Applies a change, or shows the page again with what was wrong (nothing changed).
async fn finish(
    state: &AppState,
    ctx: &Ctx,
    user: &broadsheet_store::User,
    menu: &str,
    change: MenuChange,
) -> Result<Response, AppError> {
    match edit::apply(state, user, menu, change).await {
        Ok(()) => Ok(see_other("/newsroom/navigation")),
        Err(e @ AppError::BadRequest { .. }) => {
            let (status, _) = e.status_and_code();
            let p = page(state, Some(e.to_string())).await?;
            let mut response = super::show(state, ctx, "navigation", p)?;
            *response.status_mut() = status;
            Ok(response)
        }
        Err(e) => Err(e),
    }
}

pub async fn add(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<AddForm>,
) -> Result<Response, AppError> {
    let item = NewMenuItem {
        kind: f.kind,
        section_id: f.section_id.trim().parse().ok(),
        page_id: f.page_id.trim().parse().ok(),
        url: f.url,
        label_en: f.label_en,
        label_tr: f.label_tr,
    };
    finish(&state, &ctx, &user, &f.menu, MenuChange::Add(item)).await
}

pub async fn move_item(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let change = match f.direction.as_str() {
        "up" => MenuChange::Up(f.index),
        "down" => MenuChange::Down(f.index),
        _ => return Err(AppError::field("direction", "move up or down")),
    };
    finish(&state, &ctx, &user, &f.menu, change).await
}

pub async fn remove(
    State(state): State<AppState>,
    Staff(user): Staff,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    finish(&state, &ctx, &user, &f.menu, MenuChange::Remove(f.index)).await
}
