//! Reader accounts: sign-up, emailed one-time links (verify, reset, unsubscribe),
//! profiles and account deletion.

use crate::db::{in_write_tx, with_pool};
use crate::in_tx::spend_link;
use crate::secret::{hash_token, new_token};
use crate::{Store, StoreError, User};
use broadsheet_domain::{EmailAddress, Role};
use serde::Serialize;

/// What an emailed link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    Verify,
    Reset,
    Unsubscribe,
    /// Between a correct password and the second-step code.
    SecondStep,
    /// A staff invitation: the invitee chooses a password with it.
    Invite,
}

impl LinkPurpose {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Verify => "verify",
            LinkPurpose::Reset => "reset",
            LinkPurpose::Unsubscribe => "unsubscribe",
            LinkPurpose::SecondStep => "second_step",
            LinkPurpose::Invite => "invite",
        }
    }
}

/// Account facts beyond the user row: verification and mail preferences.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AccountFlags {
    pub unverified: bool,
    pub notify_replies: bool,
}

/// What becomes of a deleted reader's comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletedComments {
    /// Kept, shown as written by "a deleted account".
    Keep,
    /// Taken down (a placeholder stays where others replied).
    Remove,
}

impl Store {
    /// Creates a reader who must verify their email before commenting.
    pub async fn create_reader(
        &self,
        email: &EmailAddress,
        display_name: &str,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let sql = "INSERT INTO users (email, display_name, role, password_hash, created_at, unverified) \
                   VALUES ($1, $2, $3, $4, $5, TRUE) \
                   RETURNING id, email, display_name, role, password_hash, bio, created_at";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(email.as_str())
            .bind(display_name)
            .bind(Role::Reader.as_str())
            .bind(password_hash)
            .bind(crate::now())
            .fetch_one(pool)
            .await)?)
    }

    pub async fn account_flags(&self, user_id: i64) -> Result<AccountFlags, StoreError> {
        let sql = "SELECT unverified, notify_replies FROM users WHERE id = $1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, AccountFlags>(sql)
            .bind(user_id)
            .fetch_one(pool)
            .await)?,
        )
    }

    /// Issues a one-time link secret for `user_id`; earlier unused links of the same
    /// purpose stop working.
    pub async fn create_link_token(
        &self,
        user_id: i64,
        purpose: LinkPurpose,
        ttl_secs: i64,
    ) -> Result<String, StoreError> {
        let secret = new_token("");
        let now = crate::now();
        in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL")
                .bind(user_id).bind(purpose.as_str())
                .execute(&mut *tx).await?;
            sqlx::query("INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) \
                         VALUES ($1, $2, $3, $4, $5)")
                .bind(hash_token(&secret)).bind(user_id).bind(purpose.as_str())
                .bind(now).bind(now + ttl_secs)
                .execute(&mut *tx).await?;
        });
        Ok(secret)
    }

    /// The user a live link belongs to, without spending it.
    pub async fn peek_link_token(
        &self,
        secret: &str,
        purpose: LinkPurpose,
    ) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT user_id FROM account_tokens \
                   WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(hash_token(secret)).bind(purpose.as_str()).bind(crate::now())
            .fetch_optional(pool)
            .await)?)
    }

    /// Spends a verification link and marks the email verified; `None` when the link is
    /// unknown, used or expired.
    pub async fn verify_email(&self, secret: &str) -> Result<Option<i64>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let user = spend_link!(tx, secret, LinkPurpose::Verify, now);
            if let Some(id) = user {
                sqlx::query("UPDATE users SET unverified = FALSE WHERE id = $1")
                    .bind(id).execute(&mut *tx).await?;
            }
            user
        }))
    }

    /// Spends a reset link, sets the new password, ends every session and revokes every
    /// API token, in one transaction; `None` when the link is unknown, used or expired.
    pub async fn reset_password(
        &self,
        secret: &str,
        password_hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let user = spend_link!(tx, secret, LinkPurpose::Reset, now);
            if let Some(id) = user {
                // Receiving the link proves the address too.
                sqlx::query("UPDATE users SET password_hash = $1, unverified = FALSE WHERE id = $2")
                    .bind(password_hash).bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id).execute(&mut *tx).await?;
                // Whoever held the old password may have made tokens with it.
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                    .bind(now).bind(id).execute(&mut *tx).await?;
            }
            user
        }))
    }

    /// Turns reply emails off for the owner of an unsubscribe link (reusable until it expires).
    pub async fn unsubscribe(&self, secret: &str) -> Result<bool, StoreError> {
        let Some(user_id) = self
            .peek_link_token(secret, LinkPurpose::Unsubscribe)
            .await?
        else {
            return Ok(false);
        };
        self.set_notify_replies(user_id, false).await?;
        Ok(true)
    }

    pub async fn set_notify_replies(&self, user_id: i64, on: bool) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("UPDATE users SET notify_replies = $1 WHERE id = $2")
            .bind(on).bind(user_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Updates the public profile.
    pub async fn update_profile(
        &self,
        user_id: i64,
        display_name: &str,
        bio: &str,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("UPDATE users SET display_name = $1, bio = $2 WHERE id = $3")
            .bind(display_name).bind(bio).bind(user_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Deletes an account and everything that is only its own (sessions, tokens,
    /// reactions, reports), keeping or removing its comments as the reader chose.
    pub async fn delete_account(
        &self,
        user_id: i64,
        comments: DeletedComments,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            // Likes by this reader disappear with the account: keep the counts honest.
            sqlx::query("UPDATE comments SET like_count = like_count - 1 \
                         WHERE id IN (SELECT comment_id FROM comment_reactions WHERE user_id = $1 AND kind = 'like')")
                .bind(user_id).execute(&mut *tx).await?;
            if comments == DeletedComments::Remove {
                sqlx::query("UPDATE comments SET status = 'deleted_by_author', body_md = '', body_html = '' \
                             WHERE author_id = $1")
                    .bind(user_id).execute(&mut *tx).await?;
                sqlx::query("UPDATE articles SET comment_count = (SELECT COUNT(*) FROM comments c \
                             WHERE c.article_id = articles.id AND c.status = 'visible') \
                             WHERE id IN (SELECT article_id FROM comments WHERE author_id = $1)")
                    .bind(user_id).execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE comments SET author_deleted = TRUE, nonce = NULL WHERE author_id = $1")
                .bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM users WHERE id = $1")
                .bind(user_id).execute(&mut *tx).await?;
        });
        Ok(())
    }
}
