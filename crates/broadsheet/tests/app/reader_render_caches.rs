//! What each node keeps in memory for rendering (decision 0034) never shows an outdated
//! page: an edited article, a renamed section and changed comment settings show at once
//! to a signed-in reader, and a search answered from memory shows a publish or an
//! unpublish at once, on both engines.

use crate::common::TestApp;
use crate::reader_support::{demo, publish};

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use serde_json::json;

on_both_engines!(
    an_edit_shows_at_once_to_a_signed_in_reader,
    sections_and_comment_settings_show_at_once,
    frequent_searches_are_kept_briefly_and_follow_publishing,
);

/// The id and version of the article at `path`, through the API.
async fn api_article(app: &mut TestApp, token: &str, path: &str) -> (i64, i64) {
    let slug = path.rsplit('/').next().unwrap();
    let page = app
        .api("GET", "/api/v1/articles?limit=100", token, None)
        .await;
    let list = TestApp::json(&page);
    let found = list["articles"]
        .as_array()
        .or(list.as_array())
        .unwrap_or_else(|| panic!("an article list: {list}"))
        .iter()
        .find(|a| a["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} listed"))
        .clone();
    let id = found["id"].as_i64().unwrap();
    let page = app
        .api("GET", &format!("/api/v1/articles/{id}"), token, None)
        .await;
    (id, TestApp::json(&page)["version"].as_i64().unwrap())
}

async fn an_edit_shows_at_once_to_a_signed_in_reader(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let (_, path) = app.first_article().await;
    let mut reader = TestApp::on_same(&app);
    reader.sign_in_as(Role::Reader, "reader@example.org").await;
    // Twice: the second render comes from what the node holds.
    for _ in 0..2 {
        let before = reader.get(&path).await;
        assert_eq!(before.status, StatusCode::OK);
        assert!(!before.body.contains("The ferry now sails at dawn"));
    }

    let (_, editor) = app.token_for(Role::Editor, "editor@example.org").await;
    let (id, version) = api_article(&mut app, &editor, &path).await;
    let body = "The ferry now sails at dawn, the harbour master said.";
    let page = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &editor,
            Some(json!({"version": version, "body": body, "headline": "Dawn ferry"})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let after = reader.get(&path).await;
    assert!(
        after.body.contains("The ferry now sails at dawn"),
        "new body"
    );
    assert_eq!(after.texts("h1#headline"), ["Dawn ferry"]);

    // Unpublished: gone at once, for the signed-in reader too.
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/unpublish"),
            &editor,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(reader.get(&path).await.status, StatusCode::NOT_FOUND);
}

async fn sections_and_comment_settings_show_at_once(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let (_, path) = app.first_article().await;
    let mut reader = TestApp::on_same(&app);
    reader.sign_in_as(Role::Reader, "reader@example.org").await;
    let before = reader.get(&path).await;
    assert!(!before.texts(".section-nav a").is_empty());
    assert!(!before.body.contains("Harbour Pages"));

    let mut admin = TestApp::on_same(&app);
    admin.sign_in_as(Role::Admin, "admin@example.org").await;
    let city = app.store.section_by_slug("city").await.unwrap().unwrap();
    let renamed = admin
        .submit(
            &format!("/newsroom/sections/{}", city.id),
            &[
                ("name", "Harbour Pages"),
                ("name_tr", ""),
                ("description", ""),
            ],
        )
        .await;
    assert!(renamed.status.is_redirection() || renamed.status.is_success());
    let nav = reader.get(&path).await.texts(".section-nav a");
    assert!(nav.iter().any(|n| n == "Harbour Pages"), "{nav:?}");
    assert!(
        app.get("/")
            .await
            .texts(".section-nav a")
            .contains(&"Harbour Pages".to_string())
    );

    let summary = "Argue about the tide tables, never about each other.";
    let saved = admin
        .submit(
            "/newsroom/comment-settings",
            &[
                ("summary.en", summary),
                ("full.en", "Be kind."),
                ("auto_close_days", ""),
            ],
        )
        .await;
    assert!(
        saved.status.is_redirection(),
        "{}: {}",
        saved.status,
        saved.body
    );
    let page = reader.get(&path).await;
    assert!(page.body.contains(summary), "the new summary shows at once");
}

/// Whether a search page lists the lighthouse story (its words are highlighted).
fn lists_it(page: &crate::common::Page) -> bool {
    page.texts("main")
        .concat()
        .contains("Lighthouse keeper retires")
}

async fn frequent_searches_are_kept_briefly_and_follow_publishing(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let url = "/search?q=lighthouse+keeper";
    let first = app.get(url).await;
    assert_ne!(first.header("x-cache"), "hit");
    assert!(!lists_it(&first));
    // The second asking is kept; the third is served from memory.
    app.get(url).await;
    let third = app.get(url).await;
    assert_eq!(third.header("x-cache"), "hit");
    assert!(third.header("cache-control").contains("s-maxage=10"));

    let id = publish(
        &app.store,
        "city",
        "lighthouse-keeper-retires",
        "Lighthouse keeper retires",
        "The last lighthouse keeper hands over the keys.",
    )
    .await;
    // Published straight through the store: the newsroom would name the change.
    let (_, editor) = app.token_for(Role::Editor, "editor@example.org").await;
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/unpublish"),
            &editor,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!lists_it(&app.get(url).await));
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/publish"),
            &editor,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    app.get(url).await;
    let found = app.get(url).await;
    assert!(lists_it(&found), "published: found at once");
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/unpublish"),
            &editor,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!lists_it(&app.get(url).await), "unpublished: gone at once");
}
