//! Statements written once and run inside a caller's transaction on either engine:
//! macros, because the transaction type differs per engine (see `db::in_write_tx!`).

/// Writes one row of the audit log (`moderation_log`) at `$now` (the write's own time)
/// or, without it, at the current time. `about: (comment, subject)` names the comment
/// and the person the action concerns (either may be `None`); without it, neither.
macro_rules! audit {
    ($tx:ident, $actor:expr, $action:expr, $reason:expr) => {
        $crate::in_tx::audit!($tx, $actor, $action, $reason, $crate::now())
    };
    ($tx:ident, $actor:expr, $action:expr, $reason:expr, $now:expr) => {
        $crate::in_tx::audit!($tx, about: (None::<i64>, None::<i64>), $actor, $action, $reason, $now)
    };
    ($tx:ident, about: ($comment:expr, $subject:expr), $actor:expr, $action:expr, $reason:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO moderation_log (comment_id, subject_id, actor_id, action, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($comment)
        .bind($subject)
        .bind($actor)
        .bind($action)
        .bind($reason)
        .bind($now)
        .execute(&mut *$tx)
        .await?
    };
}

/// Spends a one-time link secret of a [`crate::LinkPurpose`] at `$now`: evaluates to its
/// user's id, or `None` when the secret is unknown, already used or expired. Two
/// simultaneous spends of one secret cannot both succeed (one conditional UPDATE).
macro_rules! spend_link {
    ($tx:ident, $secret:expr, $purpose:expr, $now:expr) => {
        sqlx::query_scalar::<_, i64>(
            "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
             AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind($now)
        .bind($crate::secret::hash_token($secret))
        .bind($purpose.as_str())
        .fetch_optional(&mut *$tx)
        .await?
    };
}

pub(crate) use {audit, spend_link};
