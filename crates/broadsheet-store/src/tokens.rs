//! The one-time admin setup token (API tokens are in `api_tokens`).

use crate::db::{in_write_tx, with_pool};
use crate::secret::{hash_token, new_token};
use crate::{Store, StoreError, User};
use broadsheet_domain::{EmailAddress, Role};

/// What became of an attempt to use a setup link.
#[derive(Debug)]
pub enum SetupOutcome {
    Created(User),
    /// Unknown, used or expired: the same answer for all three.
    InvalidLink,
}

impl Store {
    /// Issues a fresh setup token valid for `ttl_secs`, invalidating any earlier unused one.
    pub async fn create_setup_token(&self, ttl_secs: i64) -> Result<String, StoreError> {
        let secret = new_token("");
        let now = crate::now();
        in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM setup_tokens WHERE used_at IS NULL")
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)")
                .bind(hash_token(&secret))
                .bind(now + ttl_secs)
                .execute(&mut *tx)
                .await?;
        });
        Ok(secret)
    }

    /// True when `secret` names an unused, unexpired setup token.
    pub async fn setup_token_is_valid(&self, secret: &str) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM setup_tokens \
                   WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
        let n: i64 = with_pool!(self, pool => sqlx::query_scalar(sql)
            .bind(hash_token(secret))
            .bind(crate::now())
            .fetch_one(pool)
            .await)?;
        Ok(n > 0)
    }

    /// Spends the setup token and creates the administrator in one transaction, so a
    /// double submit creates one admin and the second attempt hears "invalid link".
    pub async fn complete_setup(
        &self,
        secret: &str,
        email: &EmailAddress,
        display_name: &str,
        password_hash: &str,
    ) -> Result<SetupOutcome, StoreError> {
        let now = crate::now();
        let outcome = in_write_tx!(self, tx => {
            let spent = sqlx::query(
                "UPDATE setup_tokens SET used_at = $1 \
                 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
            )
            .bind(now)
            .bind(hash_token(secret))
            .execute(&mut *tx)
            .await?;
            if spent.rows_affected() == 0 {
                SetupOutcome::InvalidLink
            } else {
                let user = sqlx::query_as::<_, User>(
                    "INSERT INTO users (email, display_name, role, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     RETURNING id, email, display_name, role, password_hash, bio, created_at",
                )
                .bind(email.as_str())
                .bind(display_name)
                .bind(Role::Admin.as_str())
                .bind(password_hash)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Conflict(_) => {
                        StoreError::Conflict(format!("a user with email {email}"))
                    }
                    other => other,
                })?;
                SetupOutcome::Created(user)
            }
        });
        Ok(outcome)
    }
}
