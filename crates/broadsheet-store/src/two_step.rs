//! Two-step sign-in state of an account: its TOTP secret, a secret waiting for its first
//! code, and the last time step used, which makes every code single-use.

use crate::db::{in_write_tx, with_pool};
use crate::{LinkPurpose, Store, StoreError};

/// What an account has set up.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct TwoStep {
    pub secret: Option<String>,
    pub pending: Option<String>,
}

impl Store {
    pub async fn two_step(&self, user_id: i64) -> Result<TwoStep, StoreError> {
        let sql = "SELECT totp_secret AS secret, totp_pending AS pending FROM users WHERE id = $1";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, TwoStep>(sql)
            .bind(user_id).fetch_optional(pool).await)?
        .unwrap_or_default())
    }

    /// Keeps `secret` until the account confirms it with a code (`None` forgets it).
    pub async fn set_two_step_pending(
        &self,
        user_id: i64,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
            .bind(secret).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Makes the pending secret the account's, with `step` (the confirming code's) spent.
    pub async fn enable_two_step(&self, user_id: i64, step: i64) -> Result<(), StoreError> {
        let sql = "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, \
                   totp_last_step = $1 WHERE id = $2 AND totp_pending IS NOT NULL";
        with_pool!(self, pool => sqlx::query(sql).bind(step).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn disable_two_step(&self, user_id: i64) -> Result<(), StoreError> {
        let sql = "UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1";
        with_pool!(self, pool => sqlx::query(sql).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Spends time step `step` for the account: false when it (or a later one) was
    /// already used, so one code signs in once, even with several nodes.
    pub async fn spend_two_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let sql = "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1";
        let done = with_pool!(self, pool => sqlx::query(sql).bind(step).bind(user_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Spends a one-time link secret of `purpose`; its user, or `None` when the secret is
    /// unknown, used or expired.
    pub async fn spend_link_token(
        &self,
        secret: &str,
        purpose: LinkPurpose,
    ) -> Result<Option<i64>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            sqlx::query_scalar::<_, i64>(
                "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
                 AND used_at IS NULL AND expires_at > $1 RETURNING user_id")
                .bind(now).bind(crate::secret::hash_token(secret)).bind(purpose.as_str())
                .fetch_optional(&mut *tx).await?
        }))
    }
}
