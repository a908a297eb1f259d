//! The comments JSON API and the live stream, on both engines.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::json;
use std::time::Duration;
use tower::ServiceExt;

on_both_engines!(
    api_posts_lists_reacts_and_reports,
    cookie_callers_need_the_csrf_header,
    the_stream_delivers_new_comments,
    listing_cards_show_comment_counts
);

async fn listing_cards_show_comment_counts(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, token) = app.token_for(Role::Reader, "count@example.org").await;
    let (article, path) = app.first_article().await;
    let section = path.split('/').nth(1).unwrap().to_string();
    let card = format!(".comment-count[href=\"{path}#comments\"]");
    assert!(
        app.get(&format!("/{section}"))
            .await
            .texts(&card)
            .is_empty(),
        "no count before any comment"
    );
    let url = format!("/api/v1/articles/{article}/comments");
    for body in [
        "The ferry timetable change is overdue, in my view.",
        "Agreed, though the weekend service matters more.",
    ] {
        let posted = app
            .api("POST", &url, &token, Some(json!({ "body": body })))
            .await;
        assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    }
    // Listing cards follow a comment within the documented lag (decision 0020).
    tokio::time::sleep(broadsheet::cache::LISTING_LAG + std::time::Duration::from_millis(200))
        .await;
    assert_eq!(
        app.get(&format!("/{section}")).await.texts(&card),
        ["2 comments"]
    );
    app.cookies.insert("bs_lang".into(), "tr".into());
    assert_eq!(
        app.get(&format!("/{section}")).await.texts(&card),
        ["2 yorum"]
    );
}

async fn api_posts_lists_reacts_and_reports(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, token) = app.token_for(Role::Reader, "api@example.org").await;
    let (article, _) = app.first_article().await;
    let url = format!("/api/v1/articles/{article}/comments");

    let civil = app.api("POST", &url, &token, Some(json!({ "body": "The harbour dredging plan needs a clearer budget before the council votes." }))).await;
    assert_eq!(civil.status, StatusCode::CREATED, "{}", civil.body);
    let civil = TestApp::json(&civil);
    assert_eq!(civil["status"], "visible");
    assert!(civil.get("reasons").is_none());
    let id = civil["id"].as_i64().unwrap();

    let rude = app
        .api(
            "POST",
            &url,
            &token,
            Some(json!({ "body": "You are an idiot.", "parent_id": id })),
        )
        .await;
    assert_eq!(rude.status, StatusCode::CREATED);
    let rude = TestApp::json(&rude);
    assert_eq!(rude["status"], "rejected");
    assert!(!rude["reasons"][0]["message"].as_str().unwrap().is_empty());

    let empty = app
        .api("POST", &url, &token, Some(json!({ "body": "  " })))
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(TestApp::json(&empty)["error"]["code"], "bad_request");
    let junk = app.api("POST", &url, &token, None).await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST);
    let bad_token = app
        .api("POST", &url, "bs_nope", Some(json!({ "body": "hi" })))
        .await;
    assert_eq!(bad_token.status, StatusCode::UNAUTHORIZED);

    let list = TestApp::json(
        &app.api("GET", &format!("{url}?sort=oldest"), &token, None)
            .await,
    );
    assert_eq!(list["comments"][0]["id"], id);
    assert_eq!(list["count"], 1);

    let like = format!("/api/v1/comments/{id}/reactions");
    for _ in 0..2 {
        let page = app
            .api("POST", &like, &token, Some(json!({ "kind": "like" })))
            .await;
        assert_eq!(TestApp::json(&page)["like_count"], 1);
    }
    let unlike = app.api("DELETE", &like, &token, None).await;
    assert_eq!(TestApp::json(&unlike)["like_count"], 0);
    let report = format!("/api/v1/comments/{id}/reports");
    let first = app
        .api("POST", &report, &token, Some(json!({ "reason": "spam" })))
        .await;
    let again = app
        .api("POST", &report, &token, Some(json!({ "reason": "spam" })))
        .await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::CREATED, StatusCode::OK)
    );
}

async fn cookie_callers_need_the_csrf_header(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Reader, "cookie@example.org").await;
    let (article, _) = app.first_article().await;
    let csrf = app.csrf().await;
    let request = |with: bool| {
        let mut b = Request::post(format!("/api/v1/articles/{article}/comments"))
            .header("content-type", "application/json");
        if with {
            b = b.header("x-csrf-token", csrf.clone());
        }
        b.body(Body::from(
            json!({ "body": "The council should publish the full dredging budget." }).to_string(),
        ))
        .unwrap()
    };
    assert_eq!(app.send(request(false)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send(request(true)).await.status, StatusCode::CREATED);
}

async fn the_stream_delivers_new_comments(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, token) = app.token_for(Role::Reader, "live@example.org").await;
    let (article, _) = app.first_article().await;
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(format!("/api/v1/articles/{article}/comments/stream"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = response.into_body();
    // Its first bytes are there at once, before any comment: a proxy in front passes
    // the stream's head on with them (a zero timeout polls the body exactly once).
    let first = tokio::time::timeout(Duration::ZERO, body.frame())
        .await
        .expect("the stream's first bytes are ready at once")
        .expect("stream open")
        .unwrap();
    let first = String::from_utf8_lossy(first.data_ref().unwrap()).into_owned();
    assert!(first.starts_with(':'), "an SSE comment line: {first:?}");
    let url = format!("/api/v1/articles/{article}/comments");
    let posted = app
        .api(
            "POST",
            &url,
            &token,
            Some(json!({ "body": "The quay was busy with ferry passengers this morning." })),
        )
        .await;
    let id = TestApp::json(&posted)["id"].as_i64().unwrap();
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains("The quay was busy with ferry passengers this morning.") {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .expect("an event within 10 s");
        let frame = frame.expect("stream open").unwrap();
        if let Some(data) = frame.data_ref() {
            seen.push_str(&String::from_utf8_lossy(data));
        }
    }
    assert!(seen.contains("event: comment"), "{seen}");
    assert!(seen.contains(&format!("id: {id}")), "{seen}");
    assert!(seen.contains(&format!("c-{id}")), "{seen}");
}
