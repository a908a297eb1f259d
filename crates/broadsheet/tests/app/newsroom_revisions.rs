//! Revisions: every save keeps one, any two can be compared, an old one restored as a
//! new revision, and a save over a newer version is refused. SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;

on_both_engines!(revisions_diff_restore_and_optimistic_locking);

async fn revisions_diff_restore_and_optimistic_locking(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    let page = app
        .submit(
            "/newsroom/articles",
            &[
                ("headline", "Tide tables"),
                ("section", "city"),
                ("body", "Line one.\nLine two.\n"),
            ],
        )
        .await;
    let id: i64 = page
        .header("location")
        .trim_start_matches("/newsroom/articles/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = format!("/newsroom/articles/{id}");
    let save = |v: &'static str, headline: &'static str, body: &'static str| {
        [
            ("version", v),
            ("headline", headline),
            ("section", "city"),
            ("body", body),
        ]
    };
    let page = app
        .submit(
            &path,
            &save(
                "1",
                "Tide tables for winter",
                "Line one.\nLine 2, revised.\n",
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app
        .submit(
            &path,
            &save(
                "2",
                "Tide tables for winter",
                "Line one.\nLine 2, revised.\nLine three.\n",
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.count_revisions(id).await.unwrap(), 3);

    // A second editor still holding version 2 is refused, and keeps their text on screen.
    let stale = app
        .submit(&path, &save("2", "My stale headline", "Stale body"))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.texts("#form-error")[0].contains("version 3"),
        "{}",
        stale.body
    );
    assert_eq!(stale.attrs("#headline", "value"), vec!["My stale headline"]);
    let now = app.store.article_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (now.version, now.summary.headline.as_str()),
        (3, "Tide tables for winter")
    );

    // History lists who and what; the diff between 1 and 3 shows the changed lines.
    let history = app.get(&format!("{path}/revisions?from=1&to=3")).await;
    assert_eq!(history.status, StatusCode::OK);
    assert_eq!(history.texts("table.nr-table tbody tr").len(), 3);
    assert!(
        history
            .texts(".diff-del")
            .iter()
            .any(|t| t.contains("Line two.")),
        "{}",
        history.body
    );
    assert!(
        history
            .texts(".diff-add")
            .iter()
            .any(|t| t.contains("Line three."))
    );
    assert!(
        history
            .texts(".diff-add")
            .iter()
            .any(|t| t.contains("Tide tables for winter"))
    );
    assert_eq!(
        app.get(&format!("{path}/revisions?from=1&to=99"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Restoring version 1 makes version 4 with version 1's text.
    let page = app
        .submit(&format!("{path}/revisions/1/restore"), &[("version", "3")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let a = app.store.article_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (a.version, a.summary.headline.as_str(), a.body_md.as_str()),
        (4, "Tide tables", "Line one.\nLine two.\n")
    );
    let revs = app.store.list_revisions(id).await.unwrap();
    assert_eq!(revs[0].note, "restored version 1");
    assert_eq!(revs[0].editor_name, "Test User");
    // A restore from a stale view is refused too.
    let page = app
        .submit(&format!("{path}/revisions/2/restore"), &[("version", "3")])
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(app.store.count_revisions(id).await.unwrap(), 4);
}
