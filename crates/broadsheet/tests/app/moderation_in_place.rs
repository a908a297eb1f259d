//! The desk's decisions over HTTP, both ways: a plain form (JavaScript off) redirects back
//! to the queue, again and again from the address it lands on; the desk's script asks for
//! JSON (an Accept header or `fragment=1`) and gets what changed and a message in the UI
//! language, with no redirect.

use crate::common;
use broadsheet_store::CommentStatus;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{TestApp, enc};

on_both_engines!(
    plain_forms_still_redirect_back_to_the_queue,
    the_desk_script_gets_json_in_the_ui_language
);

async fn held(app: &TestApp, text: &str) -> i64 {
    let (article, _) = app.first_article().await;
    let email = format!("{}@example.org", text.replace(' ', "-").to_lowercase());
    let email = broadsheet_domain::EmailAddress::parse(&email).unwrap();
    let author = app
        .store
        .create_user(&email, "Harbour Reader", Role::Reader, None)
        .await
        .unwrap()
        .id;
    let html = format!("<p>{text}</p>");
    common::store_comment(
        &app.store,
        (article, author),
        CommentStatus::Pending,
        (text, &html),
        "[]",
    )
    .await
}

async fn status_of(app: &TestApp, id: i64) -> CommentStatus {
    app.store.comment(id).await.unwrap().unwrap().status
}

async fn plain_forms_still_redirect_back_to_the_queue(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let first = held(&app, "First held").await;
    let second = held(&app, "Second held").await;
    app.sign_in_as(Role::Moderator, "plain@example.org").await;

    let mut at = "/newsroom/moderation?queue=pending".to_string();
    for (id, action, status) in [
        (first, "approve", CommentStatus::Visible),
        (second, "reject", CommentStatus::Rejected),
    ] {
        let desk = app.get(&at).await;
        assert_eq!(desk.status, StatusCode::OK, "{at}: {}", desk.body);
        let back = desk.attrs(
            &format!("#c{id} form.mod-actions input[name=back]"),
            "value",
        );
        let done = app
            .submit(
                "/newsroom/moderation/act",
                &[
                    ("id", &id.to_string()),
                    ("action", action),
                    ("back", &back[0]),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        at = done.header("location").to_string();
        assert!(at.contains("notice="), "{at}");
        assert_eq!(status_of(&app, id).await, status);
    }
    let desk = app.get(&at).await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.texts(".mod-item").is_empty(), "both decided");
    assert_eq!(
        desk.texts(".nr-notice[role=status]").len(),
        2,
        "the notice, and the empty live region"
    );
}

/// Posts a desk form with the browser's token, asking for JSON by header when `accept`.
async fn post(
    app: &mut TestApp,
    path: &str,
    fields: &[(&str, &str)],
    accept: bool,
) -> common::Page {
    let token = app.csrf().await;
    let mut body = vec![format!("csrf={}", enc(&token))];
    body.extend(fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))));
    let mut req =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if accept {
        req = req.header(header::ACCEPT, "application/json");
    }
    app.send(req.body(Body::from(body.join("&"))).unwrap())
        .await
}

async fn the_desk_script_gets_json_in_the_ui_language(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let first = held(&app, "Uno held").await;
    let second = held(&app, "Dos held").await;
    app.sign_in_as(Role::Moderator, "script@example.org").await;
    app.cookies.insert("bs_lang".into(), "tr".into());
    let back = ("back", "/newsroom/moderation");

    let by_header = post(
        &mut app,
        "/newsroom/moderation/act",
        &[("id", &first.to_string()), ("action", "approve"), back],
        true,
    )
    .await;
    assert_eq!(by_header.status, StatusCode::OK, "{}", by_header.body);
    let json = TestApp::json(&by_header);
    assert_eq!(json["changed"], serde_json::json!([first]));
    assert_eq!(json["message"], "1 yorumdan 1 tanesi onaylandı.");
    assert_eq!(status_of(&app, first).await, CommentStatus::Visible);

    let by_field = post(
        &mut app,
        "/newsroom/moderation/act",
        &[
            ("id", &second.to_string()),
            ("id", &first.to_string()),
            ("action", "remove"),
            ("fragment", "1"),
            back,
        ],
        false,
    )
    .await;
    assert_eq!(by_field.status, StatusCode::OK, "{}", by_field.body);
    let json = TestApp::json(&by_field);
    assert_eq!(json["changed"], serde_json::json!([second, first]));
    assert_eq!(json["message"], "2 yorumdan 2 tanesi kaldırıldı.");

    // Decided already (by someone else, say): nothing changes, and the desk says so.
    let again = post(
        &mut app,
        "/newsroom/moderation/act",
        &[("id", &second.to_string()), ("action", "reject"), back],
        true,
    )
    .await;
    let json = TestApp::json(&again);
    assert_eq!(json["changed"], serde_json::json!([]));
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .starts_with("Hiçbir şey değişmedi")
    );
    assert_eq!(status_of(&app, second).await, CommentStatus::Removed);

    // A commenter's standing, in place too.
    let author = app
        .store
        .comment(first)
        .await
        .unwrap()
        .unwrap()
        .author_id
        .unwrap();
    let banned = post(
        &mut app,
        &format!("/newsroom/moderation/users/{author}"),
        &[("change", "ban"), back],
        true,
    )
    .await;
    assert_eq!(banned.status, StatusCode::OK, "{}", banned.body);
    let json = TestApp::json(&banned);
    assert_eq!(json["banned"], true);
    assert_eq!(json["message"], "Yorumcu yasaklandı.");
    assert!(app.store.standing(author).await.unwrap().banned);

    // Without the form token nothing is decided, JSON asked for or not.
    let third = held(&app, "Tres held").await;
    let req = Request::post("/newsroom/moderation/act")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(format!("id={third}&action=approve&fragment=1")))
        .unwrap();
    let refused = app.send(req).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&app, third).await, CommentStatus::Pending);
}
