//! API tokens (act as a user) and the one-time admin setup token.

use crate::db::{in_write_tx, with_pool};
use crate::secret::{hash_token, new_token};
use crate::{ApiToken, Store, StoreError, User};
use broadsheet_domain::{EmailAddress, Role};

/// What became of an attempt to use a setup link.
#[derive(Debug)]
pub enum SetupOutcome {
    Created(User),
    /// Unknown, used or expired: the same answer for all three.
    InvalidLink,
}

impl Store {
    /// Makes a new API token for a user and returns the record and the secret, which is
    /// shown once and stored only as a hash.
    pub async fn create_api_token(
        &self,
        user_id: i64,
        label: &str,
    ) -> Result<(ApiToken, String), StoreError> {
        let secret = new_token("bs_");
        let sql = "INSERT INTO api_tokens (user_id, label, token_hash, created_at) \
                   VALUES ($1, $2, $3, $4) \
                   RETURNING id, user_id, label, created_at, last_used_at, revoked_at";
        let token = with_pool!(self, pool => sqlx::query_as::<_, ApiToken>(sql)
            .bind(user_id)
            .bind(label)
            .bind(hash_token(&secret))
            .bind(crate::now())
            .fetch_one(pool)
            .await)?;
        Ok((token, secret))
    }

    pub async fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let sql = "SELECT id, user_id, label, created_at, last_used_at, revoked_at \
                   FROM api_tokens WHERE user_id = $1 ORDER BY id";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, ApiToken>(sql).bind(user_id).fetch_all(pool).await)?,
        )
    }

    /// Revokes one of the user's tokens; `NotFound` if it is not theirs or already revoked.
    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> Result<(), StoreError> {
        let sql = "UPDATE api_tokens SET revoked_at = $1 \
                   WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL";
        let done = with_pool!(self, pool => sqlx::query(sql)
            .bind(crate::now())
            .bind(token_id)
            .bind(user_id)
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The user a live (unrevoked) token acts as.
    pub async fn user_for_api_token(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT u.id, u.email, u.display_name, u.role, u.password_hash, u.bio, u.created_at \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id \
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(hash_token(secret))
            .fetch_optional(pool)
            .await)?)
    }

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
