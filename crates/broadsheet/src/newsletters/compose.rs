//! Newsletter bodies from the theme: `newsletter/{digest,breaking}.{html,txt}` rendered
//! once per send in its language; each recipient's unsubscribe token is put in at
//! sending time in place of [`TOKEN_MARK`].

use super::list_label;
use crate::error::AppError;
use crate::state::AppState;
use broadsheet_store::{Article, ArticleSummary, ListKey};
use serde::Serialize;

/// Stands for the recipient's unsubscribe token in a stored body (letters and dashes
/// only, so escaping leaves it as it is).
pub const TOKEN_MARK: &str = "UNSUBSCRIBE-TOKEN-MARK";

/// A send's subject and bodies, before they are made personal.
pub struct Bodies {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A story as a newsletter shows it.
#[derive(Serialize)]
struct Story {
    headline: String,
    standfirst: String,
    section: String,
    url: String,
    published_at: Option<i64>,
}

fn story(state: &AppState, a: &ArticleSummary) -> Story {
    Story {
        headline: a.headline.clone(),
        standfirst: a.standfirst.clone(),
        section: a.section_name.clone(),
        url: format!("{}/{}/{}", state.options.base_url, a.section_slug, a.slug),
        published_at: a.published_at,
    }
}

/// The unsubscribe address of one recipient.
pub fn unsubscribe_url(state: &AppState, token: &str) -> String {
    format!("{}/newsletters/unsubscribe/{token}", state.options.base_url)
}

/// `body` for the owner of `token`.
pub fn personal(body: &str, token: &str) -> String {
    body.replace(TOKEN_MARK, token)
}

/// Renders `newsletter/<name>.{txt,html}` in `language` with `nl`.
fn render(
    state: &AppState,
    name: &str,
    language: &str,
    subject: String,
    nl: impl Serialize,
) -> Result<Bodies, AppError> {
    let nl = minijinja::Value::from(minijinja::value::Serde(nl));
    let ctx = minijinja::context! {
        site => minijinja::context! { name => state.site_name(), base_url => &state.options.base_url },
        lang => language,
        nl => nl,
        unsubscribe => unsubscribe_url(state, TOKEN_MARK),
    };
    let env = &state.theme.env;
    Ok(Bodies {
        text: env
            .get_template(&format!("newsletter/{name}.txt"))?
            .render(&ctx)?,
        html: env
            .get_template(&format!("newsletter/{name}.html"))?
            .render(&ctx)?,
        subject,
    })
}

/// A digest of `stories` for `list`.
pub async fn digest(
    state: &AppState,
    list: &ListKey,
    stories: &[ArticleSummary],
) -> Result<Bodies, AppError> {
    let sections = state.site_data().await?.sections.clone();
    let lang = list.language.as_str();
    let label = list_label(state, lang, list, &sections);
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("site", state.site_name().to_string());
    args.set("list", label.clone());
    let subject = state.i18n.t(lang, "nl-digest-subject", Some(&args));
    let stories: Vec<Story> = stories.iter().map(|a| story(state, a)).collect();
    let nl = serde_json::json!({ "list": label, "stories": stories });
    render(state, "digest", lang, subject, nl)
}

/// One story as breaking news, in the story's language.
pub fn breaking(state: &AppState, article: &Article) -> Result<Bodies, AppError> {
    let lang = article.summary.language.as_str();
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("headline", article.summary.headline.clone());
    let subject = state.i18n.t(lang, "nl-breaking-subject", Some(&args));
    let nl = serde_json::json!({ "story": story(state, &article.summary) });
    render(state, "breaking", lang, subject, nl)
}
