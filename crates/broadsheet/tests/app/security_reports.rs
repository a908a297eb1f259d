//! Reports and likes hold against throwaway accounts, on both engines: they need a
//! verified account in good standing and stay within per-reader limits; reports are
//! weighted by the reporter's standing (a new account's counts half an established
//! reader's, a trusted reader's one and a half), a trusted author's comment needs twice
//! the weight, and hiding is one transaction with its audit row.

use crate::common;
use broadsheet_store::CommentStatus;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_store::StandingChange;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use serde_json::json;

on_both_engines!(
    unverified_and_barred_readers_cannot_report_or_like,
    three_new_accounts_no_longer_hide_a_comment,
    likes_in_a_loop_are_limited,
);

/// A visible comment by a fresh reader on the first article; returns its id.
async fn visible_comment(app: &mut TestApp, author: &str, trusted: bool) -> i64 {
    let (user, token) = app.token_for(Role::Reader, author).await;
    if trusted {
        app.store
            .change_standing(user.id, StandingChange::Trust, user.id, "")
            .await
            .unwrap();
    }
    let (article, _) = app.first_article().await;
    let url = format!("/api/v1/articles/{article}/comments");
    let body =
        json!({ "body": "The new tram timetable leaves the harbour stop unserved after nine." });
    let posted = app.api("POST", &url, &token, Some(body)).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let id = TestApp::json(&posted)["id"].as_i64().unwrap();
    assert_eq!(
        app.store.comment(id).await.unwrap().unwrap().status,
        CommentStatus::Visible
    );
    id
}

async fn report(app: &mut TestApp, token: &str, comment: i64) -> StatusCode {
    let url = format!("/api/v1/comments/{comment}/reports");
    let body = json!({ "reason": "rude" });
    app.api("POST", &url, token, Some(body)).await.status
}

async fn unverified_and_barred_readers_cannot_report_or_like(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let comment = visible_comment(&mut app, "author@example.org", false).await;
    let email = broadsheet_domain::EmailAddress::parse("fresh@example.org").unwrap();
    let fresh = app.store.create_reader(&email, "Fresh", "x").await.unwrap();
    let (_, unverified) = app.store.create_api_token(fresh.id, "t").await.unwrap();
    assert_eq!(
        report(&mut app, &unverified, comment).await,
        StatusCode::BAD_REQUEST
    );
    let like = format!("/api/v1/comments/{comment}/reactions");
    let liked = app.api("POST", &like, &unverified, None).await;
    assert_eq!(liked.status, StatusCode::BAD_REQUEST, "{}", liked.body);

    let (banned, token) = app.token_for(Role::Reader, "banned@example.org").await;
    app.store
        .change_standing(banned.id, StandingChange::Ban, banned.id, "")
        .await
        .unwrap();
    assert_eq!(
        report(&mut app, &token, comment).await,
        StatusCode::FORBIDDEN
    );
    let c = app.store.comment(comment).await.unwrap().unwrap();
    assert_eq!(
        (c.report_count, c.like_count),
        (0, 0),
        "nothing was counted"
    );
}

async fn three_new_accounts_no_longer_hide_a_comment(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let comment = visible_comment(&mut app, "author@example.org", false).await;
    for n in 0..3 {
        let (_, token) = app
            .token_for(Role::Reader, &format!("new{n}@example.org"))
            .await;
        assert_eq!(report(&mut app, &token, comment).await, StatusCode::CREATED);
    }
    let c = app.store.comment(comment).await.unwrap().unwrap();
    assert_eq!((c.status.as_str(), c.report_count), ("visible", 3));

    // A trusted reader's report (weight 3) on top of theirs (3 × 1) reaches the default
    // line of three established readers (3 × 2): the comment waits for a moderator.
    let mut trusted = Vec::new();
    for n in 0..2 {
        let email = format!("t{n}@example.org");
        let (user, token) = app.token_for(Role::Reader, &email).await;
        app.store
            .change_standing(user.id, StandingChange::Trust, user.id, "")
            .await
            .unwrap();
        trusted.push(token);
    }
    let status = |app: &TestApp, id: i64| {
        let store = app.store.clone();
        async move { store.comment(id).await.unwrap().unwrap().status }
    };
    assert_eq!(
        report(&mut app, &trusted[0], comment).await,
        StatusCode::CREATED
    );
    assert_eq!(status(&app, comment).await, CommentStatus::Pending);
    let log = app
        .store
        .moderation_log(Some(comment), None, None, 5)
        .await
        .unwrap();
    assert_eq!(
        log[0].action, "hidden:reports",
        "hidden and logged together"
    );

    // A trusted author's comment needs twice the weight: two trusted readers and three
    // new accounts (3 + 3 + 3 = 9 of 12) leave it up.
    let protected = visible_comment(&mut app, "veteran@example.org", true).await;
    for token in &trusted {
        assert_eq!(
            report(&mut app, token, protected).await,
            StatusCode::CREATED
        );
    }
    for n in 0..3 {
        let (_, token) = app
            .token_for(Role::Reader, &format!("p{n}@example.org"))
            .await;
        assert_eq!(
            report(&mut app, &token, protected).await,
            StatusCode::CREATED
        );
    }
    assert_eq!(status(&app, protected).await, CommentStatus::Visible);
}

async fn likes_in_a_loop_are_limited(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let comment = visible_comment(&mut app, "author@example.org", false).await;
    let (_, token) = app.token_for(Role::Reader, "looper@example.org").await;
    let like = format!("/api/v1/comments/{comment}/reactions");
    let mut statuses = Vec::new();
    for n in 0..40 {
        let method = if n % 2 == 0 { "POST" } else { "DELETE" };
        statuses.push(app.api(method, &like, &token, None).await.status);
    }
    assert!(
        statuses[..30].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert!(
        statuses[30..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
