//! "Send me a reset link" gives a known and an unknown address the same answer, and
//! gives it before any database write: the link is made and mailed afterwards, so the
//! known address still gets its mail. Nothing here measures time: the answers are
//! taken while the tables the mail path writes are locked, which a handler that wrote
//! before answering could not get past.

use crate::common::TestApp;
use axum::http::StatusCode;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_testkit::TestDb;
use sqlx::Connection;
use std::time::Duration;

/// Another connection holding what the reset mail needs to write.
enum Blocker {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

/// Takes SQLite's write lock, or PostgreSQL's locks on the link and mail tables (reads
/// go on in both).
async fn block_writes(db: &TestDb) -> Blocker {
    if db.url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::raw_sql("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .unwrap();
        Blocker::Sqlite(conn)
    } else {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        let lock = "BEGIN; LOCK TABLE account_tokens, outbox IN EXCLUSIVE MODE";
        sqlx::raw_sql(lock).execute(&mut conn).await.unwrap();
        Blocker::Postgres(conn)
    }
}

async fn release(blocker: Blocker) {
    match blocker {
        Blocker::Sqlite(mut c) => sqlx::raw_sql("ROLLBACK").execute(&mut c).await.map(drop),
        Blocker::Postgres(mut c) => sqlx::raw_sql("ROLLBACK").execute(&mut c).await.map(drop),
    }
    .unwrap();
}

/// The answer's headers without the ones that differ on every response.
fn stable_headers(page: &crate::common::Page) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = page
        .headers
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "x-request-id" | "date"))
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("?").to_string()))
        .collect();
    all.sort();
    all
}

pub async fn known_and_unknown_addresses_get_the_same_answer(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let hash = broadsheet::auth::password::hash(crate::common::PASSWORD.into())
        .await
        .unwrap();
    let known = EmailAddress::parse("known@example.org").unwrap();
    app.store
        .create_user(&known, "Known Reader", Role::Reader, Some(&hash))
        .await
        .unwrap();
    app.csrf().await;

    let blocker = block_writes(db).await;
    let mut answers = Vec::new();
    for email in ["known@example.org", "unknown@example.org"] {
        let fields = [("email", email)];
        let ask = app.submit("/password/forgot", &fields);
        // A guard against hanging, not a measurement: a handler that writes before it
        // answers waits here until the lock is released, and fails on SQLite's timeout.
        let page = tokio::time::timeout(Duration::from_secs(20), ask)
            .await
            .unwrap_or_else(|_| panic!("{email}: the answer waited for the mail's writes"));
        answers.push(page);
    }
    release(blocker).await;

    let (k, u) = (&answers[0], &answers[1]);
    assert_eq!(
        (k.status, u.status),
        (StatusCode::OK, StatusCode::OK),
        "{}",
        k.body
    );
    assert_eq!(k.body, u.body, "the same page for both");
    assert_eq!(
        stable_headers(k),
        stable_headers(u),
        "the same headers for both"
    );
    assert!(k.body.contains("Check your email"), "{}", k.body);

    let link = app
        .mailed_link("known@example.org", "/password/reset/")
        .await;
    assert!(
        link.is_some(),
        "the known address still gets its reset mail"
    );
    assert_eq!(app.get(&link.unwrap()).await.status, StatusCode::OK);
    let nobody = app
        .store
        .outbox(Some("unknown@example.org"), 10)
        .await
        .unwrap();
    assert!(nobody.is_empty(), "no mail to an address nobody has");
}
