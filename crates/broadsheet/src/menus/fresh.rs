//! Keeping this node's menus current: loaded again when everything changed (here or on
//! another node), checked before each request.

use super::NEVER;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::Ordering;

/// Loads the menus again from the database, dropping cached pages on this node when
/// they changed (the pages show the menus).
pub async fn reload(state: &AppState) -> Result<(), broadsheet_store::StoreError> {
    let generation = state.page_cache.everything_changed_at();
    let items = state.store.menu_items().await?;
    let first = state.menus.loaded_at.load(Ordering::SeqCst) == NEVER;
    if state.menus.replace(items, generation) && !first {
        state.page_cache.invalidate_here();
    }
    Ok(())
}

/// Middleware: before a request, load the menus if everything changed since they were
/// loaded (an atomic comparison on the common path).
pub async fn keep_fresh(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let current = state.page_cache.everything_changed_at();
    if state.menus.loaded_at.load(Ordering::SeqCst) != current
        && let Err(e) = reload(&state).await
    {
        tracing::warn!(error = %e, "could not load the menus");
    }
    next.run(req).await
}
