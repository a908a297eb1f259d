//! Two-step sign-in state of an account: its TOTP secret, a secret waiting for its first
//! code, the last time step used, which makes every code single-use, and its hashed
//! single-use recovery codes.

use crate::db::{in_write_tx, with_pool};
use crate::in_tx::{audit, spend_link};
use crate::{LinkPurpose, Store, StoreError};

/// What an account has set up.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct TwoStep {
    pub secret: Option<String>,
    pub pending: Option<String>,
}

/// Turns two-step sign-in off inside the caller's transaction: secrets and recovery codes
/// go. Evaluates to the number of accounts changed (0 for an unknown account).
macro_rules! turn_off {
    ($tx:ident, $user_id:expr) => {{
        sqlx::query("DELETE FROM two_step_recovery_codes WHERE user_id = $1")
            .bind($user_id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1")
            .bind($user_id)
            .execute(&mut *$tx)
            .await?
            .rows_affected()
    }};
}

/// Makes `hashes` the account's only recovery codes, inside the caller's transaction.
macro_rules! replace_recovery_codes {
    ($tx:ident, $user_id:expr, $hashes:expr) => {{
        sqlx::query("DELETE FROM two_step_recovery_codes WHERE user_id = $1")
            .bind($user_id)
            .execute(&mut *$tx)
            .await?;
        for hash in $hashes {
            sqlx::query("INSERT INTO two_step_recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind($user_id)
                .bind(hash)
                .execute(&mut *$tx)
                .await?;
        }
    }};
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

    /// Makes the pending secret the account's, with `step` (the confirming code's) spent,
    /// and `recovery_hashes` its only recovery codes; false when nothing was pending.
    pub async fn enable_two_step(
        &self,
        user_id: i64,
        step: i64,
        recovery_hashes: &[String],
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, \
                   totp_last_step = $1 WHERE id = $2 AND totp_pending IS NOT NULL";
        Ok(in_write_tx!(self, tx => {
            let enabled = sqlx::query(sql).bind(step).bind(user_id).execute(&mut *tx).await?
                .rows_affected() == 1;
            if enabled {
                replace_recovery_codes!(tx, user_id, recovery_hashes);
            }
            enabled
        }))
    }

    pub async fn disable_two_step(&self, user_id: i64) -> Result<(), StoreError> {
        in_write_tx!(self, tx => turn_off!(tx, user_id));
        Ok(())
    }

    /// Turns two-step sign-in off for an account that lost its authenticator and its
    /// recovery codes, with an audit row naming who did it (`None`: the command line).
    /// `NotFound` for an unknown account.
    pub async fn reset_two_step(
        &self,
        user_id: i64,
        actor_id: Option<i64>,
        reason: &str,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            if turn_off!(tx, user_id) == 0 {
                return Err(StoreError::NotFound);
            }
            audit!(tx, about: (None::<i64>, Some(user_id)), actor_id, "reset-two-step", reason, crate::now());
        });
        Ok(())
    }

    /// Makes `hashes` the only recovery codes of an account that has two-step sign-in on;
    /// false (and nothing changed) when it is off.
    pub async fn regenerate_recovery_codes(
        &self,
        user_id: i64,
        hashes: &[String],
    ) -> Result<bool, StoreError> {
        let on = "SELECT COUNT(*) FROM users WHERE id = $1 AND totp_secret IS NOT NULL";
        Ok(in_write_tx!(self, tx => {
            let is_on = sqlx::query_scalar::<_, i64>(on).bind(user_id).fetch_one(&mut *tx).await? == 1;
            if is_on {
                replace_recovery_codes!(tx, user_id, hashes);
            }
            is_on
        }))
    }

    /// Spends the recovery code with this hash: true once, false ever after or when the
    /// account has no such code.
    pub async fn spend_recovery_code(&self, user_id: i64, hash: &str) -> Result<bool, StoreError> {
        let sql = "UPDATE two_step_recovery_codes SET used_at = $1 \
                   WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL";
        let done = with_pool!(self, pool => sqlx::query(sql).bind(crate::now()).bind(user_id)
            .bind(hash).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// How many unspent recovery codes the account has.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64, StoreError> {
        let sql =
            "SELECT COUNT(*) FROM two_step_recovery_codes WHERE user_id = $1 AND used_at IS NULL";
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql).bind(user_id)
            .fetch_one(pool).await)?,
        )
    }

    /// Every account's stored two-step values, `[secret, pending]`, for re-encoding.
    pub async fn two_step_values(&self) -> Result<Vec<(i64, [Option<String>; 2])>, StoreError> {
        let sql = "SELECT id, totp_secret, totp_pending FROM users \
                   WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL ORDER BY id";
        let rows: Vec<(i64, Option<String>, Option<String>)> = with_pool!(self, pool =>
            sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(id, s, p)| (id, [s, p])).collect())
    }

    /// Replaces the stored secret (`secret`) or pending secret (else) with `new` if it is
    /// still `old`; false when it changed meanwhile.
    pub async fn reseal_two_step(
        &self,
        user_id: i64,
        secret: bool,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        let sql = if secret {
            "UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3"
        } else {
            "UPDATE users SET totp_pending = $1 WHERE id = $2 AND totp_pending = $3"
        };
        let done = with_pool!(self, pool => sqlx::query(sql).bind(new).bind(user_id).bind(old)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
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
        Ok(in_write_tx!(self, tx => spend_link!(tx, secret, purpose, now)))
    }
}
