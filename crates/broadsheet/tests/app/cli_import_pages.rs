//! `broadsheet import wordpress` brings a site's pages along as pages: published ones
//! readable at `/pages/{slug}` (their HTML sanitized), drafts kept as drafts, the trash
//! left behind, and a second run adds nothing. Their old `?page_id=N` and permalinks
//! answer 301 to the page while it is published, wherever its address moves. SQLite and
//! PostgreSQL.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::{scalar, text};
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

    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = |path: &'static str| {
        let raw = raw.clone();
        let url = server.url(path);
        async move {
            let r = raw.get(url).send().await.unwrap();
            let to = r
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            (r.status().as_u16(), to)
        }
    };
    for old in [
        "/?page_id=201",
        "/index.php?page_id=201",
        "/about/keepers/",
        "/About/Keepers",
    ] {
        assert_eq!(
            answer(old).await,
            (301, Some("/pages/keepers".into())),
            "{old}"
        );
    }
    // The draft's id is recorded but sends nobody to a page they cannot read.
    assert_eq!(answer("/?page_id=202").await, (200, None));
    assert_eq!(
        answer("/?page_id=203").await,
        (200, None),
        "the trash has none"
    );
    // The old addresses follow the page to a new address, and a published draft.
    let update = |sql: &'static str, slug: &'static str| text(&db.url, sql, slug);
    let renamed = "UPDATE pages SET slug = 'lighthouse-keepers' WHERE slug = $1 RETURNING slug";
    assert!(update(renamed, "keepers").await.is_some());
    let published = "UPDATE pages SET published = TRUE WHERE slug = $1 RETURNING slug";
    assert!(update(published, "rates").await.is_some());
    assert_eq!(
        answer("/about/keepers").await,
        (301, Some("/pages/lighthouse-keepers".into()))
    );
    // (Asked afresh: the front page answered for the draft's id is cached a minute.)
    assert_eq!(
        answer("/index.php?page_id=202").await,
        (301, Some("/pages/rates".into()))
    );
    // Known by its old id, the renamed page is not imported a second time.
    let again = import(db);
    assert!(
        again.contains("imported 0 pages (2 already there)"),
        "{again}"
    );
    let pages = scalar(&db.url, "SELECT COUNT(*) FROM pages WHERE id > $1", 0).await;
    assert_eq!(pages, Some(2));
}
