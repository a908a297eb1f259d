//! Crash durability: 64 concurrent writers post comments and create articles while the
//! server is killed with SIGKILL at random moments and restarted. Every write that was
//! acknowledged with a 2xx must be there afterwards, whole. `RELIABILITY_KILLS` sets
//! the number of kills (CI: 3; the long suite in reliability/: 20).

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::server::Server;
use common::sql::{first_article, scalar};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const COMMENT_WRITERS: usize = 56;
const ARTICLE_WRITERS: usize = 8;

#[derive(Default)]
struct Acked {
    comments: Mutex<BTreeSet<i64>>,
    articles: Mutex<BTreeSet<i64>>,
}

on_both_engines!(acknowledged_writes_survive_sigkill);

async fn acknowledged_writes_survive_sigkill(db: &TestDb) {
    let kills: usize = std::env::var("RELIABILITY_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let readers: Vec<String> = (0..8)
        .map(|i| server.user_with_token(&format!("reader{i}@example.org"), "reader"))
        .collect();
    let editor = server.user_with_token("editor@example.org", "editor");
    let (article_id, _) = first_article(&db.url).await;

    let acked = Arc::new(Acked::default());
    let stop = Arc::new(AtomicBool::new(false));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for w in 0..COMMENT_WRITERS + ARTICLE_WRITERS {
        let (client, acked, stop, base) = (
            client.clone(),
            acked.clone(),
            stop.clone(),
            server.base.clone(),
        );
        let (token, is_article) = if w < COMMENT_WRITERS {
            (readers[w % readers.len()].clone(), false)
        } else {
            (editor.clone(), true)
        };
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let (url, body) = if is_article {
                    let headline = format!("Durability check {w}-{n}");
                    (format!("{base}/api/v1/articles"), serde_json::json!({"headline": headline, "standfirst": "Checking that saves survive.", "body": "## Check\n\nA saved draft.", "section": "city"}))
                } else {
                    (format!("{base}/api/v1/articles/{article_id}/comments"), serde_json::json!({"body": format!("Writer {w}, comment {n}: the ferry timetable looks sensible to me.")}))
                };
                let sent = client.post(&url).bearer_auth(&token).json(&body).send().await;
                let Ok(resp) = sent else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                if !resp.status().is_success() {
                    // Back off a little, as a real client would, so a restarting server is not starved.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
                // Only a fully received acknowledgement counts.
                let Ok(json) = resp.json::<serde_json::Value>().await else { continue };
                let id = json["id"].as_i64().expect("an acknowledged write has an id");
                let set = if is_article { &acked.articles } else { &acked.comments };
                set.lock().unwrap().insert(id);
            }
        }));
    }

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}, {kills} kills");
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        tokio::time::sleep(Duration::from_millis(300 + seed % 900)).await;
        server.restart().await; // SIGKILL, then start again on the same data
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    server.kill_hard();

    let comments = acked.comments.lock().unwrap().clone();
    let articles = acked.articles.lock().unwrap().clone();
    assert!(
        !comments.is_empty() && !articles.is_empty(),
        "writers got acknowledgements ({} comments, {} articles)",
        comments.len(),
        articles.len()
    );
    for id in &comments {
        let article = scalar(
            &db.url,
            "SELECT article_id FROM comments WHERE id = $1",
            *id,
        )
        .await;
        assert_eq!(
            article,
            Some(article_id),
            "acknowledged comment {id} is missing or detached"
        );
    }
    for id in &articles {
        let revisions = scalar(
            &db.url,
            "SELECT COUNT(*) FROM revisions WHERE article_id = $1",
            *id,
        )
        .await;
        assert!(
            revisions >= Some(1),
            "acknowledged article {id} has no revision"
        );
    }
    let orphans = scalar(&db.url, "SELECT COUNT(*) FROM articles a WHERE $1 = $1 AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id)", 0).await;
    assert_eq!(orphans, Some(0), "no article without its revision");
    eprintln!(
        "verified {} comments and {} articles across {kills} kills",
        comments.len(),
        articles.len()
    );
}
