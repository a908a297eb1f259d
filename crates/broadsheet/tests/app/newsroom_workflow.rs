//! The editorial workflow through the newsroom's forms, for each writing role, and bad
//! input that must be refused with nothing saved. Runs on SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(
    a_contributor_submits_and_an_editor_publishes,
    an_author_publishes_and_schedules_their_own_story,
    bad_input_is_refused_and_nothing_is_saved,
    raw_html_in_markdown_never_reaches_the_page,
);

/// A fresh app with one section, "city".
async fn app(db: &TestDb) -> TestApp {
    let app = TestApp::empty(db).await;
    app.store
        .create_section("city", "City", "Kent", "")
        .await
        .unwrap();
    app
}

/// Creates a draft through the editor form and returns its id.
async fn write(app: &mut TestApp, headline: &str) -> i64 {
    let page = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", headline),
                ("section", "city"),
                ("body", "Para one.\n\nPara two."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let to = page.header("location");
    to.trim_start_matches("/newsroom/articles/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn act(app: &mut TestApp, id: i64, action: &str) -> StatusCode {
    app.submit(
        &format!("/newsroom/articles/{id}/workflow"),
        &[("action", action)],
    )
    .await
    .status
}

async fn status(app: &TestApp, id: i64) -> String {
    app.store
        .article_by_id(id)
        .await
        .unwrap()
        .unwrap()
        .summary
        .status
        .0
        .as_str()
        .to_string()
}

async fn a_contributor_submits_and_an_editor_publishes(db: &TestDb) {
    let mut app = app(db).await;
    app.sign_in_as(Role::Contributor, "cora@example.org").await;
    let id = write(&mut app, "Ferry fares rise").await;
    // The editor offers only what the role may do.
    let page = app.get(&format!("/newsroom/articles/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), "private, no-store");
    assert!(
        !page
            .attrs("button[id^=action-]", "id")
            .contains(&"action-publish".to_string())
    );
    assert_eq!(act(&mut app, id, "publish").await, StatusCode::FORBIDDEN);
    assert_eq!(act(&mut app, id, "submit").await, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, id).await, "in_review");
    // Submitted twice: the state no longer allows it.
    assert_eq!(act(&mut app, id, "submit").await, StatusCode::CONFLICT);
    // The dashboard lists it in review.
    let dash = app.get("/newsroom").await;
    assert!(
        dash.texts("section.nr-group a")
            .iter()
            .any(|t| t == "Ferry fares rise"),
        "{}",
        dash.body
    );

    let mut desk = TestApp::on_same(&app);
    desk.sign_in_as(Role::Editor, "ed@example.org").await;
    let page = desk.get(&format!("/newsroom/articles/{id}")).await;
    assert!(
        page.attrs("button[id^=action-]", "id")
            .contains(&"action-publish".to_string()),
        "{}",
        page.body
    );
    assert_eq!(act(&mut desk, id, "publish").await, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, id).await, "published");
    let a = app.store.article_by_id(id).await.unwrap().unwrap();
    assert!(a.summary.published_at.is_some());
    // Once live, the contributor may not change it.
    let edit = app
        .submit(
            &format!("/newsroom/articles/{id}"),
            &[("version", "1"), ("headline", "Mine"), ("section", "city")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    // A correction is appended by the editor and kept.
    let page = desk
        .submit(
            &format!("/newsroom/articles/{id}/corrections"),
            &[("note", "An earlier version misstated the fare.")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.corrections(id).await.unwrap().len(), 1);
    // Readers see it under the story.
    let live = app.store.article_by_id(id).await.unwrap().unwrap().summary;
    let mut reader = TestApp::on_same(&app);
    let page = reader
        .get(&format!("/{}/{}", live.section_slug, live.slug))
        .await;
    let notes = page.texts(".corrections li");
    assert_eq!(notes.len(), 1, "{}", page.body);
    assert!(
        notes[0].ends_with(": An earlier version misstated the fare."),
        "{notes:?}"
    );
    assert_eq!(page.texts(".corrections h2"), ["Corrections"]);
    assert_eq!(act(&mut desk, id, "unpublish").await, StatusCode::SEE_OTHER);
    assert_eq!(act(&mut desk, id, "archive").await, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, id).await, "archived");
    assert_eq!(app.store.count_events(id, "publish").await.unwrap(), 1);
}

async fn an_author_publishes_and_schedules_their_own_story(db: &TestDb) {
    let mut app = app(db).await;
    app.sign_in_as(Role::Author, "ann@example.org").await;
    let id = write(&mut app, "Harbour wall repaired").await;
    assert_eq!(act(&mut app, id, "publish").await, StatusCode::SEE_OTHER);
    assert_eq!(status(&app, id).await, "published");
    let other = {
        let mut them = TestApp::on_same(&app);
        them.sign_in_as(Role::Author, "bo@example.org").await;
        write(&mut them, "Someone else's story").await
    };
    // Not theirs: neither visible in the editor nor movable.
    assert_eq!(
        app.get(&format!("/newsroom/articles/{other}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(act(&mut app, other, "publish").await, StatusCode::FORBIDDEN);
    // Scheduling with the date picker's local time and the browser's offset.
    let mine = write(&mut app, "Regatta moves to Sunday").await;
    let when = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let local = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        when.year(),
        u8::from(when.month()),
        when.day(),
        when.hour(),
        when.minute()
    );
    let page = app
        .submit(
            &format!("/newsroom/articles/{mine}/workflow"),
            &[
                ("action", "schedule"),
                ("publish_at", &local),
                ("tz_offset", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let a = app.store.article_by_id(mine).await.unwrap().unwrap();
    assert_eq!(a.summary.status.0.as_str(), "scheduled");
    assert!((a.publish_at.unwrap() - when.unix_timestamp()).abs() < 60);
    // A time in the past or no time at all is refused.
    let page = app
        .submit(
            &format!("/newsroom/articles/{mine}/workflow"),
            &[("action", "schedule"), ("publish_at", "2001-01-01T10:00")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = app
        .submit(
            &format!("/newsroom/articles/{mine}/workflow"),
            &[("action", "schedule"), ("publish_at", "next tuesday")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

async fn bad_input_is_refused_and_nothing_is_saved(db: &TestDb) {
    let mut app = app(db).await;
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let id = write(&mut app, "Quay lights").await;
    let before = app.store.count_articles().await.unwrap();
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[
                ("headline", "  "),
                ("section", "city"),
                ("body", "Kept text"),
            ],
            "headline",
        ),
        (
            &[
                ("headline", "X"),
                ("section", "nowhere"),
                ("body", "Kept text"),
            ],
            "section",
        ),
        (
            &[
                ("headline", "X"),
                ("section", "city"),
                ("slug", "Bad Slug!"),
            ],
            "slug",
        ),
        (
            &[
                ("headline", "X"),
                ("section", "city"),
                ("lead_image", "/media/x/original.png"),
            ],
            "image_alt",
        ),
        (
            &[
                ("headline", "X"),
                ("section", "city"),
                ("language", "english!"),
            ],
            "language",
        ),
    ];
    for (fields, field) in cases {
        let page = app.submit("/newsroom/articles", fields).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{field}: {}",
            page.body
        );
        assert_eq!(page.texts("#form-error").len(), 1, "{field}");
        // What the user typed is still in the form.
        assert_eq!(
            page.attrs("#headline", "value"),
            vec![fields[0].1.to_string()],
            "{field}"
        );
    }
    let big = "a".repeat(1024 * 1024 + 1);
    let page = app
        .submit(
            "/newsroom/articles",
            &[("headline", "Big"), ("section", "city"), ("body", &big)],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("1 MB"));
    // The same address in the same section clashes.
    let page = app
        .submit(
            "/newsroom/articles",
            &[("headline", "Quay lights"), ("section", "city")],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert_eq!(
        app.store.count_articles().await.unwrap(),
        before,
        "nothing was partly saved"
    );
    assert_eq!(app.store.count_revisions(id).await.unwrap(), 1);
    // A form without the token is refused before anything happens.
    let page = app
        .post_form(
            "/newsroom/articles",
            &[("headline", "Forged"), ("section", "city")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_articles().await.unwrap(), before);
}

async fn raw_html_in_markdown_never_reaches_the_page(db: &TestDb) {
    let mut app = app(db).await;
    app.sign_in_as(Role::Admin, "root@example.org").await;
    let page = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", "Hostile"),
                ("section", "city"),
                (
                    "body",
                    "Hi <script>alert(1)</script><img src=x onerror=alert(2)>",
                ),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let id: i64 = page
        .header("location")
        .trim_start_matches("/newsroom/articles/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let html = app
        .store
        .article_by_id(id)
        .await
        .unwrap()
        .unwrap()
        .body_html;
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );
    let preview = app
        .submit(
            "/newsroom/preview",
            &[("body", "## Sub\n\n<script>alert(1)</script>")],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.texts("#preview-body h2"), vec!["Sub"]);
    assert!(
        !preview.body.contains("alert(1)</script>"),
        "{}",
        preview.body
    );
}

on_both_engines!(a_published_article_that_moves_redirects_from_its_old_address);

async fn a_published_article_that_moves_redirects_from_its_old_address(db: &TestDb) {
    let mut app = app(db).await;
    app.store
        .create_section("sport", "Sport", "", "")
        .await
        .unwrap();
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let id = write(&mut app, "Pier reopens").await;
    assert_eq!(act(&mut app, id, "publish").await, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/city/pier-reopens").await.status, StatusCode::OK);
    let page = app
        .submit(
            &format!("/newsroom/articles/{id}"),
            &[
                ("version", "1"),
                ("headline", "Pier reopens"),
                ("section", "sport"),
                ("slug", "pier-reopens-at-last"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let old = app.get("/city/pier-reopens").await;
    assert_eq!(
        (old.status, old.header("location")),
        (StatusCode::MOVED_PERMANENTLY, "/sport/pier-reopens-at-last")
    );
    assert_eq!(
        app.get("/sport/pier-reopens-at-last").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/city/never-was").await.status,
        StatusCode::NOT_FOUND
    );
}
