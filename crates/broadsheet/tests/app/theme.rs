//! The theme: every template renders with fixture data in every language, every
//! language has every message the templates ask for, and the icons are served (and can
//! be replaced by a theme directory).

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet::config::DataConfig;
use broadsheet::i18n::I18n;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet::theme::Theme;
use broadsheet::web::page::render_html;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

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
    let mut fixture = json!({
        "lead": summary, "latest": [summary], "article": article,
        "bylines": [{"article_id": 1, "user_id": 1, "display_name": "Nora", "position": 0, "url": "/author/1-nora"}],
        // Reader site (web/reader): listings, article extras, search, navigation and SEO.
        "top": [summary], "river": false, "next": "6a-1", "first_page": "/city",
        "sections": [{"section": {"id": 1, "slug": "city", "label": "City"}, "articles": [summary]}],
        "tags": [{"id": 1, "slug": "harbour", "name": "Harbour"}], "related": [summary],
        "url": "http://127.0.0.1:8080/city/harbour-story", "section_path": "/city",
        "kind": "section", "heading": "City", "description": "Council news.", "articles": [summary],
        "q": "harbour", "section": "city", "from": "", "to": "", "searched": true, "page": 1,
        "results": [{"article": summary, "headline": [{"text": "Harbour", "mark": true}], "snippet": [{"text": "<b>story</b>", "mark": false}]}],
        "prev_url": "/search?q=harbour&page=1", "next_url": "/search?q=harbour&page=3",
        "nav": [{"id": 1, "slug": "city", "label": "City"}],
        "seo": {"title": "T", "description": "D", "canonical": "http://127.0.0.1:8080/", "og_type": "website", "image": "",
                "feeds": [{"title": "T", "mime": "application/rss+xml", "href": "/feed/rss.xml"}],
                "alternates": [{"hreflang": "en", "href": "http://127.0.0.1:8080/"}], "json_ld": "{}", "noindex": false},
        "site_page": {"id": 1, "slug": "about", "title": "About <b>story</b>", "body_md": "Us.", "body_html": "<p>Us.</p>",
                      "language": "en", "published": true, "version": 1, "created_at": 1_790_000_000, "updated_at": 1_790_000_000},
        "reading_minutes": 3, "status": 404, "code": "not_found", "message": "Not found",
        "error": "Bad", "email": "a@example.org", "name": "A",
        // Two-step sign-in: the setup page and the code step.
        "pending": "tok", "enabled": false, "secret": "ABCD EFGH IJKL", "link": "otpauth://totp/x"
    });
    let extra = accounts_comments_fixture();
    fixture
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    fixture
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
            // Macro libraries (e.g. ads/slot.html) render no page of their own.
            let source = broadsheet::theme::read(None, &format!("templates/{name}")).unwrap();
            let is_page = String::from_utf8_lossy(&source).contains("{% extends")
                || String::from_utf8_lossy(&source).contains("<html");
            assert!(
                !is_page || html.contains(&format!("<html lang=\"{locale}\"")),
                "{name}"
            );
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
        // `t("key"` calls, not other functions whose names end in t (like `default(""`).
        let calls = text
            .match_indices("t(\"")
            .filter(|(i, _)| !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
        for (i, _) in calls {
            let key = text[i + 3..].split('"').next().unwrap();
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

/// A comment as the comment templates see it, with a reply shown flat below level three.
fn comment_fixture() -> serde_json::Value {
    let reply = json!({
        "id": 3, "article_id": 1, "parent_id": 2, "depth": 3, "author_name": "Bob", "author_id": 2,
        "author_deleted": false, "body_html": "<p>Reply</p>", "status": "visible", "like_count": 2,
        "created_at": 1_790_000_000, "edited": true, "featured": false, "liked": true, "mine": false,
        "can_edit": false, "reply_to": "Ann", "reasons": [], "replies": [], "nonce": "n3"
    });
    json!({
        "id": 2, "article_id": 1, "parent_id": null, "depth": 0, "author_name": "Ann <b>story</b>", "author_id": 1,
        "author_deleted": false, "body_html": "<p>Hello</p>", "status": "pending", "like_count": 1,
        "created_at": 1_790_000_000, "edited": false, "featured": true, "liked": false, "mine": true,
        "can_edit": true, "reply_to": null, "reasons": ["Why"], "replies": [reply], "nonce": "n2"
    })
}

/// The comments section under an article.
fn comments_fixture() -> serde_json::Value {
    json!({
        "article": {"id": 1, "slug": "harbour-story", "section_slug": "city", "headline": "H", "language": "en",
                    "comments_open": true, "published_at": 1_790_000_000, "comment_count": 2},
        "article_url": "/city/harbour-story", "open": true, "count": 2, "sort": "newest",
        "featured": [comment_fixture()], "guidelines": "Be civil.", "guest_posting": false, "unverified": false,
        "nonce": "n1", "page": {"comments": [comment_fixture()], "next_cursor": "0.2", "more_replies": [2]}
    })
}

/// What the accounts and comments templates read.
fn accounts_comments_fixture() -> serde_json::Value {
    json!({
        "title": "T", "link_href": "/", "link_text": "Home", "token": "tok", "unverified": false, "notify_replies": true,
        "me": {"id": 1, "display_name": "Me <b>story</b>", "bio": "Bio", "email": "a@example.org"},
        "tokens": [{"id": 1, "label": "script", "created_at": 1_790_000_000, "revoked_at": null, "expires_at": 1_797_776_000, "last_used_at": null, "state": "active"}], "new_token": "bs_x",
        "history": [{"id": 1, "body_html": "<p>Hi</p>", "status": "pending", "created_at": 1_790_000_000, "reasons": ["Why"]}],
        "person": {"id": 1, "display_name": "P", "bio": "B", "created_at": 1_790_000_000},
        "messages": [{"id": 1, "to_addr": "a@example.org", "subject": "S", "body": "B", "kind": "verify",
                      "transport": "outbox", "created_at": 1_790_000_000, "sent_at": null, "error": null}], "smtp": false,
        "comments": comments_fixture(), "thread": comment_fixture(), "c": comment_fixture(),
        "article_url": "/city/harbour-story", "focus": 1, "more_after": 9, "open": true,
        "action": "/articles/1/comments", "body": "text", "parent_id": "", "nonce": "n", "reasons": ["Why"],
        "editing": false, "guest_name": "", "guest_email": "", "guidelines_html": "<p>G</p>",
        "languages": [{"lang": "en", "summary": "S", "full": "F"}], "guest_posting": false, "auto_close_days": "", "saved": false,
    })
}

on_both_engines!(the_icons_are_served_and_a_theme_dir_replaces_them);

/// Status, content type and raw body of a GET through the app's router.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let kind = headers
        .get("content-type")
        .map_or("", |v| v.to_str().unwrap());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, kind.to_string(), body.to_vec())
}

