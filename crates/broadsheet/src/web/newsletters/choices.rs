//! What the newsletter forms offer (frequencies, sections, languages) and the account
//! page's newsletter part: view data shared by the newsletter pages and the account page.

use crate::error::AppError;
use crate::newsletters::{FREQUENCIES, list_label};
use crate::state::AppState;
use crate::web::Ctx;
use broadsheet_store::ListKey;
use serde::Serialize;

/// A choice in a select box.
#[derive(Serialize)]
pub struct Choice {
    value: String,
    label: String,
}

/// The choices of the list form (frequencies, sections, languages), in `ctx`'s language.
pub async fn list_choices(state: &AppState, ctx: &Ctx) -> Result<serde_json::Value, AppError> {
    let site = state.site_data().await?;
    let sections: Vec<Choice> = site
        .sections
        .iter()
        .map(|s| Choice {
            value: s.slug.clone(),
            label: crate::editorial::taxonomy::section_label(s, &ctx.locale),
        })
        .collect();
    let languages: Vec<Choice> = state
        .i18n
        .locales()
        .map(|l| Choice {
            value: l.to_string(),
            label: state.i18n.t(l, "language-name", None),
        })
        .collect();
    let frequencies: Vec<Choice> = FREQUENCIES
        .iter()
        .map(|f| Choice {
            value: f.to_string(),
            label: ctx.t(state, &format!("nl-{f}")),
        })
        .collect();
    Ok(serde_json::json!({
        "sections": sections, "languages": languages, "frequencies": frequencies,
    }))
}

/// The account page's newsletter part: the reader's lists (an address's lists only once
/// the account has proved it owns the address) and the form's choices.
pub async fn account_lists(
    state: &AppState,
    ctx: &Ctx,
    user: &broadsheet_store::User,
    unverified: bool,
) -> Result<serde_json::Value, AppError> {
    let email = (!unverified).then_some(user.email.as_str());
    let sections = state.site_data().await?.sections.clone();
    let lists: Vec<serde_json::Value> = state
        .store
        .newsletters_of(user.id, email)
        .await?
        .into_iter()
        .map(|s| {
            let list = ListKey {
                frequency: s.frequency.clone(),
                section_id: s.section_id,
                language: s.language.clone(),
            };
            serde_json::json!({
                "label": list_label(state, &ctx.locale, &list, &sections),
                "pending": s.confirmed_at.is_none(),
                "token": s.unsubscribe_token,
            })
        })
        .collect();
    Ok(serde_json::json!({ "lists": lists, "choices": list_choices(state, ctx).await? }))
}
