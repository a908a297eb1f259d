//! Reply notifications: the parent's author hears of a visible reply by email, unless
//! they turned these off; every mail carries an unsubscribe link, in the text and as a
//! one-click `List-Unsubscribe` header.

use crate::mail;
use crate::state::AppState;
use broadsheet_store::{CommentArticle, CommentRow, LinkPurpose, StoreError};

/// How long an unsubscribe link keeps working.
const UNSUBSCRIBE_TTL_SECS: i64 = 365 * 86_400;

pub async fn reply(
    state: &AppState,
    article: &CommentArticle,
    reply: &CommentRow,
) -> Result<(), StoreError> {
    let Some(parent) = reply.parent_id else {
        return Ok(());
    };
    let Some(parent) = state.store.comment(parent).await? else {
        return Ok(());
    };
    let Some(to) = parent.author_id.filter(|a| Some(*a) != reply.author_id) else {
        return Ok(());
    };
    let flags = state.store.account_flags(to).await?;
    if !flags.notify_replies || flags.unverified {
        return Ok(());
    }
    let Some(user) = state.store.user_by_id(to).await? else {
        return Ok(());
    };
    let token = state
        .store
        .create_link_token(to, LinkPurpose::Unsubscribe, UNSUBSCRIBE_TTL_SECS)
        .await?;
    let base = &state.options.base_url;
    let unsubscribe = format!("{base}/account/unsubscribe/{token}");
    let locale = if state.i18n.has(&article.language) {
        article.language.as_str()
    } else {
        state.i18n.default_locale.as_str()
    };
    let excerpt: String = reply.body_md.chars().take(300).collect();
    let message = mail::compose(
        &state.i18n,
        locale,
        "reply",
        &user.email,
        &[
            ("name", user.display_name.clone()),
            ("replier", reply.author_name.clone()),
            ("headline", article.headline.clone()),
            ("excerpt", excerpt),
            ("link", format!("{base}/comments/{}", reply.id)),
            ("unsubscribe", unsubscribe.clone()),
        ],
    )
    .with_unsubscribe(unsubscribe);
    state.mailer.send(&state.store, message).await
}
