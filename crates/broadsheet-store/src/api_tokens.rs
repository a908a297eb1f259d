//! API tokens: act as a user until revoked or expired; each use is recorded at most once
//! a minute, so authenticating is a read, not a write, on almost every request.

use crate::db::{in_write_tx, with_pool};
use crate::secret::{hash_token, new_token};
use crate::{ApiToken, Store, StoreError, User};

/// How stale `last_used_at` may get before a use writes it again.
pub const LAST_USED_GRANULARITY_SECS: i64 = 60;

const TOKEN_COLUMNS: &str = "id, user_id, label, created_at, last_used_at, revoked_at, expires_at";

/// A live token's owner, with what is needed to record its use.
#[derive(sqlx::FromRow)]
struct TokenOwner {
    #[sqlx(flatten)]
    user: User,
    token_id: i64,
    token_last_used_at: Option<i64>,
}

impl Store {
    /// Makes a new API token that never expires; see [`Store::create_api_token_until`].
    pub async fn create_api_token(
        &self,
        user_id: i64,
        label: &str,
    ) -> Result<(ApiToken, String), StoreError> {
        self.create_api_token_until(user_id, label, None).await
    }

    /// Makes a new API token for a user, working until `expires_at` (Unix seconds) when
    /// given, and returns the record and the secret, which is shown once and stored only
    /// as a hash.
    pub async fn create_api_token_until(
        &self,
        user_id: i64,
        label: &str,
        expires_at: Option<i64>,
    ) -> Result<(ApiToken, String), StoreError> {
        let secret = new_token("bs_");
        let sql = sqlx::AssertSqlSafe(format!(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {TOKEN_COLUMNS}"
        ));
        let token = with_pool!(self, pool => sqlx::query_as::<_, ApiToken>(sql)
            .bind(user_id)
            .bind(label)
            .bind(hash_token(&secret))
            .bind(crate::now())
            .bind(expires_at)
            .fetch_one(pool)
            .await)?;
        Ok((token, secret))
    }

    pub async fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id"
        ));
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

    /// "Log out everywhere": ends every session of the user and revokes every API token,
    /// in one transaction. Returns (sessions ended, tokens revoked).
    pub async fn sign_out_everywhere(&self, user_id: i64) -> Result<(u64, u64), StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let sessions = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let tokens = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            (sessions, tokens)
        }))
    }

    /// The user a live token (not revoked, not expired) acts as. Records the use in
    /// `last_used_at` when the recorded one is a minute old or more; failing to record it
    /// (a full disk) does not refuse the caller.
    pub async fn user_for_api_token(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let now = crate::now();
        let sql = "SELECT u.id, u.email, u.display_name, u.role, u.password_hash, u.bio, \
                   u.created_at, t.id AS token_id, t.last_used_at AS token_last_used_at \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id \
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
                   AND (t.expires_at IS NULL OR t.expires_at > $2)";
        let found = with_pool!(self, pool => sqlx::query_as::<_, TokenOwner>(sql)
            .bind(hash_token(secret))
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        let Some(owner) = found else {
            return Ok(None);
        };
        let stale = now - LAST_USED_GRANULARITY_SECS;
        if owner.token_last_used_at.is_none_or(|t| t <= stale)
            && let Err(e) = self.touch_api_token(owner.token_id, now, stale).await
        {
            tracing::warn!(token = owner.token_id, error = %e, "could not record token use");
        }
        Ok(Some(owner.user))
    }

    /// Writes `last_used_at`, unless another request already did within the minute.
    async fn touch_api_token(&self, id: i64, now: i64, stale: i64) -> Result<(), StoreError> {
        let sql = "UPDATE api_tokens SET last_used_at = $1 \
                   WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)";
        with_pool!(self, pool => sqlx::query(sql)
            .bind(now)
            .bind(id)
            .bind(stale)
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
