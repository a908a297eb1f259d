//! `broadsheet import wordpress` as an operator runs it: an original WXR file (the
//! invented "Saltmarsh Courier") becomes sections, authors, tagged stories and comment
//! threads the site serves; a second run adds nothing; a broken file imports nothing.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::scalar;
use std::process::{Command, Output};

on_both_engines!(a_wordpress_site_arrives_whole_and_only_once);
on_both_engines!(a_broken_export_imports_nothing);
on_both_engines!(disqus_comments_land_on_the_stories_they_discussed);

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/wordpress-export.xml"
);

const DISQUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/disqus-export.xml"
);

fn import(db: &TestDb, file: &str) -> Output {
    import_from(db, "wordpress", file)
}

fn import_from(db: &TestDb, platform: &str, file: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", temp_dir("bs-import"))
        .env("BROADSHEET_DATABASE_URL", &db.url)
        .env("BROADSHEET_LOG", "warn")
        .args(["import", platform, file])
        .output()
        .unwrap()
}

async fn a_wordpress_site_arrives_whole_and_only_once(db: &TestDb) {
    let out = import(db, FIXTURE);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("imported 3 articles"), "{said}");
    assert!(
        said.contains("2 new authors") && said.contains("2 new sections"),
        "{said}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("post 4/4"),
        "progress is shown"
    );

    let server = Server::start_with(&db.url, &["--no-demo"]).await;
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(server.url(path)).send();
    let story = get("/transport/ferry-dawn-crossing").await.unwrap();
    assert_eq!(story.status(), 200);
    let html = story.text().await.unwrap();
    assert!(html.contains("Saltmarsh ferry adds a dawn crossing &amp; a late one"));
    assert!(
        html.contains("Imogen Vale"),
        "the byline came from the author list"
    );
    assert!(
        html.contains("datetime=\"2025-02-14T07:30:00"),
        "the original date is kept"
    );
    assert!(
        !html.contains("<script>window") && !html.contains("onerror"),
        "the body was sanitized"
    );
    // The approved thread, reply under its parent; the waiting and spam comments not shown.
    assert!(html.contains("the dawn boat will save me an hour"));
    assert!(html.contains("I hope the fares stay put"));
    assert!(!html.contains("Waiting for a moderator") && !html.contains("Buy watches"));
    let replies = scalar(
        &db.url,
        "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL AND $1 = $1",
        0,
    )
    .await;
    assert_eq!(replies, Some(1), "the reply kept its thread");
    let pending = scalar(
        &db.url,
        "SELECT COUNT(*) FROM comments WHERE status = 'pending' AND $1 = $1",
        0,
    )
    .await;
    assert_eq!(pending, Some(1), "the waiting comment waits for the desk");

    assert_eq!(get("/tag/ferries").await.unwrap().status(), 200);
    let turkish = get("/town-hall/carsi-meydani-banklar").await.unwrap();
    assert!(turkish.text().await.unwrap().contains("Kerem Aydın"));
    let search = get("/search?q=ferry").await.unwrap().text().await.unwrap();
    assert!(
        search.contains("ferry-dawn-crossing"),
        "imported stories are searchable"
    );
    // The draft stays in the newsroom; the page stays behind.
    let drafts = scalar(
        &db.url,
        "SELECT COUNT(*) FROM articles WHERE status = 'draft' AND $1 = $1",
        0,
    )
    .await;
    assert_eq!(drafts, Some(1));
    assert_eq!(get("/about").await.unwrap().status(), 404);

    // Importing the same file again changes nothing.
    let again = import(db, FIXTURE);
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(
        said.contains("imported 0 articles (3 already there"),
        "{said}"
    );
    let comments = scalar(&db.url, "SELECT COUNT(*) FROM comments WHERE $1 = $1", 0).await;
    assert_eq!(comments, Some(3));
}

async fn a_broken_export_imports_nothing(db: &TestDb) {
    let dir = temp_dir("bs-import-bad");
    let fixture = std::fs::read_to_string(FIXTURE).unwrap();
    for (name, text) in [
        ("cut.xml", fixture[..fixture.len() / 2].to_string()),
        (
            "html.xml",
            "<html><body>not an export</body></html>".to_string(),
        ),
        ("empty.xml", String::new()),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let out = import(db, file.to_str().unwrap());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}");
        assert!(stderr.contains("nothing was imported"), "{name}: {stderr}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{name}: one clear line: {stderr}"
        );
    }
    let missing = import(db, dir.join("nope.xml").to_str().unwrap());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot open"));
    let _ = std::fs::remove_dir_all(dir);
}

async fn disqus_comments_land_on_the_stories_they_discussed(db: &TestDb) {
    assert!(import(db, FIXTURE).status.success());
    let out = import_from(db, "disqus", DISQUS);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("2 comments (0 already there, 2 spam, deleted"),
        "{said}"
    );
    assert!(said.contains("2 threads matched no story"), "{said}");

    let server = Server::start_with(&db.url, &["--no-demo"]).await;
    let html = reqwest::get(server.url("/transport/ferry-dawn-crossing"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("the dawn crossing suits the market traders"));
    assert!(html.contains("the fish market opens at six"));
    assert!(!html.contains("Cheap flights") && !html.contains("took back"));
    const REPLY: &str = "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id \
                         WHERE p.nonce = 'disqus-8101' AND c.nonce = 'disqus-8102' AND $1 = $1";
    assert_eq!(
        scalar(&db.url, REPLY, 0).await,
        Some(1),
        "the reply kept its parent"
    );

    let again = import_from(db, "disqus", DISQUS);
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(said.contains("0 comments (2 already there"), "{said}");
}
