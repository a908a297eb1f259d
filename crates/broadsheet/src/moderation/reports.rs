//! Reader reports: the reasons a reader may give, how much each reader's report weighs,
//! and when the weight hides a comment until a moderator looks (the count, the hiding
//! and their audit rows are one store transaction, so two reports cannot both fire).

use super::ModerationSettings;
use crate::cache::Change;
use crate::comments::service::{Outcome, Refusal, may_react, visible};
use crate::state::AppState;
use broadsheet_store::User;

/// The reasons a reader may give when reporting.
pub const REPORT_REASONS: [&str; 7] = [
    "rude",
    "aggressive",
    "derogatory",
    "discriminatory",
    "spam",
    "off_topic",
    "other",
];

/// Reports a comment with a reason; `Ok(false)` when this reader had already reported it.
pub async fn report(
    state: &AppState,
    user: &User,
    ip: &str,
    id: i64,
    reason: &str,
    detail: &str,
) -> Outcome<bool> {
    if !REPORT_REASONS.contains(&reason) {
        return Ok(Err(Refusal::BadReason));
    }
    if let Err(r) = may_react(state, user, ip).await? {
        return Ok(Err(r));
    }
    let comment = match visible(state, id).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let detail: String = detail.trim().chars().take(500).collect();
    let reporter = state.store.standing(user.id).await?;
    let weight = report_weight(user, &reporter, broadsheet_store::now());
    // Enough weight hides the comment until a moderator looks; a trusted author's
    // comment needs twice as much.
    let settings = ModerationSettings::load(&state.store)
        .await
        .unwrap_or_default();
    let mut hide_at = settings.hide_after_reports * ESTABLISHED_WEIGHT;
    if let Some(author) = comment.author_id
        && state.store.standing(author).await?.trusted
    {
        hide_at *= 2;
    }
    let reported = state
        .store
        .report_comment(id, user.id, reason, &detail, weight, hide_at)
        .await?;
    if let Some(article_id) = reported.hidden_on {
        state.after_write(Change::Comments { article_id });
    }
    Ok(Ok(reported.counted))
}

/// A report's weight from an established reader; the desk's "reports that hide a
/// comment" counts reports of this weight.
const ESTABLISHED_WEIGHT: i64 = 2;

/// How much a reader's report counts: a trusted reader's or staff member's 3, an
/// established reader's (a week old with three approved comments) 2, a new account's 1.
/// Three throwaway accounts can no longer hide a comment on their own.
pub fn report_weight(
    user: &User,
    standing: &broadsheet_domain::moderation::Standing,
    now: i64,
) -> i64 {
    if standing.trusted || user.role() != broadsheet_domain::Role::Reader {
        3
    } else if now - user.created_at >= 7 * 86_400 && standing.approved_comments >= 3 {
        ESTABLISHED_WEIGHT
    } else {
        1
    }
}
