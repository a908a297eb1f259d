//! Newsletter subscriptions: a reader's address on one list (daily or weekly, one
//! section or all, one language), pending until the mailed link confirms it, and left
//! with one click through its unsubscribe token. Sends and deliveries are in `sends`.

mod sends;

pub use sends::{DeliveryOutcome, DueLetter, NewSend, NewsletterSend, SendReport};

use crate::db::{in_write_tx, with_pool};
use crate::secret::{hash_token, new_token};
use crate::{Store, StoreError};
use serde::Serialize;

/// One list: how often, which section (0: every section), which language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListKey {
    pub frequency: String,
    pub section_id: i64,
    pub language: String,
}

/// An address on a list.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub email: String,
    pub user_id: Option<i64>,
    pub frequency: String,
    pub section_id: i64,
    pub language: String,
    pub confirmed_at: Option<i64>,
    /// The one-click unsubscribe token put in every mail of this subscription.
    pub unsubscribe_token: String,
    pub unsubscribed_at: Option<i64>,
    pub created_at: i64,
}

/// A list with how many addresses are on it, for the newsroom.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ListCount {
    pub frequency: String,
    pub section_id: i64,
    pub language: String,
    pub confirmed: i64,
    pub pending: i64,
    pub unsubscribed: i64,
}

/// What a subscription request did.
#[derive(Debug, PartialEq, Eq)]
pub enum Subscribed {
    /// Waiting for its owner: mail them this confirmation token (the newest one works).
    Pending(String),
    /// Confirmed now, or already on the list: nothing to mail.
    Confirmed,
}

const COLUMNS: &str = "id, email, user_id, frequency, section_id, language, confirmed_at, \
                       unsubscribe_token, unsubscribed_at, created_at";

impl Store {
    /// Puts `email` on `list`. `confirmed` (a signed-in reader with a verified address)
    /// confirms at once; otherwise the address stays pending until the token returned is
    /// used within `ttl_secs`. An address already confirmed on the list is left as it is.
    pub async fn subscribe_newsletter(
        &self,
        email: &str,
        user_id: Option<i64>,
        list: &ListKey,
        confirmed: bool,
        ttl_secs: i64,
    ) -> Result<Subscribed, StoreError> {
        let now = crate::now();
        let token = new_token("");
        Ok(in_write_tx!(self, tx => {
            // Inserted first (or left alone) so that concurrent requests meet one row.
            sqlx::query("INSERT INTO newsletter_subscriptions (email, user_id, frequency, section_id, \
                         language, unsubscribe_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (email, frequency, section_id, language) DO NOTHING")
                .bind(email).bind(user_id).bind(&list.frequency).bind(list.section_id)
                .bind(&list.language).bind(new_token("")).bind(now)
                .execute(&mut *tx).await?;
            let (id, confirmed_at, unsubscribed_at): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT id, confirmed_at, unsubscribed_at \
                 FROM newsletter_subscriptions WHERE email = $1 AND frequency = $2 \
                 AND section_id = $3 AND language = $4")
                .bind(email).bind(&list.frequency).bind(list.section_id).bind(&list.language)
                .fetch_one(&mut *tx).await?;
            if confirmed_at.is_some() && unsubscribed_at.is_none() {
                Subscribed::Confirmed
            } else if confirmed {
                sqlx::query("UPDATE newsletter_subscriptions SET confirmed_at = $1, unsubscribed_at = NULL, \
                             confirm_hash = NULL, confirm_expires_at = NULL, \
                             user_id = COALESCE(user_id, $2) WHERE id = $3")
                    .bind(now).bind(user_id).bind(id).execute(&mut *tx).await?;
                Subscribed::Confirmed
            } else {
                sqlx::query("UPDATE newsletter_subscriptions SET confirm_hash = $1, \
                             confirm_expires_at = $2 WHERE id = $3")
                    .bind(hash_token(&token)).bind(now + ttl_secs).bind(id)
                    .execute(&mut *tx).await?;
                Subscribed::Pending(token)
            }
        }))
    }

    /// Confirms the subscription whose unexpired confirmation token is `token`; the
    /// token is spent. None for an unknown, used or expired token.
    pub async fn confirm_newsletter(
        &self,
        token: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        if crate::unmatchable(token) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE newsletter_subscriptions SET confirmed_at = $1, unsubscribed_at = NULL, \
             confirm_hash = NULL, confirm_expires_at = NULL \
             WHERE confirm_hash = $2 AND confirm_expires_at > $1 RETURNING {COLUMNS}"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Subscription>(sql)
            .bind(crate::now()).bind(hash_token(token)).fetch_optional(pool).await)?,
        )
    }

    /// The subscription an unsubscribe token belongs to.
    pub async fn newsletter_by_unsubscribe_token(
        &self,
        token: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        if crate::unmatchable(token) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM newsletter_subscriptions WHERE unsubscribe_token = $1"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Subscription>(sql)
            .bind(token).fetch_optional(pool).await)?,
        )
    }

    /// Takes the address off the list of `token` (again: no change); a pending
    /// confirmation link stops working too. None for an unknown token.
    pub async fn unsubscribe_newsletter(
        &self,
        token: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        if crate::unmatchable(token) {
            return Ok(None);
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE newsletter_subscriptions SET unsubscribed_at = COALESCE(unsubscribed_at, $1), \
             confirm_hash = NULL, confirm_expires_at = NULL \
             WHERE unsubscribe_token = $2 RETURNING {COLUMNS}"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Subscription>(sql)
            .bind(crate::now()).bind(token).fetch_optional(pool).await)?,
        )
    }

    /// A reader's lists still in force (pending or confirmed): those of their account,
    /// and those of `email` (pass it only when the account has proved it owns it).
    pub async fn newsletters_of(
        &self,
        user_id: i64,
        email: Option<&str>,
    ) -> Result<Vec<Subscription>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM newsletter_subscriptions WHERE unsubscribed_at IS NULL \
             AND (user_id = $1 OR ($2 IS NOT NULL AND email = $2)) ORDER BY id"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, Subscription>(sql)
            .bind(user_id).bind(email).fetch_all(pool).await)?,
        )
    }

    /// Every list that has had an address, with its counts.
    pub async fn newsletter_lists(&self) -> Result<Vec<ListCount>, StoreError> {
        let sql = "SELECT frequency, section_id, language, \
             SUM(CASE WHEN confirmed_at IS NOT NULL AND unsubscribed_at IS NULL THEN 1 ELSE 0 END) AS confirmed, \
             SUM(CASE WHEN confirmed_at IS NULL AND unsubscribed_at IS NULL THEN 1 ELSE 0 END) AS pending, \
             SUM(CASE WHEN unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END) AS unsubscribed \
             FROM newsletter_subscriptions GROUP BY frequency, section_id, language \
             ORDER BY frequency, section_id, language";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, ListCount>(sql).fetch_all(pool).await)?)
    }
}
