//! The theme: every template renders with fixture data in every language, and every
//! language has every message the templates ask for.

use broadsheet::config::DataConfig;
use broadsheet::i18n::I18n;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet::theme::Theme;
use broadsheet::web::page::render_html;
use serde_json::json;

/// One fixture holding every variable any template reads.
fn fixture() -> serde_json::Value {
    let summary = json!({
        "id": 1, "slug": "harbour-story", "headline": "Harbour <b>story</b>", "standfirst": "What happened.",
        "language": "en", "status": "published", "section_slug": "city", "section_name": "City",
        "image_url": "", "image_alt": "", "featured": true, "word_count": 500,
        "published_at": 1_790_000_000, "updated_at": 1_790_000_100
    });
    let mut article = summary.clone();
    article.as_object_mut().unwrap().extend(
        json!({
            "section_id": 1, "body_md": "## Hi", "body_html": "<h2>Hi</h2><p>Body</p>", "dateline": "PORT ALDER",
            "image_caption": "", "image_credit": "", "comments_open": true, "seo_title": "", "seo_description": "",
            "canonical_url": "", "version": 1, "publish_at": null, "created_at": 1_790_000_000
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    json!({
        "lead": summary, "latest": [summary], "article": article,
        "bylines": [{"article_id": 1, "user_id": 1, "display_name": "Nora", "position": 0}],
        "reading_minutes": 3, "status": 404, "code": "not_found", "message": "Not found",
        "error": "Bad", "email": "a@example.org", "name": "A"
    })
}

async fn state() -> AppState {
    let db = broadsheet_testkit::sqlite();
    let store = broadsheet_store::Store::open(&db.url).await.unwrap();
    std::mem::forget(db); // the store outlives this function; the temp dir is tiny
    let data = DataConfig::new(std::env::temp_dir(), None).unwrap();
    AppState::new(store, data, SiteOptions::local()).unwrap()
}

#[tokio::test]
async fn every_template_renders_in_every_language() {
    let state = state().await;
    let names: Vec<&str> = Theme::template_names()
        .filter(|n| *n != "base.html")
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    for locale in state.i18n.locales() {
        for name in &names {
            let html = render_html(&state, locale, None, "tok", "/", name, fixture())
                .unwrap_or_else(|e| panic!("{name} in {locale}: {e:?}"))
                .0;
            assert!(html.contains(&format!("<html lang=\"{locale}\"")), "{name}");
            assert!(!html.contains("<b>story</b>"), "{name} must escape text");
        }
    }
}

#[test]
fn every_language_has_every_message() {
    let i18n = I18n::load(None, "en").unwrap();
    let en = i18n.keys("en");
    assert!(en.len() > 20);
    for locale in i18n.locales() {
        assert_eq!(i18n.keys(locale), en, "{locale} differs from en");
    }
    // Every t("…") a template uses exists in English.
    for name in Theme::template_names() {
        let text = String::from_utf8(
            broadsheet::theme::read(None, &format!("templates/{name}"))
                .unwrap()
                .into_owned(),
        )
        .unwrap();
        for piece in text.split("t(\"").skip(1) {
            let key = piece.split('"').next().unwrap();
            assert!(
                en.iter().any(|k| k == key),
                "{name} uses missing message {key}"
            );
        }
    }
}

#[test]
fn turkish_dates_use_turkish_month_names() {
    let i18n = std::sync::Arc::new(I18n::load(None, "en").unwrap());
    let theme = Theme::load(None, i18n).unwrap();
    let tpl = theme.env.template_from_str("{{ ts | date }}").unwrap();
    let ts = 1_795_700_000i64; // late November 2026
    assert_eq!(
        tpl.render(minijinja::context! { lang => "tr", ts => ts })
            .unwrap(),
        "26 Kasım 2026"
    );
    assert_eq!(
        tpl.render(minijinja::context! { lang => "en", ts => ts })
            .unwrap(),
        "26 November 2026"
    );
}
