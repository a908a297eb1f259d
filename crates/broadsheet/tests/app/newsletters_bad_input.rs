//! Newsletter forms refuse bad input and change nothing: a bad address, an unknown
//! section, frequency or language, a missing form token; a double submit makes one
//! pending subscription; an unconfirmed address is sent nothing; unknown links fail;
//! a stranger's address cannot be mailed again and again.

use crate::common;
use crate::newsletters_flow::english_stories;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(bad_newsletter_input_changes_nothing);

fn form<'a>(email: &'a str, section: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("email", email),
        ("frequency", "weekly"),
        ("section", section),
        ("language", "en"),
    ]
}

/// Waits (up to 10 s) until `n` mails to `to` are in the outbox: the confirmation is
/// mailed after the answer.
async fn mails_to(app: &TestApp, to: &str, n: usize) {
    for _ in 0..500 {
        if app.store.outbox(Some(to), 50).await.unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{n} mails to {to} never came");
}

async fn bad_newsletter_input_changes_nothing(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let bad: [(Vec<(&str, &str)>, &str); 5] = [
        (
            form("not-an-address", ""),
            "Please enter a valid email address.",
        ),
        (
            form("ann@example.org", "no-such-section"),
            "There is no such section",
        ),
        (
            vec![
                ("email", "ann@example.org"),
                ("frequency", "hourly"),
                ("language", "en"),
            ],
            "Please choose a daily or weekly digest.",
        ),
        (
            vec![
                ("email", "ann@example.org"),
                ("frequency", "daily"),
                ("language", "xx"),
            ],
            "Please choose one of the site",
        ),
        (
            vec![
                ("email", "ann@example.org"),
                ("frequency", "daily"),
                ("section", "city\0"),
            ],
            "",
        ),
    ];
    for (fields, message) in &bad {
        let page = app.submit("/newsletters", fields).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{fields:?}: {}",
            page.body
        );
        assert!(page.body.contains(message), "{fields:?}: {}", page.body);
    }
    let forged = app
        .post_form("/newsletters", &form("ann@example.org", ""))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(app.store.newsletter_lists().await.unwrap().is_empty());
    assert!(app.store.outbox(None, 10).await.unwrap().is_empty());

    // A double submit: one pending subscription.
    for n in 1..=2 {
        let page = app
            .submit("/newsletters", &form("bea@example.org", "city"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        mails_to(&app, "bea@example.org", n).await;
    }
    let lists = app.store.newsletter_lists().await.unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!((lists[0].confirmed, lists[0].pending), (0, 1));
    // A third is answered alike; a fourth to the same address within the hour is refused.
    let third = app
        .submit("/newsletters", &form("bea@example.org", "city"))
        .await;
    assert_eq!(third.status, StatusCode::OK);
    mails_to(&app, "bea@example.org", 3).await;
    let fourth = app
        .submit("/newsletters", &form("bea@example.org", "city"))
        .await;
    assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS);

    // Nothing reaches an unconfirmed address.
    let mut desk = TestApp::on_same(&app);
    desk.sign_in_as(Role::Editor, "desk@example.org").await;
    let stories = english_stories(&app).await;
    let city = app
        .store
        .listing(broadsheet_store::Listing::All, None, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.section_slug == "city" && a.language == "en")
        .unwrap();
    assert!(stories.contains(&city.id));
    let sent = desk
        .submit(
            &format!("/newsroom/articles/{}/breaking", city.id),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.newsletter_reports(5).await.unwrap()[0].recipients,
        0
    );

    // Readers may not send; unknown links fail and change nothing.
    let mut reader = TestApp::on_same(&app);
    reader.sign_in_as(Role::Reader, "plain@example.org").await;
    let reader_try = reader
        .submit(
            &format!("/newsroom/articles/{}/breaking", stories[1]),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(reader_try.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.newsletter_reports(5).await.unwrap().len(), 1);
    let unknown = "0".repeat(64);
    let page = app.get(&format!("/newsletters/confirm/{unknown}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = app
        .get(&format!("/newsletters/unsubscribe/{unknown}"))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = app
        .submit(&format!("/newsletters/unsubscribe/{unknown}"), &[])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.newsletter_lists().await.unwrap()[0].pending, 1);
    // The newest real link confirms.
    let link = app
        .mailed_link("bea@example.org", "/newsletters/confirm/")
        .await
        .unwrap();
    assert_eq!(app.get(&link).await.status, StatusCode::OK);
    assert_eq!(app.store.newsletter_lists().await.unwrap()[0].confirmed, 1);
}
