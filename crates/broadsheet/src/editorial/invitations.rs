//! Staff invitations: an administrator invites a colleague by email with a role; the
//! colleague opens the mailed one-time link, chooses a password and is signed in.
//! Each invitation is rate limited per administrator and written to the audit log.

use crate::auth::password;
use crate::error::AppError;
use crate::mail;
use crate::state::AppState;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{LinkPurpose, StoreError, User};

/// How long an invitation link works: a week, for colleagues who are away.
pub const INVITE_TTL_SECS: i64 = 7 * 86_400;

/// Why an invitation was not sent; each names the form field and a message key.
#[derive(Debug, PartialEq, Eq)]
pub enum InviteProblem {
    Email,
    Name,
    Role,
    /// The address already has an account: nothing changes.
    Taken,
    /// Too many invitations from this administrator; seconds to wait.
    TooMany(u64),
}

impl InviteProblem {
    /// The form field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            InviteProblem::Name => "name",
            InviteProblem::Role => "role",
            _ => "email",
        }
    }

    /// The Fluent key of the message shown at that field.
    pub fn key(&self) -> &'static str {
        match self {
            InviteProblem::Email => "nr-invite-error-email",
            InviteProblem::Name => "nr-invite-error-name",
            InviteProblem::Role => "nr-invite-error-role",
            InviteProblem::Taken => "nr-invite-error-taken",
            InviteProblem::TooMany(_) => "nr-invite-error-too-many",
        }
    }
}

/// Creates the invited account and mails its link in `locale`.
pub async fn invite(
    state: &AppState,
    admin: &User,
    locale: &str,
    (email, name, role): (&str, &str, &str),
) -> Result<Result<User, InviteProblem>, AppError> {
    let Ok(email) = EmailAddress::parse(email) else {
        return Ok(Err(InviteProblem::Email));
    };
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Ok(Err(InviteProblem::Name));
    }
    let role = match role.parse::<Role>() {
        Ok(r) if r.is_staff() => r,
        _ => return Ok(Err(InviteProblem::Role)),
    };
    if state.store.user_by_email(&email).await?.is_some() {
        return Ok(Err(InviteProblem::Taken));
    }
    if let Err(secs) = state.limits.invite_admin.hit(&admin.id.to_string()) {
        return Ok(Err(InviteProblem::TooMany(secs)));
    }
    let (user, secret) = match state
        .store
        .invite_staff(&email, name, role, admin.id, INVITE_TTL_SECS)
        .await
    {
        Ok(made) => made,
        // Someone else took the address between the check and the insert.
        Err(StoreError::Conflict(_)) => return Ok(Err(InviteProblem::Taken)),
        Err(e) => return Err(e.into()),
    };
    let role_name = state
        .i18n
        .t(locale, &format!("nr-role-{}", role.as_str()), None);
    let args = [
        ("name", user.display_name.clone()),
        ("inviter", admin.display_name.clone()),
        ("site", state.site_name().to_string()),
        ("role", role_name),
        (
            "link",
            format!("{}/invite/{secret}", state.options.base_url),
        ),
    ];
    let message = mail::compose(&state.i18n, locale, "invite", &user.email, &args);
    state.mailer.send(&state.store, message).await?;
    tracing::info!(
        admin = admin.id,
        user = user.id,
        role = role.as_str(),
        "staff invited"
    );
    Ok(Ok(user))
}

/// The invited colleague behind a live link, without spending it.
pub async fn pending(state: &AppState, secret: &str) -> Result<Option<User>, AppError> {
    match state
        .store
        .peek_link_token(secret, LinkPurpose::Invite)
        .await?
    {
        Some(id) => Ok(state.store.user_by_id(id).await?),
        None => Ok(None),
    }
}

/// Why a chosen password was refused (a message key), or the link was dead (`None`).
pub enum AcceptProblem {
    Password(&'static str),
    DeadLink,
}

/// Spends the link and sets the chosen password; the caller signs the colleague in.
pub async fn accept(
    state: &AppState,
    secret: &str,
    new_password: String,
    confirm: &str,
) -> Result<Result<User, AcceptProblem>, AppError> {
    if password::check_strength(&new_password).is_err() {
        return Ok(Err(AcceptProblem::Password("signup-error-password")));
    }
    if new_password != confirm {
        return Ok(Err(AcceptProblem::Password("reset-error-mismatch")));
    }
    let hash = password::hash(new_password).await?;
    match state.store.accept_invitation(secret, &hash).await? {
        Some(user) => {
            tracing::info!(user = user.id, "invitation accepted");
            Ok(Ok(user))
        }
        None => Ok(Err(AcceptProblem::DeadLink)),
    }
}
