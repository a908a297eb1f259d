//! User accounts: staff and readers.

use crate::db::with_pool;
use crate::{Store, StoreError, User};
use broadsheet_domain::{EmailAddress, Role};

const USER_COLUMNS: &str = "id, email, display_name, role, password_hash, bio, created_at";

impl Store {
    pub async fn create_user(
        &self,
        email: &EmailAddress,
        display_name: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> Result<User, StoreError> {
        let sql = "INSERT INTO users (email, display_name, role, password_hash, created_at) \
                   VALUES ($1, $2, $3, $4, $5) \
                   RETURNING id, email, display_name, role, password_hash, bio, created_at";
        let user = with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(email.as_str())
            .bind(display_name)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(crate::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!("a user with email {email}")),
            other => other,
        })?;
        Ok(user)
    }

    pub async fn user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(email.as_str())
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as::<_, User>(sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError> {
        let done = with_pool!(self, pool => sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(pool)
            .await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn count_users_with_role(&self, role: Role) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = $1")
            .bind(role.as_str())
            .fetch_one(pool)
            .await)?,
        )
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users")
            .fetch_one(pool)
            .await)?,
        )
    }
}
