//! The moderation desk through the real router on both engines: queues, decisions,
//! bulk actions, commenters' standing, settings, the audit log and the JSON API.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_store::{CommentStatus, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(
    moderators_work_the_pending_queue,
    only_moderators_reach_the_desk,
    settings_and_standing_are_saved_and_logged,
    the_api_lists_and_decides
);

async fn first_article(store: &Store) -> i64 {
    store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()[0]
        .id
}

async fn comment(
    store: &Store,
    article: i64,
    author: i64,
    status: CommentStatus,
    text: &str,
    reasons: &str,
) -> i64 {
    let html = format!("<p>{text}</p>");
    common::store_comment(store, (article, author), status, (text, &html), reasons).await
}

async fn reader(app: &TestApp, email: &str) -> i64 {
    let email = broadsheet_domain::EmailAddress::parse(email).unwrap();
    app.store
        .create_user(&email, "Harbour Reader", Role::Reader, None)
        .await
        .unwrap()
        .id
}

const REASONS: &str = r#"[{"category":"rude","rule":"insult:second-person","message_en":"Insults another reader","message_tr":"Başka bir okura hakaret","span":[0,5],"excerpt":"idiot"}]"#;

async fn moderators_work_the_pending_queue(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    // The demo's own setup (its pages and menus) is in the audit log already.
    let demo_rows = app
        .store
        .moderation_log(None, None, None, 100)
        .await
        .unwrap()
        .len();
    let article = first_article(&app.store).await;
    let author = reader(&app, "r@example.org").await;
    let held = comment(
        &app.store,
        article,
        author,
        CommentStatus::Pending,
        "You idiot, read it again.",
        REASONS,
    )
    .await;
    let second = comment(
        &app.store,
        article,
        author,
        CommentStatus::Pending,
        "Second held one",
        "[]",
    )
    .await;
    let third = comment(
        &app.store,
        article,
        author,
        CommentStatus::Pending,
        "Third held one",
        "[]",
    )
    .await;
    app.sign_in_as(Role::Moderator, "mod@example.org").await;

    let desk = app.get("/newsroom/moderation").await;
    assert_eq!(desk.status, StatusCode::OK);
    assert_eq!(desk.texts(".mod-item").len(), 3);
    assert_eq!(
        desk.texts(".mod-reasons mark"),
        ["idiot"],
        "the screener's finding is highlighted"
    );
    assert!(desk.header("cache-control").contains("no-store"));

    let done = app
        .submit(
            "/newsroom/moderation/act",
            &[
                ("id", &held.to_string()),
                ("action", "approve"),
                ("back", "/newsroom/moderation?queue=pending"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(
        done.header("location")
            .starts_with("/newsroom/moderation?queue=pending&notice=")
    );
    assert_eq!(
        app.store.comment(held).await.unwrap().unwrap().status,
        CommentStatus::Visible
    );

    // Bulk: two at once, with one reason.
    let bulk = app
        .submit(
            "/newsroom/moderation/act",
            &[
                ("id", &second.to_string()),
                ("id", &third.to_string()),
                ("action", "reject"),
                ("reason", "off topic"),
            ],
        )
        .await;
    assert_eq!(bulk.status, StatusCode::SEE_OTHER);
    let rejected = app.get("/newsroom/moderation?queue=rejected").await;
    assert_eq!(rejected.texts(".mod-item").len(), 2);
    assert!(
        app.get("/newsroom/moderation")
            .await
            .texts(".mod-empty")
            .len()
            == 1,
        "pending is clear"
    );

    // Without the form token nothing changes.
    let forged = app
        .post_form(
            "/newsroom/moderation/act",
            &[("id", &held.to_string()), ("action", "remove")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.comment(held).await.unwrap().unwrap().status,
        CommentStatus::Visible
    );

    // Three screening decisions (one per comment) and three human ones.
    let audit = app.get("/newsroom/moderation/audit").await;
    assert_eq!(audit.texts("tbody tr").len(), demo_rows + 6);
    let csv = app.get("/newsroom/moderation/audit.csv").await;
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert_eq!(csv.body.lines().count(), demo_rows + 7, "{}", csv.body);
    assert!(csv.body.contains("off topic"));
    assert_eq!(
        csv.body.matches(",screener,screened:pending,").count(),
        3,
        "{}",
        csv.body
    );
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/newsroom/moderation/audit.json").await.body).unwrap();
    let actions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions[..actions.len() - demo_rows],
        [
            "reject",
            "reject",
            "approve",
            "screened:pending",
            "screened:pending",
            "screened:pending"
        ]
    );
}

async fn only_moderators_reach_the_desk(db: &TestDb) {
    let mut anonymous = TestApp::with_demo(db).await;
    let page = anonymous.get("/newsroom/moderation").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.header("location").starts_with("/login?next="));
    for (role, email, expected) in [
        (Role::Reader, "reader@example.org", StatusCode::FORBIDDEN),
        (Role::Author, "author@example.org", StatusCode::FORBIDDEN),
        (Role::Contributor, "c@example.org", StatusCode::FORBIDDEN),
        (Role::Moderator, "m@example.org", StatusCode::OK),
        (Role::Editor, "e@example.org", StatusCode::OK),
        (Role::Admin, "a@example.org", StatusCode::OK),
    ] {
        let mut app = TestApp {
            router: anonymous.router.clone(),
            store: anonymous.store.clone(),
            cookies: Default::default(),
        };
        app.sign_in_as(role, email).await;
        for path in [
            "/newsroom/moderation",
            "/newsroom/moderation/audit",
            "/newsroom/moderation/settings",
            "/newsroom/moderation/counts",
        ] {
            assert_eq!(app.get(path).await.status, expected, "{role} {path}");
        }
        let act = app
            .submit(
                "/newsroom/moderation/act",
                &[("id", "1"), ("action", "approve")],
            )
            .await;
        let allowed = if expected == StatusCode::OK {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(act.status, allowed, "{role} acting");
    }
}

async fn settings_and_standing_are_saved_and_logged(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let article = first_article(&app.store).await;
    let author = reader(&app, "loud@example.org").await;
    comment(
        &app.store,
        article,
        author,
        CommentStatus::Pending,
        "Something",
        "[]",
    )
    .await;
    app.sign_in_as(Role::Moderator, "mod@example.org").await;
    let saved = app
        .submit(
            "/newsroom/moderation/settings",
            &[
                ("mode", "pre_new_commenters"),
                ("trust_after", "5"),
                ("max_links", "1"),
                ("hide_after_reports", "2"),
                ("banned_words", "Grotbag\n\ngrotbag\nsnollygoster"),
                ("suspect_words", "hmm"),
                ("section_mode.city", "pre_all"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let settings = broadsheet::web::moderation::ModerationSettings::load(&app.store)
        .await
        .unwrap();
    assert_eq!(settings.trust_after, 5);
    assert_eq!(
        settings.banned_words,
        ["grotbag", "snollygoster"],
        "normalised, deduplicated"
    );
    assert_eq!(settings.mode_for("city").as_str(), "pre_all");
    assert_eq!(settings.mode_for("sport").as_str(), "pre_new_commenters");
    let page = app.get("/newsroom/moderation/settings").await;
    assert_eq!(page.texts("#banned_words"), ["grotbag\nsnollygoster"]);
    let bad = app
        .submit(
            "/newsroom/moderation/settings",
            &[
                ("mode", "anarchy"),
                ("trust_after", "1"),
                ("max_links", "1"),
                ("hide_after_reports", "1"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let suspend = app
        .submit(
            &format!("/newsroom/moderation/users/{author}"),
            &[
                ("change", "suspend"),
                ("days", "7"),
                ("reason", "cooling off"),
            ],
        )
        .await;
    assert_eq!(suspend.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .standing(author)
            .await
            .unwrap()
            .is_barred(broadsheet_store::now())
    );
    let bad_days = app
        .submit(
            &format!("/newsroom/moderation/users/{author}"),
            &[("change", "suspend"), ("days", "0")],
        )
        .await;
    assert_eq!(bad_days.status, StatusCode::BAD_REQUEST);
    let log = app
        .store
        .moderation_log(None, Some(author), None, 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "suspend");
    assert_eq!(log[0].reason, "cooling off");
}

async fn the_api_lists_and_decides(db: &TestDb) {
    let app = TestApp::with_demo(db).await;
    let article = first_article(&app.store).await;
    let author = reader(&app, "r2@example.org").await;
    let held = comment(
        &app.store,
        article,
        author,
        CommentStatus::Pending,
        "Held for the API",
        "[]",
    )
    .await;
    let email = broadsheet_domain::EmailAddress::parse("apimod@example.org").unwrap();
    let moderator = app
        .store
        .create_user(&email, "Api Mod", Role::Moderator, None)
        .await
        .unwrap();
    let (_, token) = app
        .store
        .create_api_token(moderator.id, "desk")
        .await
        .unwrap();
    let reader_token = app.store.create_api_token(author, "mine").await.unwrap().1;
    let mut app = app;
    let call = |method: &str, path: &str, token: &str| {
        axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{\"reason\":\"looks fine\"}"))
            .unwrap()
    };
    let queue = app
        .send(call(
            "GET",
            "/api/v1/moderation/queue?queue=pending",
            &token,
        ))
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&queue.body).unwrap();
    assert_eq!(json["comments"][0]["id"], held);
    let forbidden = app
        .send(call("GET", "/api/v1/moderation/queue", &reader_token))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let approve = app
        .send(call(
            "POST",
            &format!("/api/v1/moderation/comments/{held}/approve"),
            &token,
        ))
        .await;
    assert_eq!(approve.status, StatusCode::OK, "{}", approve.body);
    let json: serde_json::Value = serde_json::from_str(&approve.body).unwrap();
    assert_eq!(json["status"], "visible");
    let again = app
        .send(call(
            "POST",
            &format!("/api/v1/moderation/comments/{held}/approve"),
            &token,
        ))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let err: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(err["error"]["code"], "conflict");
    let unknown = app
        .send(call(
            "POST",
            &format!("/api/v1/moderation/comments/{held}/obliterate"),
            &token,
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let ban = app
        .send(call(
            "POST",
            &format!("/api/v1/moderation/users/{author}/ban"),
            &token,
        ))
        .await;
    assert_eq!(ban.status, StatusCode::OK);
    assert!(app.store.standing(author).await.unwrap().banned);
}
