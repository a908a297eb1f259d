//! `broadsheet import wordpress` brings a site's pages along as pages: published ones
//! readable at `/pages/{slug}` (their HTML sanitized), drafts kept as drafts, the trash
//! left behind, and a second run adds nothing. SQLite and PostgreSQL.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines, temp_dir};
use common::server::Server;
use std::process::Command;

on_both_engines!(wordpress_pages_become_pages);

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/wordpress-pages.xml"
);

fn import(db: &TestDb) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", temp_dir("bs-import-pages"))
        .env("BROADSHEET_DATABASE_URL", &db.url)
        .env("BROADSHEET_LOG", "warn")
        .args(["import", "wordpress", FIXTURE])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn wordpress_pages_become_pages(db: &TestDb) {
    let said = import(db);
    assert!(
        said.contains("imported 2 pages (0 already there)"),
        "{said}"
    );
    assert!(
        said.contains("1 pages or other items skipped"),
        "the trashed page: {said}"
    );
    let again = import(db);
    assert!(
        again.contains("imported 0 pages (2 already there)"),
        "{again}"
    );

    let server = Server::start_with(&db.url, &["--no-demo"]).await;
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(server.url(path)).send();
    let page = get("/pages/keepers").await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Who keeps the light") && html.contains("Three keepers"));
    assert!(!html.contains("alert('x')"), "the export's script is gone");
    assert_eq!(get("/pages/rates").await.unwrap().status(), 404, "a draft");
    assert_eq!(
        get("/pages/old-notice").await.unwrap().status(),
        404,
        "the trash"
    );
}
