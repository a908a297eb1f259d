//! Staff invitations: an administrator names a colleague and a role, the colleague
//! receives a one-time link (an `invite` account token) and chooses a password with it.

use crate::accounts::LinkPurpose;
use crate::db::in_write_tx;
use crate::in_tx::{audit, spend_link};
use crate::secret::{hash_token, new_token};
use crate::{Store, StoreError, User};
use broadsheet_domain::{EmailAddress, Role};

impl Store {
    /// Creates the invited account (no password yet, address unverified), its link
    /// secret living `ttl_secs`, and an audit row naming the inviting administrator, in
    /// one transaction. `Conflict` (and nothing written) when the address has an account.
    pub async fn invite_staff(
        &self,
        email: &EmailAddress,
        display_name: &str,
        role: Role,
        invited_by: i64,
        ttl_secs: i64,
    ) -> Result<(User, String), StoreError> {
        let secret = new_token("");
        let now = crate::now();
        let user = in_write_tx!(self, tx => {
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
                .bind(email.as_str()).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(StoreError::Conflict(format!("a user with email {email}")));
            }
            let user: User = sqlx::query_as(
                "INSERT INTO users (email, display_name, role, password_hash, created_at, unverified) \
                 VALUES ($1, $2, $3, NULL, $4, TRUE) \
                 RETURNING id, email, display_name, role, password_hash, bio, created_at")
                .bind(email.as_str()).bind(display_name).bind(role.as_str()).bind(now)
                .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) \
                         VALUES ($1, $2, $3, $4, $5)")
                .bind(hash_token(&secret)).bind(user.id).bind(LinkPurpose::Invite.as_str())
                .bind(now).bind(now + ttl_secs)
                .execute(&mut *tx).await?;
            audit!(tx, about: (None::<i64>, Some(user.id)), invited_by, "invite-staff", role.as_str(), now);
            user
        });
        Ok((user, secret))
    }

    /// Spends an invitation link: sets the password and marks the address verified
    /// (the mail reached it). `None` when the link is unknown, used or expired.
    pub async fn accept_invitation(
        &self,
        secret: &str,
        password_hash: &str,
    ) -> Result<Option<User>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let user = spend_link!(tx, secret, LinkPurpose::Invite, now);
            match user {
                Some(id) => Some(sqlx::query_as::<_, User>(
                    "UPDATE users SET password_hash = $1, unverified = FALSE WHERE id = $2 \
                     RETURNING id, email, display_name, role, password_hash, bio, created_at")
                    .bind(password_hash).bind(id)
                    .fetch_one(&mut *tx).await?),
                None => None,
            }
        }))
    }
}
