//! Ads on the web: the public endpoints browsers call (creative, view beacon, click
//! redirect, images, network-tag frames, the slot stylesheet) and the admin-only
//! newsroom pages under `/newsroom/ads`.

mod admin;
mod campaigns;
mod extract;
mod public;

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ads/slots.css", get(public::stylesheet))
        .route("/ads/slot/{id}/creative", get(public::creative))
        .route("/ads/view", post(public::view))
        .route("/ads/click/{id}", get(public::click))
        .route("/ads/image/{id}", get(public::image))
        .route("/ads/frame/{id}", get(public::frame))
        .route("/newsroom/ads", get(admin::overview))
        .route("/newsroom/ads/settings", post(admin::save_settings))
        .route("/newsroom/ads/suppressed", post(admin::suppress))
        .route("/newsroom/ads/slots", post(admin::create_slot))
        .route("/newsroom/ads/slots/new", get(admin::new_slot))
        .route(
            "/newsroom/ads/slots/{id}",
            get(admin::edit_slot).post(admin::update_slot),
        )
        .route(
            "/newsroom/ads/slots/{id}/report.csv",
            get(campaigns::slot_csv),
        )
        .route("/newsroom/ads/campaigns", post(campaigns::create))
        .route("/newsroom/ads/campaigns/new", get(campaigns::new))
        .route("/newsroom/ads/campaigns/{id}", get(campaigns::show))
        .route(
            "/newsroom/ads/campaigns/{id}/enabled",
            post(campaigns::set_enabled),
        )
        .route(
            "/newsroom/ads/campaigns/{id}/report.csv",
            get(campaigns::campaign_csv),
        )
}

/// Loads this node's ad table when it was never loaded or has gone stale, so pages
/// render with current slots (one request loads; others meanwhile render with the table
/// they have, and a page rendered before the new table is not kept, see
/// `PageCache::invalidate_here`). Cheap when fresh: one atomic load.
pub async fn keep_fresh(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = broadsheet_store::now();
    if state.ads.is_stale(now) {
        match state.ads.reload_if_stale(&state.store, now).await {
            // Every node reloads its own table on its own clock: a local flush.
            Ok(true) => state.page_cache.invalidate_here(),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not reload the ad table"),
        }
    }
    next.run(req).await
}
