//! Newsletter sending across nodes: two nodes on one database deliver a breaking-news
//! send together and each reader gets it once; a due digest is made once whichever
//! node looks, holds the period's stories of its list in both parts, and a signed-in
//! reader subscribes with one click from the account page.

use crate::common;
use crate::mail_smtp::{node, smtp_server};
use crate::newsletters_flow::english_stories;

use axum::http::StatusCode;
use broadsheet::newsletters::send::{self, Breaking, deliver_due, last_period, queue_due_digests};
use broadsheet_domain::{ArticleStatus, Role};
use broadsheet_store::{ListKey, NewArticle, Subscribed};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::collections::BTreeMap;
use std::time::Duration;

on_both_engines!(
    two_nodes_deliver_each_mail_once,
    a_due_digest_is_made_once_with_the_period_stories,
);

fn list(frequency: &str, section_id: i64) -> ListKey {
    ListKey {
        frequency: frequency.into(),
        section_id,
        language: "en".into(),
    }
}

async fn two_nodes_deliver_each_mail_once(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let app = TestApp::with_demo(db).await;
    let readers: Vec<String> = (0..7).map(|i| format!("reader{i}@example.org")).collect();
    for r in &readers {
        let done = app
            .store
            .subscribe_newsletter(r, None, &list("daily", 0), true, 60)
            .await
            .unwrap();
        assert_eq!(done, Subscribed::Confirmed);
    }
    let (a, b) = (node(db, port).await, node(db, port).await);
    let editor = app
        .store
        .create_user(
            &broadsheet_domain::EmailAddress::parse("ed@example.org").unwrap(),
            "Ed",
            Role::Editor,
            None,
        )
        .await
        .unwrap();
    let story = english_stories(&app).await[0];
    let queued = send::breaking(&a, story, editor.id).await.unwrap();
    assert!(matches!(queued, Breaking::Queued(_, 7)), "{queued:?}");
    // The other node (a double click, a second editor) cannot send it again.
    assert_eq!(
        send::breaking(&b, story, editor.id).await.unwrap(),
        Breaking::AlreadySent
    );

    let now = broadsheet_store::now();
    let (x, y) = tokio::join!(deliver_due(&a, now), deliver_due(&b, now));
    assert_eq!(
        x.unwrap() + y.unwrap(),
        7,
        "every delivery tried once between them"
    );
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..7 {
        let m = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
            .await
            .expect("a mail")
            .expect("a message");
        *got.entry(m.to.join(",")).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = readers.iter().map(|r| (format!("<{r}>"), 1)).collect();
    assert_eq!(got, expected);
    let (x, y) = tokio::join!(deliver_due(&a, now + 3600), deliver_due(&b, now + 3600));
    assert_eq!(x.unwrap() + y.unwrap(), 0);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), inbox.recv())
            .await
            .is_err(),
        "nothing arrives twice"
    );
    let report = &a.store.newsletter_reports(5).await.unwrap()[0];
    assert_eq!((report.recipients, report.sent, report.failed), (7, 7, 0));
}

async fn a_due_digest_is_made_once_with_the_period_stories(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let mut app = TestApp::with_demo(db).await;
    let science = app.store.section_by_slug("science").await.unwrap().unwrap();
    let now = broadsheet_store::now();
    let (from, _) = last_period("daily", now);
    app.store
        .create_article(&NewArticle {
            section_id: science.id,
            slug: "tide-gauge".into(),
            headline: "Tide gauge & the <estuary>".into(),
            standfirst: "Readings from the observatory.".into(),
            language: "en".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(from + 60),
            ..Default::default()
        })
        .await
        .unwrap();

    // One click from the account page: a verified reader is on the list at once.
    app.sign_in_as(Role::Reader, "scientist@example.org").await;
    let fields = [
        ("frequency", "daily"),
        ("section", "science"),
        ("language", "en"),
    ];
    let page = app.submit("/account/newsletters", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.texts("h1"), ["Subscribed"]);
    let account = app.get("/account").await;
    assert_eq!(account.texts(".newsletter-lists li").len(), 1);

    let (a, b) = (node(db, port).await, node(db, port).await);
    let (x, y) = tokio::join!(queue_due_digests(&a, now), queue_due_digests(&b, now));
    assert_eq!(
        x.unwrap().len() + y.unwrap().len(),
        1,
        "one digest, made once"
    );
    assert!(queue_due_digests(&a, now).await.unwrap().is_empty());
    assert_eq!(deliver_due(&b, broadsheet_store::now()).await.unwrap(), 1);
    let m = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .expect("the digest arrives")
        .expect("a message");
    assert_eq!(m.to, ["<scientist@example.org>"]);
    let data = m.data.replace("=\n", "");
    // The text part as written; the HTML part escaped.
    assert!(data.contains("Tide gauge & the <estuary>"), "{data}");
    assert!(
        data.contains("Tide gauge &amp; the &lt;estuary&gt;"),
        "{data}"
    );
    assert!(data.contains("List-Unsubscribe: <http://127.0.0.1:8080/newsletters/unsubscribe/"));
}
