//! Disk faults under a running server. The data directory (the SQLite file and media)
//! fills up, and the media directory turns read-only. Writes get a clear 507 or 503
//! with Retry-After and a log line; readers are still served; nothing acknowledged is
//! lost or corrupted; and service resumes by itself when the disk recovers.

use crate::common;
use crate::common::images::png;

use broadsheet_testkit::{Engine, TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::{first_article, scalar, text};
use common::tiny_disk::TinyDisk;
use reqwest::{Client, Response};
use serde_json::Value;
use std::time::{Duration, Instant};

on_both_engines!(a_full_disk_refuses_writes_clearly_and_recovers);
on_both_engines!(a_read_only_media_disk_refuses_uploads_and_recovers);

/// A comment that does not trip the screener, numbered.
fn remark(n: usize) -> String {
    format!("Comment {n}: the harbour survey results deserve a closer look.")
}

/// The error code of a JSON error answer, after checking it asks the client to retry.
async fn retryable_error(resp: Response, status: u16) -> String {
    let (got, retry) = (
        resp.status().as_u16(),
        resp.headers().contains_key("retry-after"),
    );
    let body: Value = resp.json().await.unwrap_or_default();
    assert_eq!(got, status, "{body}");
    assert!(retry, "a Retry-After header with {body}");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Upload folders under the media directory.
fn media_folders(server: &Server) -> usize {
    std::fs::read_dir(server.data_dir.join("media")).map_or(0, |d| d.count())
}

async fn a_full_disk_refuses_writes_clearly_and_recovers(db: &TestDb) {
    let root = temp_dir("bs-full-disk");
    let Some(disk) = TinyDisk::mount(&root.join("data"), 48) else {
        return;
    };
    // On SQLite the database lives on the small disk too; PostgreSQL keeps its own.
    let url = match db.engine {
        Engine::Sqlite => format!("sqlite://{}/broadsheet.db", disk.path.display()),
        Engine::Postgres => db.url.clone(),
    };
    let mut server =
        Server::start_in(disk.path.clone(), &url, &["--rate-limit-scale", "1000"]).await;
    let reader = server.user_with_token("reader@example.org", "reader");
    let editor = server.user_with_token("editor@example.org", "editor");
    let (article, article_path) = first_article(&url).await;
    let client = Client::new();
    let image = png(1200, 900);
    assert_eq!(
        server
            .upload_image(&editor, "chart.png", &image)
            .await
            .status(),
        201
    );
    let folders = media_folders(&server);
    let mut acked = Vec::new();

    let filled = disk.fill();
    eprintln!("filled the disk with {} KiB", filled / 1024);
    let refused = server.upload_image(&editor, "chart.png", &image).await;
    assert_eq!(retryable_error(refused, 507).await, "insufficient_storage");
    assert_eq!(
        media_folders(&server),
        folders,
        "no half-stored upload is left"
    );

    // SQLite's write-ahead log has a little slack, so comments are refused only once
    // it is used up; then always with 507, never another failure.
    let attempts = if db.engine == Engine::Sqlite {
        3000
    } else {
        40
    };
    let mut refused_at = None;
    for n in 0..attempts {
        let resp = server.post_comment(&reader, article, &remark(n)).await;
        if resp.status() == 201 {
            acked.push(resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
            continue;
        }
        assert_eq!(retryable_error(resp, 507).await, "insufficient_storage");
        refused_at = Some(n);
        break;
    }
    match db.engine {
        Engine::Sqlite => assert!(refused_at.is_some(), "comments are refused on a full disk"),
        Engine::Postgres => assert_eq!(refused_at, None, "PostgreSQL's own disk has room"),
    }
    for path in ["/", article_path.as_str(), "/healthz"] {
        let resp = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path} is still served");
    }
    assert!(server.log().contains("disk is full"), "{}", server.log());

    disk.free();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let resp = server.post_comment(&reader, article, &remark(9999)).await;
        if resp.status() == 201 {
            acked.push(resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
            break;
        }
        assert!(
            Instant::now() < deadline,
            "writes resume once space returns"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        server
            .upload_image(&editor, "chart.png", &image)
            .await
            .status(),
        201
    );
    server.stop_cleanly().await;

    for id in &acked {
        let on = scalar(&url, "SELECT article_id FROM comments WHERE id = $1", *id).await;
        assert_eq!(on, Some(article), "acknowledged comment {id} survived");
    }
    if db.engine == Engine::Sqlite {
        let check = text(
            &url,
            "SELECT integrity_check FROM pragma_integrity_check WHERE $1 = $1",
            "x",
        )
        .await;
        assert_eq!(check.as_deref(), Some("ok"), "the SQLite file is intact");
    }
    drop(server);
    drop(disk);
    let _ = std::fs::remove_dir_all(root);
}

async fn a_read_only_media_disk_refuses_uploads_and_recovers(db: &TestDb) {
    let data = temp_dir("bs-ro-media");
    let Some(disk) = TinyDisk::mount(&data.join("media"), 32) else {
        return;
    };
    let mut server = Server::start_in(data.clone(), &db.url, &["--rate-limit-scale", "1000"]).await;
    let editor = server.user_with_token("editor@example.org", "editor");
    let client = Client::new();
    let image = png(640, 480);
    let stored: Value = server
        .upload_image(&editor, "chart.png", &image)
        .await
        .json()
        .await
        .unwrap();
    let original = stored["url"]
        .as_str()
        .expect("an uploaded image has a URL")
        .to_string();

    disk.set_read_only(true);
    let refused = server.upload_image(&editor, "chart.png", &image).await;
    assert_eq!(retryable_error(refused, 503).await, "unavailable");
    let served = client.get(server.url(&original)).send().await.unwrap();
    assert_eq!(served.status(), 200, "stored images are still served");
    assert!(server.log().contains("read-only"), "{}", server.log());
    let media_rows = scalar(&db.url, "SELECT COUNT(*) FROM media WHERE $1 = $1", 0).await;
    assert_eq!(media_rows, Some(1), "a refused upload records nothing");

    disk.set_read_only(false);
    assert_eq!(
        server
            .upload_image(&editor, "chart.png", &image)
            .await
            .status(),
        201
    );
    server.stop_cleanly().await;
    drop(server);
    drop(disk);
    let _ = std::fs::remove_dir_all(data);
}
