//! Signed webhooks end to end, on both engines: a receiver on loopback gets article and
//! comment events signed with the endpoint's secret (checked here from scratch), a
//! failing receiver is retried on the backoff schedule with every attempt logged,
//! loopback targets are refused unless allowed, only administrators manage endpoints,
//! disabled endpoints get nothing, and two nodes racing send each delivery once.

use crate::common;

use axum::http::{HeaderMap, StatusCode};
use broadsheet::config::DataConfig;
use broadsheet::state::{AppState, SiteOptions};
use broadsheet::webhooks::send::deliver_due;
use broadsheet_domain::Role;
use broadsheet_store::Store;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

on_both_engines!(
    publishing_delivers_a_signed_article_published_event,
    a_comment_posted_then_approved_or_rejected_delivers_each_event,
    a_failing_receiver_is_retried_on_the_schedule_and_every_attempt_is_logged,
    loopback_targets_are_refused_unless_private_targets_are_allowed,
    only_administrators_manage_webhooks_and_forms_need_their_token,
    the_newsroom_registers_tests_rotates_and_deletes_an_endpoint,
    two_nodes_racing_send_each_delivery_once,
);

/// One request as the receiver got it.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A webhook receiver on a loopback port: records every request and answers with the
/// queued statuses in turn (200 once they run out).
#[derive(Clone)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let queue = Arc::new(Mutex::new(answers.iter().copied().collect::<VecDeque<_>>()));
        let (g, q) = (got.clone(), queue);
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: String| {
            let (g, q) = (g.clone(), q.clone());
            async move {
                g.lock().unwrap().push(Received { headers, body });
                let status = q.lock().unwrap().pop_front().unwrap_or(200);
                StatusCode::from_u16(status).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            got,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn events(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|r| r.headers["broadsheet-event"].to_str().unwrap().to_string())
            .collect()
    }
}

/// The app on `db` with its state, so the test can run the delivery job itself.
async fn node(db: &TestDb, store: Store) -> (TestApp, AppState) {
    let data = DataConfig::new(std::env::temp_dir(), Some(db.url.clone())).unwrap();
    let state = AppState::new(store.clone(), data, SiteOptions::local()).unwrap();
    let app = TestApp {
        router: broadsheet::router::build(state.clone()),
        store,
        cookies: BTreeMap::new(),
    };
    (app, state)
}

/// A site with a section, private targets allowed (the receiver is on loopback), and
/// an administrator's API token.
async fn site(db: &TestDb) -> (TestApp, AppState, String) {
    let store = Store::open(&db.url).await.unwrap();
    store.create_section("city", "City", "", "").await.unwrap();
    store
        .set_setting(broadsheet::webhooks::ALLOW_PRIVATE_SETTING, "true")
        .await
        .unwrap();
    let (app, state) = node(db, store).await;
    let (_, admin) = app.token_for(Role::Admin, "admin@example.org").await;
    (app, state, admin)
}

/// Registers an endpoint through the API; returns (id, secret).
async fn register(app: &mut TestApp, admin: &str, url: &str, events: &[&str]) -> (i64, String) {
    let page = app
        .api(
            "POST",
            "/api/v1/webhooks",
            admin,
            Some(json!({ "url": url, "events": events })),
        )
        .await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let v = TestApp::json(&page);
    (
        v["id"].as_i64().unwrap(),
        v["secret"].as_str().unwrap().to_string(),
    )
}

