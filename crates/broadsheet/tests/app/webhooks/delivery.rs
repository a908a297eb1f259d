//! Deliveries: article and comment events reach a loopback receiver signed with the
//! endpoint's secret (checked here from scratch); a failing receiver is retried on the
//! backoff schedule with every attempt logged; two nodes racing send each one once.

use super::{Receiver, node, publish, publish_versioned, register, site, verified};
use crate::common::TestApp;
use axum::http::StatusCode;
use broadsheet::webhooks::send::deliver_due;
use broadsheet_domain::Role;
use broadsheet_store::Store;
use broadsheet_testkit::{TestDb, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    publishing_delivers_a_signed_article_published_event,
    a_comment_posted_then_approved_or_rejected_delivers_each_event,
    a_failing_receiver_is_retried_on_the_schedule_and_every_attempt_is_logged,
    two_nodes_racing_send_each_delivery_once,
);

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
