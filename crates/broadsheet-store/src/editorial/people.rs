//! Staff as the newsroom sees them: the user list, roles, and author profiles.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError, User};
use broadsheet_domain::Role;
use serde::Serialize;

/// A user with their author profile, for the users admin and author pickers.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct EditorRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub bio: String,
    pub photo_url: String,
    pub links: String,
    /// Whether two-step sign-in is on (the users admin offers a reset).
    pub two_step: bool,
}

const EDITOR_SELECT: &str = "SELECT u.id, u.email, u.display_name, u.role, u.bio, \
    COALESCE(p.photo_url, '') AS photo_url, COALESCE(p.links, '') AS links, \
    CASE WHEN u.totp_secret IS NULL THEN FALSE ELSE TRUE END AS two_step \
    FROM users u LEFT JOIN author_profiles p ON p.user_id = u.id";

/// Which side of the users admin: colleagues or readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeopleKind {
    Staff,
    Readers,
}

/// `%text%` for LIKE, with LIKE's own wildcards in `text` taken literally (escape `\`).
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// One page of staff or readers whose name or email contains `search` (any case),
    /// by name; `limit + 1` rows are read so the caller knows whether a next page exists.
    pub async fn search_people(
        &self,
        kind: PeopleKind,
        search: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<EditorRow>, bool), StoreError> {
        let side = match kind {
            PeopleKind::Staff => "u.role <> 'reader'",
            PeopleKind::Readers => "u.role = 'reader'",
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "{EDITOR_SELECT} WHERE {side} AND (LOWER(u.display_name) LIKE $1 ESCAPE '\\' \
             OR LOWER(u.email) LIKE $1 ESCAPE '\\') \
             ORDER BY LOWER(u.display_name), u.id LIMIT $2 OFFSET $3"
        ));
        let mut rows = with_pool!(self, pool => sqlx::query_as::<_, EditorRow>(sql)
            .bind(like_pattern(search)).bind(limit + 1).bind(offset.max(0))
            .fetch_all(pool).await)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        Ok((rows, more))
    }

    /// Every user, staff first by name; `staff_only` leaves readers out.
    pub async fn list_people(&self, staff_only: bool) -> Result<Vec<EditorRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{EDITOR_SELECT} WHERE ($1 = FALSE OR u.role <> 'reader') \
             ORDER BY CASE WHEN u.role = 'reader' THEN 1 ELSE 0 END, u.display_name, u.id LIMIT 500"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, EditorRow>(sql).bind(staff_only).fetch_all(pool).await)?,
        )
    }

    pub async fn person(&self, user_id: i64) -> Result<Option<EditorRow>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!("{EDITOR_SELECT} WHERE u.id = $1"));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, EditorRow>(sql).bind(user_id).fetch_optional(pool).await)?,
        )
    }

    pub async fn set_role(&self, user_id: i64, role: Role) -> Result<(), StoreError> {
        let n = with_pool!(self, pool => sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str()).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Sets an author's public profile: name, bio, photo and links (one per line).
    pub async fn set_profile(
        &self,
        user: &User,
        display_name: &str,
        bio: &str,
        photo_url: &str,
        links: &str,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE users SET display_name = $1, bio = $2 WHERE id = $3")
                .bind(display_name).bind(bio).bind(user.id).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO author_profiles (user_id, photo_url, links) VALUES ($1, $2, $3) \
                         ON CONFLICT (user_id) DO UPDATE SET photo_url = excluded.photo_url, \
                         links = excluded.links")
                .bind(user.id).bind(photo_url).bind(links).execute(&mut *tx).await?;
        });
        Ok(())
    }
}