async fn the_icons_are_served_and_a_theme_dir_replaces_them(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (status, kind, ico) = fetch(&app, "/favicon.ico").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "image/x-icon");
    assert_eq!(ico[..4], [0, 0, 1, 0], "an ICO header (reserved 0, type 1)");

    // Every page links the icons, at addresses that answer.
    let home = app.get("/").await;
    let icons = home.attrs("link[rel=icon]", "href");
    let touch = home.attrs("link[rel=apple-touch-icon]", "href");
    assert!(icons.iter().any(|h| h == "/favicon.ico"), "{icons:?}");
    assert!(icons.iter().any(|h| h.ends_with(".svg")), "{icons:?}");
    assert_eq!(touch.len(), 1, "{touch:?}");
    for href in icons.iter().chain(&touch) {
        let (status, kind, body) = fetch(&app, href).await;
        assert_eq!(status, StatusCode::OK, "{href}");
        assert!(kind.starts_with("image/") && !body.is_empty(), "{href}");
    }

    // A theme directory's static/icons/favicon.ico is what /favicon.ico serves.
    let ours = [&[0u8, 0, 1, 0, 0, 0][..], b"the paper's own icon"].concat();
    let (themed, dir) = crate::reader_support::themed(&app, &[("static/icons/favicon.ico", &ours)]);
    let (status, kind, served) = fetch(&themed, "/favicon.ico").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/x-icon"));
    assert_eq!(served, ours, "the theme's icon, not the built-in one");
    let (_, _, default) = fetch(&app, "/favicon.ico").await;
    assert_eq!(default, ico, "the default is unchanged");
    let _ = std::fs::remove_dir_all(dir);
}
