//! The checks behind two-step sign-in: opening the account's sealed secrets, the
//! per-account limit on code checks, and whether a typed code (or recovery code) or
//! password is right.

use crate::auth::sealed::totp_context;
use crate::auth::{password, recovery, totp};
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_store::{TwoStep, User};

/// The account's two-step secrets, opened with the site's key (a value that will not
/// open is an error, never "two-step is off").
pub async fn secrets(state: &AppState, user_id: i64) -> Result<TwoStep, AppError> {
    let stored = state.store.two_step(user_id).await?;
    let open = |value: Option<String>| {
        value
            .map(|v| state.sealed.open(&totp_context(user_id), &v))
            .transpose()
            .map_err(|e| AppError::Internal(e.into()))
    };
    Ok(TwoStep {
        secret: open(stored.secret)?,
        pending: open(stored.pending)?,
    })
}

/// Counts one check of a code (or of the password that guards two-step changes) against
/// the account's limit, so nobody can try all million codes.
pub fn limit_code_checks(state: &AppState, user_id: i64) -> Result<(), AppError> {
    state
        .limits
        .two_step_account
        .hit(&format!("two-step:{user_id}"))
        .map_err(AppError::TooManyRequests)
}

/// Whether `typed` proves the account holds its second factor: a right authenticator
/// code for `secret`, or one of its unspent recovery codes (spent now). With
/// `spend_step` the code's time step is spent too, so a sign-in code works once.
pub async fn code_proves(
    state: &AppState,
    user_id: i64,
    secret: Option<&str>,
    typed: &str,
    spend_step: bool,
) -> Result<bool, AppError> {
    let Some(secret) = secret else {
        return Ok(false);
    };
    if recovery::looks_like_one(typed) {
        let hash = recovery::hash(typed);
        return Ok(state.store.spend_recovery_code(user_id, &hash).await?);
    }
    Ok(match totp::check(secret, typed, broadsheet_store::now()) {
        Some(step) if spend_step => state.store.spend_two_step(user_id, step).await?,
        Some(_) => true,
        None => false,
    })
}

pub async fn password_is_right(user: &User, typed: &str) -> bool {
    match &user.password_hash {
        Some(hash) => password::verify(typed.to_string(), hash.clone()).await,
        None => false,
    }
}
