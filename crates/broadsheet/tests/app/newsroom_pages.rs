//! Standalone pages: an editor writes one, publishes it and a reader reads it in the site
//! theme (drafts stay hidden); edits reach cached readers; old revisions come back;
//! clashing addresses, hostile HTML, the wrong role and a missing form token are
//! refused; the sitemap lists published pages only. SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(an_editor_publishes_a_page_readers_read_and_restores_a_revision);
on_both_engines!(clashing_addresses_and_hostile_html_are_refused_or_cleaned);
on_both_engines!(only_editors_with_a_form_token_manage_pages);

/// Creates a page through the newsroom form; its id.
async fn create(app: &mut TestApp, title: &str, slug: &str, body: &str) -> i64 {
    let page = app
        .submit(
            "/newsroom/pages",
            &[
                ("title", title),
                ("slug", slug),
                ("body", body),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.header("location")
        .trim_start_matches("/newsroom/pages/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn an_editor_publishes_a_page_readers_read_and_restores_a_revision(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Editor, "desk@example.org").await;
    let id = create(
        &mut app,
        "Corrections policy",
        "corrections",
        "We fix *errors* fast.",
    )
    .await;
    let draft_id = create(&mut app, "Secret plans", "", "Not yet.").await;
    let mut reader = TestApp::on_same(&app);

    // A draft is not there for readers, nor in the sitemap.
    assert_eq!(
        reader.get("/pages/corrections").await.status,
        StatusCode::NOT_FOUND
    );
    let listed = app.get("/newsroom/pages").await;
    assert_eq!(
        listed.texts("#page-list td a"),
        ["Corrections policy", "Secret plans"]
    );

    let page = app
        .submit(
            &format!("/newsroom/pages/{id}/publish"),
            &[("published", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let read = reader.get("/pages/corrections").await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.texts("h1#page-title"), ["Corrections policy"]);
    assert_eq!(read.texts(".article-body em"), ["errors"]);
    assert_eq!(read.texts(".masthead-name").len(), 1, "the site's header");
    assert_eq!(
        read.texts("footer.site-footer").len(),
        1,
        "the site's footer"
    );
    // Served again from the page cache...
    assert_eq!(
        reader.get("/pages/corrections").await.header("x-cache"),
        "hit"
    );

    // ...until the editor changes it.
    let edit = format!("/newsroom/pages/{id}");
    let saved = app
        .submit(
            &edit,
            &[
                ("version", "1"),
                ("title", "Corrections policy"),
                ("slug", "corrections"),
                ("body", "We correct errors within a day."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let read = reader.get("/pages/corrections").await;
    assert!(read.body.contains("within a day"), "{}", read.body);

    let sitemap = reader.get("/sitemaps/sections.xml").await;
    assert!(
        sitemap.body.contains("/pages/corrections</loc>"),
        "{}",
        sitemap.body
    );
    assert!(
        !sitemap.body.contains("secret-plans"),
        "drafts stay out of the sitemap"
    );
    let _ = draft_id;

    // Version 1 can be read and restored as version 3.
    let old = app.get(&format!("/newsroom/pages/{id}/revisions/1")).await;
    assert!(old.texts("#revision-body")[0].contains("We fix *errors* fast."));
    let restored = app
        .submit(
            &format!("/newsroom/pages/{id}/revisions/1/restore"),
            &[("version", "2")],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let read = reader.get("/pages/corrections").await;
    assert_eq!(read.texts(".article-body em"), ["errors"]);
    let editor = app.get(&edit).await;
    assert_eq!(editor.texts("#page-revisions tbody tr").len(), 3);
    assert!(editor.body.contains("restored version 1"));

    // Every change is in the audit log, naming the page.
    let log = app
        .store
        .moderation_log(None, None, None, 50)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "page-created",
        "page-published",
        "page-saved",
        "page-restored",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(log.iter().any(|e| e.reason == "/pages/corrections"));

    // Withdrawn, it is gone for readers again.
    app.submit(
        &format!("/newsroom/pages/{id}/publish"),
        &[("published", "0")],
    )
    .await;
    assert_eq!(
        reader.get("/pages/corrections").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn clashing_addresses_and_hostile_html_are_refused_or_cleaned(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let hostile = "Hello <script>alert(1)</script><img src=x onerror=alert(2)> \
                   [click](javascript:alert(3)) <a href=\"https://example.org\" onclick=\"x()\">ok</a>";
    let id = create(&mut app, "About", "about", hostile).await;
    app.submit(
        &format!("/newsroom/pages/{id}/publish"),
        &[("published", "1")],
    )
    .await;
    let read = TestApp::on_same(&app).get("/pages/about").await;
    let body = read.html();
    let article = scraper::Selector::parse(".article-body").unwrap();
    let inner = body.select(&article).next().unwrap().inner_html();
    for bad in ["<script", "onerror", "javascript:", "onclick"] {
        assert!(!inner.contains(bad), "{bad} in {inner}");
    }
    assert!(inner.contains("https://example.org"), "{inner}");

    // A second page at the same address is refused with the reason, and nothing changes.
    let clash = app
        .submit(
            "/newsroom/pages",
            &[("title", "About us"), ("slug", "about"), ("body", "x")],
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert!(
        clash.texts("#form-error")[0]
            .contains("a page with the address /pages/about already exists"),
        "{}",
        clash.body
    );
    assert_eq!(app.store.list_pages(false).await.unwrap().len(), 1);
    let kept = app.get("/newsroom/pages/new").await;
    assert_eq!(kept.status, StatusCode::OK);

    // A bad slug and a missing title name their field.
    let bad = app
        .submit(
            "/newsroom/pages",
            &[("title", "Contact"), ("slug", "Not A Slug!")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.attrs("#slug[aria-invalid]", "value"), ["Not A Slug!"]);
    let bad = app.submit("/newsroom/pages", &[("title", " ")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // A section cannot take the address the pages live under.
    let section = app.submit("/newsroom/sections", &[("name", "Pages")]).await;
    assert_eq!(section.status, StatusCode::BAD_REQUEST);
}

async fn only_editors_with_a_form_token_manage_pages(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Author, "writer@example.org").await;
    assert_eq!(
        app.get("/newsroom/pages").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/newsroom/pages/new").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = app
        .submit("/newsroom/pages", &[("title", "Mine"), ("body", "x")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut editor = TestApp::on_same(&app);
    editor.sign_in_as(Role::Editor, "desk@example.org").await;
    let no_token = editor
        .post_form("/newsroom/pages", &[("title", "Sneaky"), ("body", "x")])
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(
        app.store.list_pages(false).await.unwrap().is_empty(),
        "nothing was created"
    );

    // An author cannot publish or restore an editor's page either.
    let id = create(&mut editor, "Privacy", "privacy", "We keep little.").await;
    let publish = app
        .submit(
            &format!("/newsroom/pages/{id}/publish"),
            &[("published", "1")],
        )
        .await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    let restore = app
        .submit(
            &format!("/newsroom/pages/{id}/revisions/1/restore"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(restore.status, StatusCode::FORBIDDEN);
    assert!(!app.store.page_by_id(id).await.unwrap().unwrap().published);
}
