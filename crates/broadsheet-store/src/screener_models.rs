//! What the screener learns from the desk: moderators' decisions as labelled comments,
//! and the models trained on them, one of which may be active for every node.

use crate::db::{in_write_tx, with_pool};
use crate::{Store, StoreError};
use serde::Serialize;

/// A moderator's last decision on a comment, as a labelled example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DeskDecision {
    pub comment_id: i64,
    pub body_md: String,
    /// The screener's reasons as stored with the comment (JSON).
    pub reasons: String,
    /// `approve`, `reject` or `remove`.
    pub action: String,
    pub decided_at: i64,
}

impl DeskDecision {
    /// True when the moderator judged the comment against the guidelines.
    pub fn is_violation(&self) -> bool {
        self.action != "approve"
    }
}

/// A stored model without its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ScreenerModel {
    pub id: i64,
    pub created_at: i64,
    pub created_by: Option<i64>,
    pub trained_on: i64,
    /// JSON written by the trainer: scores of this model and of the one it would replace.
    pub metrics: String,
    pub active: bool,
    pub activated_at: Option<i64>,
}

const DECISIONS: &str = "SELECT c.id AS comment_id, c.body_md, c.reasons, l.action, \
    l.created_at AS decided_at FROM moderation_log l JOIN comments c ON c.id = l.comment_id \
    WHERE l.id IN (SELECT MAX(d.id) FROM moderation_log d WHERE d.actor_id IS NOT NULL \
        AND d.action IN ('approve', 'reject', 'remove') GROUP BY d.comment_id) \
    AND l.created_at >= $1 ORDER BY l.created_at, l.id";

impl Store {
    /// Every comment's latest human approve/reject/remove since `since` (unix seconds),
    /// oldest first. Automatic decisions are not examples: they are what is being judged.
    pub async fn desk_decisions(&self, since: i64) -> Result<Vec<DeskDecision>, StoreError> {
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, DeskDecision>(DECISIONS)
            .bind(since).fetch_all(pool).await)?,
        )
    }

    /// Stores a trained model, inactive; returns its id.
    pub async fn save_screener_model(
        &self,
        model: &[u8],
        metrics: &str,
        trained_on: i64,
        created_by: Option<i64>,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO screener_models (created_at, created_by, trained_on, metrics, model) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(crate::now()).bind(created_by).bind(trained_on).bind(metrics).bind(model)
            .fetch_one(pool).await)?)
    }

    /// Every stored model, newest first, without the model bytes.
    pub async fn screener_models(&self) -> Result<Vec<ScreenerModel>, StoreError> {
        let sql = "SELECT id, created_at, created_by, trained_on, metrics, active, activated_at \
                   FROM screener_models ORDER BY id DESC";
        Ok(with_pool!(self, pool => sqlx::query_as::<_, ScreenerModel>(sql).fetch_all(pool).await)?)
    }

    /// The active model's id and bytes; `None` means the shipped model is in use.
    pub async fn active_screener_model(&self) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
        let sql =
            "SELECT id, model FROM screener_models WHERE active = TRUE ORDER BY id DESC LIMIT 1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, (i64, Vec<u8>)>(sql).fetch_optional(pool).await)?,
        )
    }

    /// Makes model `id` the active one, or none (the shipped model) for `None`, in one
    /// transaction. False when `id` does not exist (nothing changes then).
    pub async fn activate_screener_model(&self, id: Option<i64>) -> Result<bool, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => 'tx: {
            if let Some(id) = id {
                let found = sqlx::query_scalar::<_, i64>("SELECT id FROM screener_models WHERE id = $1")
                    .bind(id).fetch_optional(&mut *tx).await?;
                if found.is_none() {
                    break 'tx false;
                }
            }
            sqlx::query("UPDATE screener_models SET active = FALSE WHERE active = TRUE")
                .execute(&mut *tx).await?;
            if let Some(id) = id {
                sqlx::query("UPDATE screener_models SET active = TRUE, activated_at = $1 WHERE id = $2")
                    .bind(now).bind(id).execute(&mut *tx).await?;
            }
            true
        }))
    }
}
