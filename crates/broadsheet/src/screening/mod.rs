//! The screener a site runs: the shipped model, or one trained on the site's own
//! moderators' decisions ([`learn`]), swapped at run time on every node when an
//! administrator activates another; and how well it agrees with the desk ([`insight`]).

pub mod active;
pub mod insight;
pub mod learn;

pub use active::ActiveScreener;

use crate::state::AppState;
use broadsheet_moderation::{Model, Screener};
use broadsheet_store::StoreError;

/// Loads the model the database marks active (at start, and when another node activated
/// one). A damaged model or one from a newer release is logged and the shipped model
/// keeps working.
pub async fn reload(state: &AppState) {
    let active = &state.screener;
    match state.store.active_screener_model().await {
        Ok(Some((id, _))) if active.model_id() == Some(id) => {}
        Ok(Some((id, bytes))) => match Model::from_bytes(&bytes) {
            Ok(model) => {
                active.set(Some(id), Screener::builtin().with_model(Some(model)));
                tracing::info!(model = id, "screener model activated");
            }
            Err(e) => {
                tracing::error!(model = id, error = %e, "cannot load the active screener model; using the shipped one");
                active.set(None, Screener::builtin());
            }
        },
        Ok(None) if active.model_id().is_some() => {
            active.set(None, Screener::builtin());
            tracing::info!("screener back on the shipped model");
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "cannot read the active screener model"),
    }
}

/// Makes stored model `id` (or the shipped model, for `None`) the one every node uses.
/// False when there is no such model.
pub async fn activate(state: &AppState, id: Option<i64>) -> Result<bool, StoreError> {
    if !state.store.activate_screener_model(id).await? {
        return Ok(false);
    }
    reload(state).await;
    state.screener.tell_peers();
    Ok(true)
}

/// Trains a candidate on the site's decisions and stores it; activates it at once when
/// the site allows that and it is not worse than the model in use on both sets.
pub async fn retrain(
    state: &AppState,
    actor: Option<i64>,
) -> Result<(i64, learn::Comparison), learn::LearnError> {
    let progress = |done, all| tracing::info!("screener training: step {done} of {all}");
    let current = state.screener.get();
    let (id, comparison) = learn::train_candidate(
        &state.store,
        current,
        state.screener.model_id(),
        actor,
        progress,
    )
    .await?;
    tracing::info!(
        model = id,
        frozen_f1 = comparison.candidate.frozen.f1,
        "screener candidate stored"
    );
    if comparison.not_worse() && learn::auto_activate(&state.store).await {
        activate(state, Some(id)).await?;
    }
    Ok((id, comparison))
}