/// Creates and publishes an article through the API; returns its id and version.
async fn publish_versioned(app: &mut TestApp, admin: &str, headline: &str) -> (i64, i64) {
    let body =
        json!({ "headline": headline, "body": "Text.", "section": "city", "language": "en" });
    let page = app.api("POST", "/api/v1/articles", admin, Some(body)).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let id = TestApp::json(&page)["id"].as_i64().unwrap();
    let page = app
        .api(
            "POST",
            &format!("/api/v1/articles/{id}/publish"),
            admin,
            Some(json!({})),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    (id, TestApp::json(&page)["version"].as_i64().unwrap())
}

/// Creates and publishes an article through the API; returns its id.
async fn publish(app: &mut TestApp, admin: &str, headline: &str) -> i64 {
    publish_versioned(app, admin, headline).await.0
}

/// Checks a delivery's signature from the secret alone, as a receiver would; returns the
/// parsed body.
fn verified(r: &Received, secret: &str) -> Value {
    let header = r.headers["broadsheet-signature"].to_str().unwrap();
    let (t, v1) = header.split_once(',').unwrap();
    let t: i64 = t.strip_prefix("t=").unwrap().parse().unwrap();
    let v1 = v1.strip_prefix("v1=").unwrap();
    assert!(
        (broadsheet_store::now() - t).abs() <= 300,
        "stale timestamp {t}"
    );
    let mut mac = Hmac::<sha256::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", r.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v1, expected, "the signature does not match the body");
    assert_eq!(r.headers["content-type"], "application/json");
    serde_json::from_str(&r.body).unwrap()
}

async fn publishing_delivers_a_signed_article_published_event(db: &TestDb) {
    let (mut app, state, admin) = site(db).await;
    let receiver = Receiver::start(&[]).await;
    let comments_only = Receiver::start(&[]).await;
    let disabled = Receiver::start(&[]).await;
    let article_events = [
        "article.published",
        "article.updated",
        "article.unpublished",
    ];
    let (_, secret) = register(&mut app, &admin, &receiver.url, &article_events).await;
    register(&mut app, &admin, &comments_only.url, &["comment.posted"]).await;
    let body = json!({ "url": disabled.url, "events": ["article.published"], "enabled": false });
    let page = app
        .api("POST", "/api/v1/webhooks", &admin, Some(body))
        .await;
    assert_eq!(page.status, StatusCode::CREATED);

    let (id, version) = publish_versioned(&mut app, &admin, "Lifeboat named").await;
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        1
    );

    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let body = verified(&got[0], &secret);
    assert_eq!(body["event"], "article.published");
    assert_eq!(body["data"]["article"]["id"], id);
    assert_eq!(body["data"]["article"]["headline"], "Lifeboat named");
    assert_eq!(body["data"]["article"]["status"], "published");
    assert_eq!(got[0].headers["broadsheet-event"], "article.published");
    assert!(
        got[0].headers["broadsheet-delivery"]
            .to_str()
            .unwrap()
            .parse::<i64>()
            .is_ok()
    );
    assert!(
        comments_only.received().is_empty(),
        "an event it did not choose"
    );
    assert!(
        disabled.received().is_empty(),
        "a disabled endpoint got a delivery"
    );

    // Editing the live story is an update; taking it down, an unpublish.
    let edit = json!({ "version": version, "headline": "Lifeboat renamed" });
    let page = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &admin,
            Some(edit),
        )
        .await;
    assert!(page.status.is_success(), "{}", page.body);
    let path = format!("/api/v1/articles/{id}/unpublish");
    let page = app.api("POST", &path, &admin, Some(json!({}))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        2
    );
    assert_eq!(
        receiver.events(),
        [
            "article.published",
            "article.updated",
            "article.unpublished"
        ]
    );
    let updated = verified(&receiver.received()[1], &secret);
    assert_eq!(updated["data"]["article"]["headline"], "Lifeboat renamed");
    assert!(comments_only.received().is_empty() && disabled.received().is_empty());
}

