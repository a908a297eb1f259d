//! Mails with one-time links: the sign-up's verification (or, for an address that
//! already has an account, a mail saying so: sign-up never tells a stranger who is
//! registered) and the password reset.

use crate::error::AppError;
use crate::mail;
use crate::state::AppState;
use broadsheet_domain::EmailAddress;
use broadsheet_store::{LinkPurpose, StoreError, User};

/// How long a verification link works.
pub const VERIFY_TTL_SECS: i64 = 3 * 86_400;
/// How long a reset link works.
pub const RESET_TTL_SECS: i64 = 3600;

/// Creates a reader with the password `hash` and mails them a verification link; for
/// an address already registered, mails its owner where to sign in or reset instead.
pub async fn sign_up(
    state: &AppState,
    locale: &str,
    email: &EmailAddress,
    name: &str,
    hash: &str,
) -> Result<(), AppError> {
    let base = &state.options.base_url;
    let message = match state.store.create_reader(email, name, hash).await {
        Ok(user) => verification(state, locale, &user).await?,
        Err(StoreError::Conflict(_)) => {
            let args = [
                ("login", format!("{base}/login")),
                ("reset", format!("{base}/password/forgot")),
            ];
            mail::compose(&state.i18n, locale, "exists", email.as_str(), &args)
        }
        Err(e) => return Err(e.into()),
    };
    state.mailer.send(&state.store, message).await?;
    Ok(())
}

/// Mails `user` a fresh verification link (the first mail may have been lost).
pub async fn resend_verification(
    state: &AppState,
    locale: &str,
    user: &User,
) -> Result<(), AppError> {
    let message = verification(state, locale, user).await?;
    state.mailer.send(&state.store, message).await?;
    Ok(())
}

/// The mail with a fresh verification link for `user`.
async fn verification(state: &AppState, locale: &str, user: &User) -> Result<mail::Mail, AppError> {
    let token = state
        .store
        .create_link_token(user.id, LinkPurpose::Verify, VERIFY_TTL_SECS)
        .await?;
    let link = format!("{}/verify/{token}", state.options.base_url);
    Ok(mail::compose(
        &state.i18n,
        locale,
        "verify",
        &user.email,
        &[("name", user.display_name.clone()), ("link", link)],
    ))
}

/// Mails a reset link to the owner of `email`, if there is one.
pub async fn send_reset_link(
    state: &AppState,
    locale: &str,
    email: &EmailAddress,
) -> Result<(), AppError> {
    let Some(user) = state.store.user_by_email(email).await? else {
        return Ok(());
    };
    let token = state
        .store
        .create_link_token(user.id, LinkPurpose::Reset, RESET_TTL_SECS)
        .await?;
    let link = format!("{}/password/reset/{token}", state.options.base_url);
    let args = [("name", user.display_name.clone()), ("link", link)];
    let message = mail::compose(&state.i18n, locale, "reset", &user.email, &args);
    state.mailer.send(&state.store, message).await?;
    Ok(())
}
