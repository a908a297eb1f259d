//! Managing endpoints: loopback targets are refused unless allowed (at registration and
//! at send time), only administrators manage endpoints and forms need their token, and
//! the newsroom registers, tests, rotates, disables and deletes an endpoint.

use super::{Receiver, publish, register, site, verified};
use crate::common::TestApp;
use axum::http::StatusCode;
use broadsheet::webhooks::send::deliver_due;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use serde_json::json;

on_both_engines!(
    loopback_targets_are_refused_unless_private_targets_are_allowed,
    only_administrators_manage_webhooks_and_forms_need_their_token,
    the_newsroom_registers_tests_rotates_and_deletes_an_endpoint,
);

async fn loopback_targets_are_refused_unless_private_targets_are_allowed(db: &TestDb) {
    let (mut app, state, admin) = site(db).await;
    let receiver = Receiver::start(&[]).await;
    let (id, _) = register(&mut app, &admin, &receiver.url, &["article.published"]).await;

    // Turned off by an administrator in the newsroom (audit-logged).
    app.sign_in_as(Role::Admin, "desk@example.org").await;
    let page = app.submit("/newsroom/webhooks/settings", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let log = app.store.moderation_log(None, None, None, 5).await.unwrap();
    assert_eq!(log[0].action, "setting-changed");

    // Registration refuses loopback, private and non-http addresses, and stores nothing.
    for url in [
        receiver.url.as_str(),
        "http://localhost:9/hook",
        "http://10.0.0.7/hook",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data",
        "ftp://example.org/",
    ] {
        let body = json!({ "url": url, "events": ["article.published"] });
        let page = app
            .api("POST", "/api/v1/webhooks", &admin, Some(body))
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{url}: {}", page.body);
        assert_eq!(TestApp::json(&page)["error"]["field"], "url");
        let page = app
            .submit(
                "/newsroom/webhooks",
                &[("url", url), ("events", "article.published")],
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{url}");
    }
    assert_eq!(app.store.webhook_endpoints().await.unwrap().len(), 1);

    // The endpoint registered while it was allowed is refused at send time.
    publish(&mut app, &admin, "Harbour closed").await;
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        1
    );
    assert!(
        receiver.received().is_empty(),
        "a loopback target was reached"
    );
    let delivery = &app.store.webhook_deliveries(id, 1).await.unwrap()[0];
    let tries = app.store.webhook_attempts(delivery.id).await.unwrap();
    assert_eq!(tries.len(), 1);
    assert_eq!(tries[0].status, None);
    assert!(tries[0].error.contains("127.0.0.1"), "{}", tries[0].error);
    assert!(
        delivery.next_attempt_at.is_some(),
        "a refusal is retried like a failure"
    );
}

async fn only_administrators_manage_webhooks_and_forms_need_their_token(db: &TestDb) {
    let (mut app, state, admin) = site(db).await;
    let receiver = Receiver::start(&[]).await;
    let (id, _) = register(&mut app, &admin, &receiver.url, &["article.published"]).await;

    for role in [Role::Editor, Role::Moderator, Role::Reader] {
        let (_, token) = app
            .token_for(role, &format!("{}@example.org", role.as_str()))
            .await;
        for (method, path) in [
            ("GET", "/api/v1/webhooks".to_string()),
            ("POST", "/api/v1/webhooks".to_string()),
            ("DELETE", format!("/api/v1/webhooks/{id}")),
        ] {
            let body = json!({ "url": "http://example.org/", "events": ["article.published"] });
            let page = app.api(method, &path, &token, Some(body)).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{role:?} {method} {path}"
            );
        }
    }
    let mut editor = TestApp::on_same(&app);
    editor.sign_in_as(Role::Editor, "ed@example.org").await;
    assert_eq!(
        editor.get("/newsroom/webhooks").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.get(&format!("/newsroom/webhooks/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    for path in [
        format!("/newsroom/webhooks/{id}/delete"),
        format!("/newsroom/webhooks/{id}/rotate"),
        "/newsroom/webhooks/settings".into(),
    ] {
        assert_eq!(
            editor.submit(&path, &[]).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let page = editor
        .submit(
            "/newsroom/webhooks",
            &[
                ("url", "http://example.org/"),
                ("events", "article.published"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // An administrator's form without the form token changes nothing.
    app.sign_in_as(Role::Admin, "desk@example.org").await;
    let page = app
        .post_form(&format!("/newsroom/webhooks/{id}/delete"), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    let page = app
        .post_form(
            "/newsroom/webhooks",
            &[
                ("url", "http://example.org/"),
                ("events", "article.published"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.webhook_endpoints().await.unwrap().len(), 1);
    let page = app
        .post_form(
            &format!("/newsroom/webhooks/{id}/test"),
            &[("csrf", "forged")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        0
    );
}

async fn the_newsroom_registers_tests_rotates_and_deletes_an_endpoint(db: &TestDb) {
    let (mut app, state, _) = site(db).await;
    let receiver = Receiver::start(&[]).await;
    app.sign_in_as(Role::Admin, "desk@example.org").await;
    assert_eq!(
        app.get("/newsroom/webhooks/new").await.status,
        StatusCode::OK
    );

    // Bad input: no events, an unknown event. Nothing is stored.
    let page = app
        .submit("/newsroom/webhooks", &[("url", &receiver.url)])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = app
        .submit(
            "/newsroom/webhooks",
            &[("url", &receiver.url), ("events", "article.deleted")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(app.store.webhook_endpoints().await.unwrap().is_empty());

    let fields = [
        ("url", receiver.url.as_str()),
        ("events", "article.published"),
        ("events", "comment.posted"),
        ("enabled", "on"),
    ];
    let page = app.submit("/newsroom/webhooks", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let first_secret = page.texts("code.webhook-secret").remove(0);
    assert!(first_secret.starts_with("whsec_"));
    let endpoint = app.store.webhook_endpoints().await.unwrap().remove(0);
    assert_eq!(endpoint.events, "article.published comment.posted");
    assert!(
        !endpoint.secret.contains(&first_secret[6..]),
        "the secret is sealed at rest"
    );
    let listed = app.get("/newsroom/webhooks").await;
    assert_eq!(listed.texts("tr.webhook").len(), 1);
    assert!(
        !listed.body.contains(&first_secret),
        "the secret is shown only once"
    );

    let page = app
        .submit(&format!("/newsroom/webhooks/{}/rotate", endpoint.id), &[])
        .await;
    let secret = page.texts("code.webhook-secret").remove(0);
    assert_ne!(secret, first_secret);
    let page = app
        .submit(&format!("/newsroom/webhooks/{}/test", endpoint.id), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        1
    );
    let body = verified(&receiver.received()[0], &secret);
    assert_eq!(body["event"], "webhook.test");
    let page = app
        .get(&format!("/newsroom/webhooks/{}", endpoint.id))
        .await;
    assert_eq!(page.texts("tr.delivery").len(), 1);

    // Disabling keeps the endpoint but sends it nothing.
    let fields = [("url", receiver.url.as_str()), ("events", "comment.posted")];
    let page = app
        .submit(&format!("/newsroom/webhooks/{}", endpoint.id), &fields)
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .webhook_endpoint(endpoint.id)
            .await
            .unwrap()
            .unwrap()
            .enabled
    );
    let page = app
        .submit(&format!("/newsroom/webhooks/{}/test", endpoint.id), &[])
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);

    let page = app
        .submit(&format!("/newsroom/webhooks/{}/delete", endpoint.id), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(app.store.webhook_endpoints().await.unwrap().is_empty());
    let actions: Vec<String> = app
        .store
        .moderation_log(None, None, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    for action in [
        "webhook-created",
        "webhook-secret-rotated",
        "webhook-updated",
        "webhook-deleted",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} not in {actions:?}"
        );
    }
}