async fn a_comment_posted_then_approved_or_rejected_delivers_each_event(db: &TestDb) {
    let (mut app, state, admin) = site(db).await;
    app.store
        .set_setting("moderation.settings", r#"{"mode":"pre_all"}"#)
        .await
        .unwrap();
    let receiver = Receiver::start(&[]).await;
    let events = ["comment.posted", "comment.approved", "comment.rejected"];
    let (_, secret) = register(&mut app, &admin, &receiver.url, &events).await;
    let article = publish(&mut app, &admin, "Ferry times").await;
    let email = broadsheet_domain::EmailAddress::parse("rita@example.org").unwrap();
    let rita = app
        .store
        .create_user(&email, "Rita", Role::Reader, None)
        .await
        .unwrap();
    let reader = app.store.create_api_token(rita.id, "t").await.unwrap().1;
    let mut held = Vec::new();
    for text in [
        "The new timetable works for me.",
        "The Sunday ferry is still too early.",
    ] {
        let path = format!("/api/v1/articles/{article}/comments");
        let page = app
            .api("POST", &path, &reader, Some(json!({ "body": text })))
            .await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
        held.push(TestApp::json(&page)["id"].as_i64().unwrap());
    }
    for (id, action) in [(held[0], "approve"), (held[1], "reject")] {
        let path = format!("/api/v1/moderation/comments/{id}/{action}");
        let page = app
            .api("POST", &path, &admin, Some(json!({ "reason": "checked" })))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    assert_eq!(
        deliver_due(&state, broadsheet_store::now()).await.unwrap(),
        4
    );

    let got = receiver.received();
    let bodies: Vec<Value> = got.iter().map(|r| verified(r, &secret)).collect();
    let seen: Vec<(String, i64, String)> = bodies
        .iter()
        .map(|b| {
            let c = &b["data"]["comment"];
            (
                b["event"].as_str().unwrap().into(),
                c["id"].as_i64().unwrap(),
                c["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("comment.posted".into(), held[0], "pending".into()),
            ("comment.posted".into(), held[1], "pending".into()),
            ("comment.approved".into(), held[0], "visible".into()),
            ("comment.rejected".into(), held[1], "rejected".into()),
        ]
    );
    assert_eq!(bodies[0]["data"]["comment"]["author_name"], "Rita");
    assert!(
        !got[0].body.contains("rita@example.org"),
        "no e-mail addresses in payloads"
    );
}

async fn a_failing_receiver_is_retried_on_the_schedule_and_every_attempt_is_logged(db: &TestDb) {
    let (mut app, state, admin) = site(db).await;
    let flaky = Receiver::start(&[500, 503]).await;
    let broken = Receiver::start(&[500; 10]).await;
    let (flaky_id, _) = register(&mut app, &admin, &flaky.url, &["article.published"]).await;
    let (broken_id, _) = register(&mut app, &admin, &broken.url, &["article.published"]).await;
    publish(&mut app, &admin, "Storm warning").await;

    // The job's clock is driven here: each retry is due 1 min, 5 min, 30 min, 2 h and
    // 12 h after the failure before it.
    let start = broadsheet_store::now();
    let mut at = start;
    assert_eq!(deliver_due(&state, at).await.unwrap(), 2);
    assert_eq!(
        deliver_due(&state, at + 59).await.unwrap(),
        0,
        "retried too early"
    );
    for wait in [60, 300, 1800, 7200, 43200] {
        at += wait;
        let sent = deliver_due(&state, at).await.unwrap();
        assert!(sent >= 1, "nothing was due {wait} s after the last failure");
    }
    assert_eq!(
        deliver_due(&state, at + 10 * 86_400).await.unwrap(),
        0,
        "tried after giving up"
    );

    let flaky_deliveries = app.store.webhook_deliveries(flaky_id, 10).await.unwrap();
    let tries = app
        .store
        .webhook_attempts(flaky_deliveries[0].id)
        .await
        .unwrap();
    let statuses: Vec<Option<i64>> = tries.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(503), Some(200)]);
    assert!(flaky_deliveries[0].delivered_at.is_some());
    assert_eq!(flaky.received().len(), 3);
    let ids: Vec<String> = flaky
        .received()
        .iter()
        .map(|r| {
            r.headers["broadsheet-delivery"]
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        ids.iter().all(|i| *i == ids[0]),
        "a retry keeps its delivery id"
    );

    let broken_delivery = &app.store.webhook_deliveries(broken_id, 10).await.unwrap()[0];
    assert_eq!(broken_delivery.attempts, 6);
    assert_eq!(
        (
            broken_delivery.next_attempt_at,
            broken_delivery.delivered_at
        ),
        (None, None)
    );
    assert_eq!(broken_delivery.last_status, Some(500));
    assert_eq!(broken.received().len(), 6);

    // The newsroom shows each delivery with its attempts.
    app.sign_in_as(Role::Admin, "desk@example.org").await;
    let page = app.get(&format!("/newsroom/webhooks/{broken_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("tr.delivery li.attempt").len(), 6);
    assert!(page.texts("td.delivery-result")[0].contains("HTTP 500"));
    let page = app.get(&format!("/newsroom/webhooks/{flaky_id}")).await;
    assert!(page.texts("td.delivery-result")[0].contains("HTTP 200"));
}

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

async fn two_nodes_racing_send_each_delivery_once(db: &TestDb) {
    let (mut app, first, admin) = site(db).await;
    let (_, second) = node(db, Store::connect(&db.url).await.unwrap()).await;
    let receiver = Receiver::start(&[]).await;
    register(&mut app, &admin, &receiver.url, &["article.published"]).await;
    for n in 0..6 {
        publish(&mut app, &admin, &format!("Story {n}")).await;
    }
    let now = broadsheet_store::now();
    let (a, b) = tokio::join!(deliver_due(&first, now), deliver_due(&second, now));
    assert_eq!(a.unwrap() + b.unwrap(), 6);
    let mut ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| {
            r.headers["broadsheet-delivery"]
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "a delivery was sent twice or not at all");
    assert_eq!(receiver.received().len(), 6);
    let (a, b) = tokio::join!(
        deliver_due(&first, now + 3600),
        deliver_due(&second, now + 3600)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 0);
}
