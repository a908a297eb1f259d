//! Newsletters (decision 0035): readers subscribe to a daily or weekly digest of one
//! section or all, in one language, confirmed by a mailed link; the job loop builds due
//! digests and delivers every send in paced batches (`send`); editors can also send one
//! story as breaking news. Bodies come from the theme (`compose`).

pub mod compose;
pub mod send;

use crate::error::AppError;
use crate::mail;
use crate::state::AppState;
use broadsheet_store::{ListKey, Section, Subscribed};

/// How often a digest can go out.
pub const FREQUENCIES: [&str; 2] = ["daily", "weekly"];
/// How long a confirmation link works.
pub const CONFIRM_TTL_SECS: i64 = 3 * 86_400;

/// What is wrong with a list asked for, as a message key.
pub type Problem = &'static str;

/// The list a form names: a known frequency, a section slug ("" for every section) and
/// one of the site's languages.
pub async fn parse_list(
    state: &AppState,
    frequency: &str,
    section: &str,
    language: &str,
) -> Result<ListKey, Problem> {
    if !FREQUENCIES.contains(&frequency) {
        return Err("nl-error-frequency");
    }
    if !state.i18n.locales().any(|l| l == language) {
        return Err("nl-error-language");
    }
    let section_id = match section.trim() {
        "" => 0,
        slug => {
            let site = state.site_data().await.map_err(|_| "nl-error-section")?;
            let found = site.sections.iter().find(|s| s.slug == slug);
            found.ok_or("nl-error-section")?.id
        }
    };
    Ok(ListKey {
        frequency: frequency.into(),
        section_id,
        language: language.into(),
    })
}

/// "Daily digest: City, in English", in `locale`.
pub fn list_label(state: &AppState, locale: &str, list: &ListKey, sections: &[Section]) -> String {
    let section = sections
        .iter()
        .find(|s| s.id == list.section_id)
        .map(|s| crate::editorial::taxonomy::section_label(s, locale))
        .unwrap_or_else(|| state.i18n.t(locale, "nl-all-sections", None));
    let mut args = fluent_bundle::FluentArgs::new();
    args.set(
        "frequency",
        state
            .i18n
            .t(locale, &format!("nl-{}", list.frequency), None),
    );
    args.set("section", section);
    args.set(
        "language",
        state.i18n.t(&list.language, "language-name", None),
    );
    state.i18n.t(locale, "nl-list-label", Some(&args))
}

/// Puts `email` on `list`: at once when `proven` (a signed-in reader's verified
/// address), else pending with a confirmation link mailed in `locale`. Nothing is mailed
/// for an address already on the list.
pub async fn subscribe(
    state: &AppState,
    locale: &str,
    email: &str,
    user_id: Option<i64>,
    list: &ListKey,
    proven: bool,
) -> Result<Subscribed, AppError> {
    let outcome = state
        .store
        .subscribe_newsletter(email, user_id, list, proven, CONFIRM_TTL_SECS)
        .await?;
    if let Subscribed::Pending(token) = &outcome {
        let sections = state.site_data().await?.sections.clone();
        let args = [
            ("list", list_label(state, locale, list, &sections)),
            (
                "link",
                format!("{}/newsletters/confirm/{token}", state.options.base_url),
            ),
        ];
        let message = mail::compose(&state.i18n, locale, "newsletter-confirm", email, &args);
        state.mailer.send(&state.store, message).await?;
    }
    Ok(outcome)
}
