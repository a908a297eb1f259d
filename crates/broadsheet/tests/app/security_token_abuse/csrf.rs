//! The comment API skips the CSRF check only for a bearer token that authenticated the
//! request; JSON API writes need a JSON content type.

use crate::common::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet_domain::Role;
use broadsheet_testkit::TestDb;
use serde_json::json;

const BODY: &str = "The harbour board should publish its dredging minutes.";

/// A POST with `headers` (the app adds its cookies).
fn post(uri: &str, headers: &[(&str, &str)], body: String) -> Request<Body> {
    let mut b = Request::post(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::from(body)).unwrap()
}

async fn comment_count(app: &TestApp, article: i64) -> i64 {
    app.store
        .comment_article(article)
        .await
        .unwrap()
        .unwrap()
        .comment_count
}

pub async fn basic_authorization_beside_a_cookie_still_needs_the_csrf_token(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Reader, "victim@example.org").await;
    let (article, _) = app.first_article().await;
    let count = comment_count(&app, article).await;
    let uri = format!("/api/v1/articles/{article}/comments");
    let body = || json!({ "body": BODY }).to_string();
    let json = ("content-type", "application/json");
    // A forged request: the browser adds the cookie, the forger any Authorization.
    for scheme in [
        "Basic Zm9yZ2VyOnNlY3JldA==",
        "bearer lowercase",
        "Token abc",
        "Basic",
    ] {
        let forged = app
            .send(post(&uri, &[json, ("authorization", scheme)], body()))
            .await;
        assert_eq!(
            forged.status,
            StatusCode::FORBIDDEN,
            "{scheme}: {}",
            forged.body
        );
        assert_eq!(TestApp::json(&forged)["error"]["code"], "csrf_rejected");
    }
    // A bearer token that does not authenticate is refused, never taken for the cookie.
    let unknown = app
        .send(post(
            &uri,
            &[json, ("authorization", "Bearer bs_forged")],
            body(),
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "{}", unknown.body);
    assert_eq!(
        comment_count(&app, article).await,
        count,
        "nothing was posted"
    );

    // The cookie with the form token still works, Basic or not; so does a real token.
    let csrf = app.csrf().await;
    let with_token = [
        json,
        ("authorization", "Basic Zm9yZ2VyOnNlY3JldA=="),
        ("x-csrf-token", &csrf),
    ];
    let page = app.send(post(&uri, &with_token, body())).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let (_, token) = app.token_for(Role::Reader, "script@example.org").await;
    let other = json!({ "body": "A second, separate note on the dredging minutes." });
    let page = app.api("POST", &uri, &token, Some(other)).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
}

pub async fn json_api_writes_need_a_json_content_type(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, token) = app.token_for(Role::Reader, "typed@example.org").await;
    let (_, editor) = app
        .token_for(Role::Editor, "typed-editor@example.org")
        .await;
    let (article, _) = app.first_article().await;
    let count = comment_count(&app, article).await;
    let uri = format!("/api/v1/articles/{article}/comments");
    let bearer = format!("Bearer {token}");
    let body = || json!({ "body": BODY }).to_string();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut headers = vec![("authorization", bearer.as_str())];
        headers.extend(content_type.map(|c| ("content-type", c)));
        let page = app.send(post(&uri, &headers, body())).await;
        assert_eq!(
            page.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}: {}",
            page.body
        );
        assert_eq!(
            TestApp::json(&page)["error"]["code"],
            "unsupported_media_type"
        );
    }
    // With the cookie and the form token too.
    app.sign_in_as(Role::Reader, "cookie@example.org").await;
    let csrf = app.csrf().await;
    let plain = [
        ("content-type", "text/plain"),
        ("x-csrf-token", csrf.as_str()),
    ];
    let page = app.send(post(&uri, &plain, body())).await;
    assert_eq!(
        page.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        page.body
    );
    // Reactions carry no body but are writes all the same.
    let like = "/api/v1/comments/1/reactions";
    let page = app
        .send(post(like, &[("authorization", &bearer)], String::new()))
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        page.body
    );
    assert_eq!(
        comment_count(&app, article).await,
        count,
        "nothing was posted"
    );

    // The article API: a body without a content type is refused too.
    let section = json!({ "name": "Untyped", "slug": "untyped" }).to_string();
    let editor = format!("Bearer {editor}");
    let page = app
        .send(post(
            "/api/v1/sections",
            &[("authorization", &editor)],
            section,
        ))
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        page.body
    );

    let typed = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json; charset=utf-8"),
    ];
    let page = app.send(post(&uri, &typed, body())).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
}
