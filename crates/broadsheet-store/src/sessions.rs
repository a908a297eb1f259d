//! Server-side sessions: the cookie holds a random id; the database holds its hash.

use crate::db::with_pool;
use crate::records::RoleText;
use crate::secret::{hash_token, new_token};
use crate::{Store, StoreError, User};
use rusqlite::OptionalExtension;

impl Store {
    /// Starts a session for a user and returns the secret id for the cookie.
    pub async fn create_session(&self, user_id: i64, ttl_secs: i64) -> Result<String, StoreError> {
        let secret = new_token("");
        let now = crate::now();
        let sql = "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
        with_pool!(self, pool => sqlx::query(sql)
            .bind(hash_token(&secret))
            .bind(user_id)
            .bind(now)
            .bind(now + ttl_secs)
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        Ok(secret)
    }

    /// The live session's user. Read on every signed-in request, so on SQLite it runs on
    /// the calling thread (`direct`, decision 0046).
    pub async fn user_for_session(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT u.id, u.email, u.display_name, u.role, u.password_hash, u.bio, u.created_at \
                   FROM sessions s JOIN users u ON u.id = s.user_id \
                   WHERE s.id_hash = $1 AND s.expires_at > $2";
        let (hash, now) = (hash_token(secret), crate::now());
        if let Some(direct) = self.direct() {
            return direct.run(|conn| {
                let mut statement = conn.prepare_cached(sql)?;
                statement.query_row((&hash, now), user_of_row).optional()
            });
        }
        Ok(with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(&hash)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn delete_session(&self, secret: &str) -> Result<(), StoreError> {
        with_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(hash_token(secret))
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends every session of a user ("log out everywhere").
    pub async fn delete_user_sessions(&self, user_id: i64) -> Result<u64, StoreError> {
        let done = with_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        Ok(done)
    }
}

/// A `User` from a direct read's row, columns in `User`'s order.
fn user_of_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get(3)?;
    let role = RoleText::try_from(role).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        display_name: row.get(2)?,
        role,
        password_hash: row.get(4)?,
        bio: row.get(5)?,
        created_at: row.get(6)?,
    })
}
