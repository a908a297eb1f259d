//! Comment settings kept in the site's settings table, with our defaults: the community
//! guidelines per language, guest posting, auto-close and the edit window.

use crate::cache::Change;
use crate::cache::SiteData;
use crate::theme_files::DEMO_FILES;
use broadsheet_store::{CommentArticle, Store, StoreError};

/// How long an author may edit a comment.
pub const EDIT_WINDOW_SECS: i64 = 10 * 60;
/// The longest comment body, in characters.
pub const MAX_BODY_CHARS: usize = 5000;

/// Setting keys.
pub const GUEST_POSTING: &str = "comments.guest_posting";
pub const AUTO_CLOSE_DAYS: &str = "comments.auto_close_days";

pub fn guidelines_key(locale: &str) -> String {
    format!("comments.guidelines.{locale}")
}

pub fn summary_key(locale: &str) -> String {
    format!("comments.guidelines_summary.{locale}")
}

/// The built-in text of a demo file (`guidelines.en.md`, …), falling back to English.
fn builtin(prefix: &str, locale: &str, ext: &str) -> String {
    for lang in [locale, "en"] {
        let name = format!("{prefix}.{lang}.{ext}");
        if let Some((_, bytes)) = DEMO_FILES.iter().find(|(n, _)| *n == name) {
            return String::from_utf8_lossy(bytes).trim().to_string();
        }
    }
    String::new()
}

/// Saves the comment settings an administrator sends together (guideline texts per
/// language, guest posting, auto-close days) in one transaction; every page may show
/// them.
pub async fn save(
    state: &crate::state::AppState,
    mut texts: Vec<(String, String)>,
    guest_posting: bool,
    auto_close_days: &str,
) -> Result<(), StoreError> {
    let guests = if guest_posting { "on" } else { "off" };
    texts.push((GUEST_POSTING.to_string(), guests.to_string()));
    texts.push((AUTO_CLOSE_DAYS.to_string(), auto_close_days.to_string()));
    state.store.set_settings(&texts).await?;
    state.after_write(Change::Everything);
    Ok(())
}

/// The full guidelines (Markdown) in `locale`: the edited setting or our default.
pub async fn guidelines(store: &Store, locale: &str) -> Result<String, StoreError> {
    Ok(match store.setting(&guidelines_key(locale)).await? {
        Some(text) if !text.trim().is_empty() => text,
        _ => builtin("guidelines", locale, "md"),
    })
}

/// The short guidelines shown above the comment form.
pub async fn summary(store: &Store, locale: &str) -> Result<String, StoreError> {
    let stored = store.setting(&summary_key(locale)).await?;
    Ok(summary_or_default(stored.as_deref(), locale))
}

/// [`summary`] from a node's copy of the settings.
pub fn summary_in(site: &SiteData, locale: &str) -> String {
    summary_or_default(site.setting(&summary_key(locale)), locale)
}

fn summary_or_default(stored: Option<&str>, locale: &str) -> String {
    match stored {
        Some(text) if !text.trim().is_empty() => text.to_string(),
        _ => builtin("guidelines-summary", locale, "txt"),
    }
}

pub async fn guest_posting(store: &Store) -> Result<bool, StoreError> {
    Ok(is_on(store.setting(GUEST_POSTING).await?.as_deref()))
}

/// [`guest_posting`] from a node's copy of the settings.
pub fn guest_posting_in(site: &SiteData) -> bool {
    is_on(site.setting(GUEST_POSTING))
}

fn is_on(stored: Option<&str>) -> bool {
    stored.is_some_and(|v| v == "on" || v == "true")
}

/// Whether new comments are accepted: the article's switch, and the site's auto-close
/// after N days from publication (0 or unset: never).
pub async fn is_open(store: &Store, article: &CommentArticle) -> Result<bool, StoreError> {
    if !article.comments_open {
        return Ok(false);
    }
    let days = store.setting(AUTO_CLOSE_DAYS).await?;
    Ok(open_for(days.as_deref(), article))
}

/// [`is_open`] from a node's copy of the settings.
pub fn is_open_in(site: &SiteData, article: &CommentArticle) -> bool {
    article.comments_open && open_for(site.setting(AUTO_CLOSE_DAYS), article)
}

fn open_for(auto_close_days: Option<&str>, article: &CommentArticle) -> bool {
    let days: i64 = auto_close_days
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let closes = article.published_at.map(|p| p + days * 86_400);
    days <= 0 || closes.is_none_or(|c| broadsheet_store::now() < c)
}
