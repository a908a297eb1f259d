//! Menus: an administrator's header and footer menus show on the reader site in English
//! and Turkish, reorder and shrink with plain forms, refuse unsafe links, and without
//! a saved menu the built-in header and footer stay. SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(menus_lead_readers_in_both_languages);
on_both_engines!(unsafe_links_and_other_roles_are_refused);

async fn menus_lead_readers_in_both_languages(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let section = app
        .store
        .create_section("harbour", "Harbour", "Liman", "")
        .await
        .unwrap();
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let mut reader = TestApp::on_same(&app);

    // No menu saved: the sections lead the header and the footer has no menu.
    let home = reader.get("/").await;
    assert_eq!(home.attrs(".section-nav a", "href"), ["/", "/harbour"]);
    assert!(home.texts(".footer-menu a").is_empty());

    let created = app
        .submit(
            "/newsroom/pages",
            &[("title", "About"), ("slug", "about"), ("body", "Us.")],
        )
        .await;
    let page_id = created
        .header("location")
        .trim_start_matches("/newsroom/pages/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    app.submit(
        &format!("/newsroom/pages/{page_id}/publish"),
        &[("published", "1")],
    )
    .await;

    let add = |menu: &'static str, fields: Vec<(&'static str, String)>| {
        let mut all: Vec<(&'static str, String)> = vec![("menu", menu.to_string())];
        all.extend(fields);
        all
    };
    for fields in [
        add(
            "footer",
            vec![
                ("kind", "page".into()),
                ("page_id", page_id.clone()),
                ("label_en", "About us".into()),
                ("label_tr", "Hakkımızda".into()),
            ],
        ),
        add(
            "footer",
            vec![
                ("kind", "link".into()),
                ("url", "https://example.org/tips".into()),
                ("label_en", "Send a tip".into()),
            ],
        ),
        add(
            "header",
            vec![
                ("kind", "link".into()),
                ("url", "/search".into()),
                ("label_en", "Search".into()),
                ("label_tr", "Ara".into()),
            ],
        ),
        add(
            "header",
            vec![
                ("kind", "section".into()),
                ("section_id", section.id.to_string()),
            ],
        ),
    ] {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = app.submit("/newsroom/navigation/add", &borrowed).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }

    let home = reader.get("/").await;
    assert_eq!(
        home.attrs(".section-nav a", "href"),
        ["/", "/search", "/harbour"]
    );
    assert_eq!(home.texts(".footer-menu a"), ["About us", "Send a tip"]);
    assert_eq!(
        home.attrs(".footer-menu a", "href"),
        ["/pages/about", "https://example.org/tips"]
    );
    // Every page shows the footer, the page itself too, and the link leads there.
    let about = reader.get("/pages/about").await;
    assert_eq!(about.status, StatusCode::OK);
    assert_eq!(about.texts(".footer-menu a")[0], "About us");

    // In Turkish: Turkish labels, the English one where none was given, the section's
    // own Turkish name where the item has no label.
    reader.get("/lang/tr?next=/").await;
    let home = reader.get("/").await;
    assert_eq!(home.texts(".footer-menu a"), ["Hakkımızda", "Send a tip"]);
    assert_eq!(home.texts(".section-nav li a")[1..], ["Ara", "Liman"]);

    // Move the tip link up, then remove it: plain form posts, no script needed.
    let moved = app
        .submit(
            "/newsroom/navigation/move",
            &[("menu", "footer"), ("index", "1"), ("direction", "up")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let mut english = TestApp::on_same(&app);
    assert_eq!(
        english.get("/").await.texts(".footer-menu a"),
        ["Send a tip", "About us"]
    );
    app.submit(
        "/newsroom/navigation/remove",
        &[("menu", "footer"), ("index", "0")],
    )
    .await;
    assert_eq!(english.get("/").await.texts(".footer-menu a"), ["About us"]);
    let admin_view = app.get("/newsroom/navigation").await;
    assert_eq!(admin_view.status, StatusCode::OK);
    assert_eq!(
        admin_view.texts("#menu-footer .nr-menu-label"),
        ["About us"]
    );

    // A withdrawn page drops out of the menu rather than leading to a 404.
    app.submit(
        &format!("/newsroom/pages/{page_id}/publish"),
        &[("published", "0")],
    )
    .await;
    assert!(english.get("/").await.texts(".footer-menu a").is_empty());

    let log = app
        .store
        .moderation_log(None, None, None, 50)
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.action == "menu-saved"));
}

async fn unsafe_links_and_other_roles_are_refused(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    for url in [
        "http://example.org",
        "javascript:alert(1)",
        "//evil.example",
        "/a b",
    ] {
        let page = app
            .submit(
                "/newsroom/navigation/add",
                &[
                    ("menu", "footer"),
                    ("kind", "link"),
                    ("url", url),
                    ("label_en", "Bad"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{url}");
        assert!(
            page.texts("#form-error")[0].contains("https://"),
            "{}",
            page.body
        );
    }
    let unknown = app
        .submit(
            "/newsroom/navigation/add",
            &[
                ("menu", "sidebar"),
                ("kind", "link"),
                ("url", "https://example.org"),
                ("label_en", "x"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        app.store.menu_items().await.unwrap().is_empty(),
        "nothing was saved"
    );

    let mut editor = TestApp::on_same(&app);
    editor.sign_in_as(Role::Editor, "desk@example.org").await;
    assert_eq!(
        editor.get("/newsroom/navigation").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = editor
        .submit(
            "/newsroom/navigation/add",
            &[
                ("menu", "footer"),
                ("kind", "link"),
                ("url", "https://example.org"),
                ("label_en", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let no_token = app
        .post_form(
            "/newsroom/navigation/add",
            &[
                ("menu", "footer"),
                ("kind", "link"),
                ("url", "https://example.org"),
                ("label_en", "x"),
            ],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(app.store.menu_items().await.unwrap().is_empty());
}
