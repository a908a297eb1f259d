//! Shared by the reader-site tests: the demo app with its state in hand (for the page
//! cache), and articles published straight through the store.

use crate::common::TestApp;
use broadsheet::config::DataConfig;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet_domain::ArticleStatus;
use broadsheet_store::{NewArticle, Store};
use broadsheet_testkit::TestDb;
use std::collections::BTreeMap;

/// The demo newspaper, plus the state behind its router.
pub async fn demo(db: &TestDb) -> (TestApp, AppState) {
    let store = Store::open(&db.url).await.expect("open store");
    broadsheet::content::first_start::run(&store, true, "http://127.0.0.1:8080")
        .await
        .expect("first start");
    let data = DataConfig::new(std::env::temp_dir(), None).unwrap();
    let options = SiteOptions {
        site_name: "The Harbour Ledger".into(),
        ..SiteOptions::local()
    };
    let state = AppState::new(store.clone(), data, options).expect("state");
    let app = TestApp {
        router: broadsheet::router::build(state.clone()),
        store,
        cookies: BTreeMap::new(),
    };
    (app, state)
}

/// Publishes an article in section `section` (by slug) now, returning its id.
pub async fn publish(store: &Store, section: &str, slug: &str, headline: &str, body: &str) -> i64 {
    let section_id = store.section_by_slug(section).await.unwrap().unwrap().id;
    store
        .create_article(&NewArticle {
            section_id,
            slug: slug.into(),
            headline: headline.into(),
            standfirst: format!("{headline}: what happened."),
            body_md: body.into(),
            body_html: format!("<p>{body}</p>"),
            language: "en".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(broadsheet_store::now()),
            word_count: 400,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// An app on `app`'s store whose theme folder holds `files` (path, contents), with the
/// folder (remove it when done); every other file is the built-in theme's.
pub fn themed(app: &TestApp, files: &[(&str, &[u8])]) -> (TestApp, std::path::PathBuf) {
    let dir = broadsheet_testkit::temp_dir("bs-theme");
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let options = SiteOptions {
        theme_dir: Some(dir.clone()),
        ..SiteOptions::local()
    };
    let data = DataConfig::new(std::env::temp_dir(), None).unwrap();
    let state = AppState::new(app.store.clone(), data, options).unwrap();
    let themed = TestApp {
        router: broadsheet::router::build(state),
        store: app.store.clone(),
        cookies: BTreeMap::new(),
    };
    (themed, dir)
}

/// A built-in theme file, as text.
pub fn theme_text(path: &str) -> String {
    String::from_utf8(broadsheet::theme::read(None, path).unwrap().into_owned()).unwrap()
}
