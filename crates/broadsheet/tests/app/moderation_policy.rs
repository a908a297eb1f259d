//! The desk's policy on the posting path, on both engines: bans and suspensions stop
//! posting, pre-moderation modes hold comments until commenters are trusted, the admin's
//! word lists feed the screener, and enough reports hide a comment for review.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet::web::moderation::ModerationSettings;
use broadsheet_domain::moderation::{CommentAction, ModerationMode};
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::StandingChange;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(
    banned_and_suspended_readers_cannot_post,
    pre_moderation_holds_until_trusted,
    admin_word_lists_feed_the_screener
);

struct Poster {
    id: i64,
    token: String,
}

async fn reader(app: &TestApp, email: &str) -> Poster {
    let user = app
        .store
        .create_user(
            &EmailAddress::parse(email).unwrap(),
            "Reader",
            Role::Reader,
            None,
        )
        .await
        .unwrap();
    let (_, token) = app.store.create_api_token(user.id, "t").await.unwrap();
    Poster { id: user.id, token }
}

/// Posts through the JSON API; returns the status code and the JSON answer.
async fn post(
    app: &mut TestApp,
    article: i64,
    who: &Poster,
    body: &str,
) -> (StatusCode, serde_json::Value) {
    let req = Request::post(format!("/api/v1/articles/{article}/comments"))
        .header("authorization", format!("Bearer {}", who.token))
        .header("content-type", "application/json")
        .body(Body::from(serde_json::json!({ "body": body }).to_string()))
        .unwrap();
    let page = app.send(req).await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or_default(),
    )
}

async fn setup(db: &TestDb) -> (TestApp, i64, i64) {
    let app = TestApp::with_demo(db).await;
    let article = app
        .store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()[0]
        .id;
    let email = EmailAddress::parse("desk@example.org").unwrap();
    let moderator = app
        .store
        .create_user(&email, "Desk", Role::Moderator, None)
        .await
        .unwrap();
    (app, article, moderator.id)
}

const CIVIL: &str =
    "The new ferry timetable looks sensible, though the late sailing could run later.";

async fn banned_and_suspended_readers_cannot_post(db: &TestDb) {
    let (mut app, article, moderator) = setup(db).await;
    let who = reader(&app, "loud@example.org").await;
    assert_eq!(
        post(&mut app, article, &who, CIVIL).await.0,
        StatusCode::CREATED
    );
    app.store
        .change_standing(
            who.id,
            StandingChange::Suspend {
                until: broadsheet_store::now() + 3600,
            },
            moderator,
            "",
        )
        .await
        .unwrap();
    let (status, json) = post(&mut app, article, &who, "Another thought on the timetable.").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("suspended"),
        "{json}"
    );
    app.store
        .change_standing(who.id, StandingChange::Unban, moderator, "")
        .await
        .unwrap();
    assert_eq!(
        post(&mut app, article, &who, "Back again, politely.")
            .await
            .0,
        StatusCode::CREATED
    );
    app.store
        .change_standing(who.id, StandingChange::Ban, moderator, "")
        .await
        .unwrap();
    assert_eq!(
        post(&mut app, article, &who, "And once more.").await.0,
        StatusCode::FORBIDDEN
    );
}

async fn pre_moderation_holds_until_trusted(db: &TestDb) {
    let (mut app, article, moderator) = setup(db).await;
    let settings = ModerationSettings {
        mode: ModerationMode::PreNewCommenters,
        trust_after: 1,
        ..Default::default()
    };
    settings.save(&app.store).await.unwrap();
    let who = reader(&app, "new@example.org").await;
    let (status, first) = post(&mut app, article, &who, CIVIL).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        first["status"], "pending",
        "a new commenter waits for review"
    );
    let id = first["id"].as_i64().unwrap();
    app.store
        .moderate_comment(id, CommentAction::Approve, moderator, "")
        .await
        .unwrap();
    let (_, second) = post(
        &mut app,
        article,
        &who,
        "A second, equally civil thought about the ferries.",
    )
    .await;
    assert_eq!(
        second["status"], "visible",
        "one approved comment earns trust here"
    );

    // Everything waits in a section set to pre-moderate everything, even the trusted.
    let section = app
        .store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()[0]
        .section_slug
        .clone();
    let strict = ModerationSettings {
        section_modes: [(section, ModerationMode::PreAll)].into(),
        ..settings
    };
    strict.save(&app.store).await.unwrap();
    app.store
        .change_standing(who.id, StandingChange::Trust, moderator, "")
        .await
        .unwrap();
    let (_, third) = post(
        &mut app,
        article,
        &who,
        "A third civil remark about the winter timetable.",
    )
    .await;
    assert_eq!(third["status"], "pending");
}

async fn admin_word_lists_feed_the_screener(db: &TestDb) {
    let (mut app, article, _) = setup(db).await;
    let who = reader(&app, "words@example.org").await;
    let text = "The harbour board is full of snollygosters, frankly.";
    let (_, before) = post(&mut app, article, &who, text).await;
    assert_eq!(before["status"], "visible", "{before}");
    let settings = ModerationSettings {
        banned_words: vec!["snollygoster".into()],
        suspect_words: vec!["grumbletonian".into()],
        ..Default::default()
    };
    settings.save(&app.store).await.unwrap();
    let (_, banned) = post(
        &mut app,
        article,
        &who,
        "Another snollygoster on the harbour board, I say.",
    )
    .await;
    assert_ne!(
        banned["status"], "visible",
        "a banned word is not shown: {banned}"
    );
    let (_, suspect) = post(
        &mut app,
        article,
        &who,
        "Call me a grumbletonian about the new parking rules.",
    )
    .await;
    assert_eq!(
        suspect["status"], "pending",
        "a suspect word is held: {suspect}"
    );
}
