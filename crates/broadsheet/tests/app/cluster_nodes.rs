//! Two nodes on one PostgreSQL database, as behind a load balancer: a comment posted on
//! one reaches the other's live stream, and the other's cached page of that article (and
//! only that) is dropped at once rather than when it would expire; a screener model
//! activated from the shell reaches both. (SQLite serves one node; there is no peer to tell.)

use crate::common;

use common::server::Server;
use common::sql::first_article;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_on_one_node_reaches_the_other() {
    let Some(db) = broadsheet_testkit::postgres().await else {
        return;
    };
    let a = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let b = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let reader = a.user_with_token("reader@example.org", "reader");
    let (article, path) = first_article(&db.url).await;
    let client = reqwest::Client::new();

    // Node B has the article page in its cache for anonymous readers, and the home page.
    let page = |node: &Server| client.get(node.url(&path)).send();
    let home = || client.get(b.url("/")).send();
    home().await.unwrap();
    page(&b).await.unwrap();
    let cached = page(&b).await.unwrap();
    assert_eq!(
        cached.headers()["x-cache"],
        "hit",
        "B serves the page from its cache"
    );
    // A reader on node B watches the live stream.
    let stream_url = b.url(&format!("/api/v1/articles/{article}/comments/stream"));
    let mut stream = client.get(stream_url).send().await.unwrap();
    assert_eq!(stream.status(), 200);

    let remark = "Posted on node A: the tide tables in the print edition were a day out.";
    let posted = a.post_comment(&reader, article, remark).await;
    assert_eq!(posted.status(), 201);

    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(remark) {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("B's stream delivers A's comment within 10 s")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }

    // Only that article's pages were dropped on B: its home page is still cached.
    assert_eq!(home().await.unwrap().headers()["x-cache"], "hit");
    // B's cached page was dropped: it shows the comment long before the cache expires.
    let started = Instant::now();
    loop {
        let body = page(&b).await.unwrap().text().await.unwrap();
        if body.contains(remark) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "B still serves the page cached before the comment"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A model that holds every comment: no weights, and a hold line of zero.
fn hold_everything() -> Vec<u8> {
    let mut model = broadsheet_moderation::Model::zeroed(8);
    model.thresholds = broadsheet_moderation::Thresholds {
        hold: 0.0,
        hold_short: 0.0,
        veto: 0.0,
        veto_reject: 0.0,
    };
    model.to_bytes()
}

/// The status the API gives a civil comment posted on `node`.
async fn civil_status(node: &Server, token: &str, article: i64, n: u32) -> String {
    let body = format!("Thanks for the clear map of the harbour works, part {n}.");
    let posted = node.post_comment(token, article, &body).await;
    let json: serde_json::Value = posted.json().await.unwrap();
    json["status"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screener_model_activated_from_the_shell_reaches_every_node() {
    let Some(db) = broadsheet_testkit::postgres().await else {
        return;
    };
    let a = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let b = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let reader = a.user_with_token("reader@example.org", "reader");
    let (article, _) = first_article(&db.url).await;
    assert_eq!(civil_status(&b, &reader, article, 0).await, "visible");

    let store = broadsheet_store::Store::open(&db.url).await.unwrap();
    let id = store
        .save_screener_model(&hold_everything(), "{}", 0, None)
        .await
        .unwrap();
    let missing = a.cli(&["moderation", "activate", "--model", "999999"], "");
    assert!(!missing.status.success(), "an unknown model is refused");
    let out = a.cli(&["moderation", "activate", "--model", &id.to_string()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Both nodes hear of it and screen with the new model: a civil comment is held.
    let mut n = 1;
    let started = Instant::now();
    for node in [&b, &a] {
        while civil_status(node, &reader, article, n).await != "pending" {
            n += 1;
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the node switched models"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    // Back to the shipped model in one command, on every node.
    let out = a.cli(&["moderation", "activate", "--shipped"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for node in [&b, &a] {
        while civil_status(node, &reader, article, n).await != "visible" {
            n += 1;
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the node went back"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Asks `url` until its body passes `check`, for at most five seconds.
async fn eventually(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    check: impl Fn(&str) -> bool,
) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        let mut req = client.get(url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if check(&req.send().await.unwrap().text().await.unwrap()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// What node B holds in memory for rendering (sections, an article's parts, a frequent
/// search) follows an edit made on node A, long before any of it would expire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_on_one_node_shows_on_the_other() {
    let Some(db) = broadsheet_testkit::postgres().await else {
        return;
    };
    let a = Server::start(&db.url).await;
    let b = Server::start(&db.url).await;
    let editor = a.user_with_token("editor@example.org", "editor");
    let reader = b.user_with_token("reader@example.org", "reader");
    let (article, path) = first_article(&db.url).await;
    let client = reqwest::Client::new();

    // B renders the article for a signed-in reader and has a frequent search in memory.
    let search = b.url("/search?q=zeppelin");
    for _ in 0..3 {
        client.get(&search).send().await.unwrap();
        let signed_in = client.get(&search).bearer_auth(&reader).send().await;
        assert!(!signed_in.unwrap().text().await.unwrap().contains(&path));
        client
            .get(b.url(&path))
            .bearer_auth(&reader)
            .send()
            .await
            .unwrap();
    }
    let hit = client.get(&search).send().await.unwrap();
    assert_eq!(hit.headers()["x-cache"], "hit");

    // A edits the article's body and adds a section.
    let current: serde_json::Value = client
        .get(a.url(&format!("/api/v1/articles/{article}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let edit = serde_json::json!({
        "version": current["version"],
        "body": "A zeppelin was seen over the harbour at noon.",
    });
    let saved = client
        .patch(a.url(&format!("/api/v1/articles/{article}")))
        .bearer_auth(&editor)
        .json(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let section = serde_json::json!({"name": "Airships"});
    let created = client
        .post(a.url("/api/v1/sections"))
        .bearer_auth(&editor)
        .json(&section)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    let page = b.url(&path);
    assert!(
        eventually(&client, &page, Some(&reader), |html| html
            .contains("zeppelin was seen"))
        .await,
        "B shows the signed-in reader the new body"
    );
    assert!(
        eventually(&client, &page, Some(&reader), |html| html
            .contains("Airships"))
        .await,
        "B's navigation has the new section"
    );
    assert!(
        eventually(&client, &search, None, |html| html.contains(&path)).await,
        "B's search finds the edited article"
    );
    assert!(
        eventually(&client, &search, Some(&reader), |html| html.contains(&path)).await,
        "B's held search results for signed-in readers follow the edit too"
    );
}
