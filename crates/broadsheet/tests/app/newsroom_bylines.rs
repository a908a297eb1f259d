//! Bylines are the desk's call, through the JSON API on both engines: a writer can
//! neither name a colleague on a story nor drop or reorder names (their own included);
//! an editor can, and each change shows in the revision history with the names before
//! and after. The refused saves change nothing.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use serde_json::{Value, json};

on_both_engines!(only_editors_change_who_is_named_on_a_story);

/// The story's bylines, as emails in order.
async fn bylines(app: &mut TestApp, token: &str, id: i64) -> Value {
    let page = app
        .api("GET", &format!("/api/v1/articles/{id}"), token, None)
        .await;
    TestApp::json(&page)["authors"].clone()
}

async fn only_editors_change_who_is_named_on_a_story(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    let (_, ann) = app.token_for(Role::Author, "ann@example.org").await;
    let (_, bob) = app.token_for(Role::Author, "bob@example.org").await;
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;

    // A writer cannot put a colleague's name on a new story.
    let story = json!({"headline": "Lifeboat named", "section": "city", "body": "Text."});
    let mut signed_up = story.clone();
    signed_up["authors"] = json!(["ann@example.org", "bob@example.org"]);
    let page = app
        .api("POST", "/api/v1/articles", &ann, Some(signed_up))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert_eq!(TestApp::json(&page)["error"]["field"], "authors");
    assert_eq!(app.store.count_articles().await.unwrap(), 0);
    let page = app.api("POST", "/api/v1/articles", &ann, Some(story)).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let id = TestApp::json(&page)["id"].as_i64().unwrap();
    let url = format!("/api/v1/articles/{id}");

    // The editor adds Bob; the history says so.
    let both = json!(["ann@example.org", "bob@example.org"]);
    let page = app
        .api(
            "PATCH",
            &url,
            &ed,
            Some(json!({"version": 1, "authors": both})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let history = app.store.list_revisions(id).await.unwrap();
    assert_eq!(
        history[0].note,
        "saved via API; bylines: ann@example.org → ann@example.org, bob@example.org"
    );

    // Neither writer can drop a name, theirs included, or reorder them.
    for (who, authors) in [
        (&ann, json!(["bob@example.org"])),
        (&bob, json!(["bob@example.org"])),
        (&ann, json!(["bob@example.org", "ann@example.org"])),
        (
            &bob,
            json!(["bob@example.org", "ann@example.org", "ed@example.org"]),
        ),
    ] {
        let change = json!({"version": 2, "authors": authors, "headline": "Changed"});
        let page = app.api("PATCH", &url, who, Some(change)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
        assert_eq!(TestApp::json(&page)["error"]["field"], "authors");
    }
    assert_eq!(bylines(&mut app, &ed, id).await, both);
    assert_eq!(app.store.list_revisions(id).await.unwrap().len(), 2);

    // A writer's ordinary save keeps the names and adds no byline note.
    let page = app
        .api(
            "PATCH",
            &url,
            &bob,
            Some(json!({"version": 2, "standfirst": "A new boat."})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        app.store.list_revisions(id).await.unwrap()[0].note,
        "saved via API"
    );
    assert_eq!(bylines(&mut app, &ed, id).await, both);
}
