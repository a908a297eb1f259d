//! Every newsroom action that redirects says what it did (issue 19): a translated
//! confirmation at the top of the page it lands on, and nothing for unknown keys.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(admin_actions_confirm_in_the_ui_language);

/// Posts `fields` to `path` and returns the confirmation shown after the redirect.
async fn confirmation(app: &mut TestApp, path: &str, fields: &[(&str, &str)]) -> Vec<String> {
    let done = app.submit(path, fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.body);
    app.get(done.header("location")).await.texts(".nr-done")
}

async fn admin_actions_confirm_in_the_ui_language(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let section = [
        ("slug", "harbour"),
        ("name", "Harbour"),
        ("name_tr", "Liman"),
    ];
    let said = confirmation(&mut app, "/newsroom/sections", &section).await;
    assert_eq!(said, ["Section created."]);
    let said = confirmation(
        &mut app,
        "/newsroom/tags",
        &[("name", "Night ferry timetables")],
    )
    .await;
    assert_eq!(said, ["Tag created."]);

    let colleague = broadsheet_domain::EmailAddress::parse("col@example.org").unwrap();
    let col = app
        .store
        .create_user(&colleague, "Colleague", Role::Author, None)
        .await
        .unwrap();
    app.cookies.insert("bs_lang".into(), "tr".into());
    let role_path = format!("/newsroom/users/{}/role", col.id);
    let said = confirmation(&mut app, &role_path, &[("role", "editor")]).await;
    assert_eq!(said, ["Rol değiştirildi."]);
    let said = confirmation(&mut app, "/newsroom/profile", &[("name", "Şef")]).await;
    assert_eq!(said, ["Profil kaydedildi."]);

    // Only known confirmations show; anything else in the address is ignored.
    let odd = app.get("/newsroom/users?done=%3Cscript%3E").await;
    assert!(odd.texts(".nr-done").is_empty());
    let unknown = app.get("/newsroom/users?done=made-up").await;
    assert!(unknown.texts(".nr-done").is_empty());
}
