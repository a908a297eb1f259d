//! Newsletters end to end over loopback SMTP: a reader subscribes by email alone and
//! confirms; an editor sends a story as breaking news; the mail reaches the confirmed
//! reader only, with text and HTML parts and the one-click unsubscribe headers; the
//! one-click unsubscribe stops the next send, and the newsroom report counts it all.

use crate::common;
use crate::common::smtp::{header, next_with};
use crate::mail_smtp::{node, smtp_server};

use axum::http::StatusCode;
use broadsheet::newsletters::send::deliver_due;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::time::Duration;

on_both_engines!(subscribe_confirm_breaking_news_and_one_click_unsubscribe);

/// English published stories of the demo paper, newest first.
pub(crate) async fn english_stories(app: &TestApp) -> Vec<i64> {
    let all = app
        .store
        .listing(broadsheet_store::Listing::All, None, 50)
        .await
        .unwrap();
    all.iter()
        .filter(|a| a.language == "en")
        .map(|a| a.id)
        .collect()
}

async fn subscribe_confirm_breaking_news_and_one_click_unsubscribe(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let mut app = TestApp::with_demo_and_smtp(db, &format!("smtp://127.0.0.1:{port}")).await;
    let mut reader = TestApp::on_same(&app);
    let form = reader.get("/newsletters").await;
    assert_eq!(form.status, StatusCode::OK);
    let sections = form.attrs("select[name=section] option", "value");
    assert!(sections.contains(&String::new()) && sections.contains(&"city".to_string()));
    for email in ["ann@example.org", "bob@example.org"] {
        let fields = [
            ("email", email),
            ("frequency", "daily"),
            ("section", ""),
            ("language", "en"),
        ];
        let page = reader.submit("/newsletters", &fields).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.texts("h1"), ["Check your email"]);
    }
    // Ann confirms; Bob never does.
    let link = app
        .mailed_link("ann@example.org", "/newsletters/confirm/")
        .await
        .expect("a confirmation link");
    assert!(
        app.mailed_link("bob@example.org", "/newsletters/confirm/")
            .await
            .is_some()
    );
    let confirmed = reader.get(&link).await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(confirmed.texts("h1"), ["Subscription confirmed"]);

    // The editor's confirmation page, then the send: once, and only when confirmed.
    app.sign_in_as(Role::Editor, "desk@example.org").await;
    let stories = english_stories(&app).await;
    let breaking = format!("/newsroom/articles/{}/breaking", stories[0]);
    let page = app.get(&breaking).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attrs("input[name=confirm]", "value"), ["yes"]);
    let unconfirmed = app.submit(&breaking, &[]).await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    assert!(app.store.newsletter_reports(10).await.unwrap().is_empty());
    let sent = app.submit(&breaking, &[("confirm", "yes")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let again = app.submit(&breaking, &[("confirm", "yes")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let audit = app
        .store
        .moderation_log(None, None, None, 20)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "newsletter-breaking"));

    // The job on a node delivers it: to Ann alone, multipart, with the headers.
    let node = node(db, port).await;
    let now = broadsheet_store::now();
    assert_eq!(deliver_due(&node, now).await.unwrap(), 1);
    let got = next_with(&mut inbox, "List-Unsubscribe-Post").await;
    assert_eq!(got.to, ["<ann@example.org>"]);
    let unsubscribe = header(&got, "List-Unsubscribe");
    assert!(
        unsubscribe.starts_with("<http://127.0.0.1:8080/newsletters/unsubscribe/"),
        "{unsubscribe}"
    );
    assert_eq!(
        header(&got, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(got.data.contains("multipart/alternative"), "{}", got.data);
    assert!(got.data.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(got.data.contains("Content-Type: text/html; charset=utf-8"));
    assert_eq!(
        deliver_due(&node, now + 86_400).await.unwrap(),
        0,
        "sent once"
    );

    let report = app.get(sent.header("location")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(
        report.texts(".nr-done"),
        ["Breaking news is on its way to the subscribers."]
    );
    assert_eq!(report.texts(".newsletter-send .recipients"), ["1"]);
    assert_eq!(report.texts(".newsletter-send .sent"), ["1"]);
    assert_eq!(report.texts(".newsletter-list .subscribers"), ["1"]);

    // A mail program's one-click POST: no session, no form token.
    let path = unsubscribe
        .trim_start_matches("<http://127.0.0.1:8080")
        .trim_end_matches('>')
        .to_string();
    let mut mail_program = TestApp::on_same(&app);
    let left = mail_program
        .post_form(&path, &[("List-Unsubscribe", "One-Click")])
        .await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert_eq!(left.texts("h1"), ["Unsubscribed"]);
    // Without the one-click field, a form token is needed.
    let forged = mail_program.post_form(&path, &[("x", "y")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // The next send reaches nobody, and the report says who left.
    let next = format!("/newsroom/articles/{}/breaking", stories[1]);
    let sent = app.submit(&next, &[("confirm", "yes")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(deliver_due(&node, now + 1).await.unwrap(), 0);
    let report = app.get("/newsroom/newsletters").await;
    assert_eq!(report.texts(".newsletter-send .recipients"), ["0", "1"]);
    assert_eq!(report.texts(".newsletter-send .unsubscribed"), ["0", "1"]);
    assert_eq!(report.texts(".newsletter-list .subscribers"), ["0"]);
    assert!(
        tokio::time::timeout(
            Duration::from_millis(300),
            next_with(&mut inbox, "List-Unsubscribe-Post")
        )
        .await
        .is_err(),
        "no more breaking news arrives"
    );
}
