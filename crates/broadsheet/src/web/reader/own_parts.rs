//! The reader's own parts of an article page (the staff bar and the account links),
//! held per node by everything they are rendered from: the reader's account as read for
//! this request, their language, their form token and the article (decision 0049).

use super::Ctx;
use crate::cache::fragments::{OwnParts, OwnPartsCache};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::render_part;
use minijinja::Value;
use std::sync::Arc;

/// This request's reader's parts on article `id`: held, else rendered and kept.
pub(super) fn for_request(state: &AppState, ctx: &Ctx, id: i64) -> Result<Arc<OwnParts>, AppError> {
    let held = &state.fragments.own_parts;
    let key = inputs(ctx, id);
    if let Some(parts) = key.as_ref().and_then(|k| held.get(&state.page_cache, k)) {
        return Ok(parts);
    }
    let generation = OwnPartsCache::generation(&state.page_cache);
    // Anonymous pages are shared through the page cache: they carry nobody's form token.
    let reader = match &ctx.user {
        None => (None, ""),
        Some(user) => (Some(user), ctx.csrf.as_str()),
    };
    let article = minijinja::context! { article => minijinja::context! { id } };
    let staff_bar = "accounts/_staff_bar.html";
    let staff_bar = render_part(state, &ctx.locale, reader, staff_bar, article)?;
    let nav = "accounts/_nav.html";
    let account_nav = render_part(state, &ctx.locale, reader, nav, Value::UNDEFINED)?;
    let parts = Arc::new(OwnParts {
        staff_bar,
        account_nav,
    });
    if let Some(key) = key {
        held.put(generation, key, parts.clone());
    }
    Ok(parts)
}

/// Everything the parts are rendered from, as one string: the whole account as this
/// request read it (so a new name or role is a new key on every node at once), the
/// language, the form token and the article. `None` (nothing held) should it not write.
fn inputs(ctx: &Ctx, id: i64) -> Option<String> {
    let reader = (ctx.user.is_some()).then_some(ctx.csrf.as_str());
    serde_json::to_string(&(&ctx.user, &ctx.locale, reader, id)).ok()
}
