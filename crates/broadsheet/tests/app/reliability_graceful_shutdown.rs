//! Graceful shutdown under load: writers post comments and browsers report ad views
//! while a slow image upload is in flight; then the server gets SIGTERM. The upload
//! finishes, the process exits cleanly, and every acknowledged comment and counted ad
//! view is in the database afterwards.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::multipart_body;
use common::server::Server;
use common::sql::{first_article, scalar};
use image::{ImageFormat, RgbImage};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

const COMMENT_WRITERS: usize = 24;
const VIEW_REPORTERS: usize = 8;
const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

on_both_engines!(sigterm_finishes_in_flight_work_and_loses_nothing);

fn big_png() -> Vec<u8> {
    let img = RgbImage::from_fn(2000, 1400, |x, y| {
        image::Rgb([(x * y % 253) as u8, (x % 199) as u8, (y % 97) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn sigterm_finishes_in_flight_work_and_loses_nothing(db: &TestDb) {
    let mut server = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let readers: Vec<String> = (0..4)
        .map(|i| server.user_with_token(&format!("reader{i}@example.org"), "reader"))
        .collect();
    let editor = server.user_with_token("editor@example.org", "editor");
    let (article, _) = first_article(&db.url).await;
    const ENABLED: &str =
        "SELECT id FROM ad_campaigns WHERE enabled AND id > $1 ORDER BY id LIMIT 1";
    let campaign = scalar(&db.url, ENABLED, 0).await.expect("a demo campaign");
    let slot = scalar(
        &db.url,
        "SELECT id FROM ad_slots WHERE id > $1 ORDER BY id LIMIT 1",
        0,
    )
    .await
    .expect("a demo slot");
    const VIEWS: &str =
        "SELECT CAST(COALESCE(SUM(viewable), 0) AS BIGINT) FROM ad_stats WHERE campaign_id = $1";
    let views_before = scalar(&db.url, VIEWS, campaign).await.unwrap_or(0);

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let acked_views = Arc::new(AtomicI64::new(0));
    let acked_comments = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for w in 0..COMMENT_WRITERS + VIEW_REPORTERS {
        let (client, stop, base) = (client.clone(), stop.clone(), server.base.clone());
        let (views, comments) = (acked_views.clone(), acked_comments.clone());
        let token = readers[w % readers.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                if w < COMMENT_WRITERS {
                    let body = format!("Writer {w}, note {n}: the late ferry deserves a mention.");
                    let sent = client
                        .post(format!("{base}/api/v1/articles/{article}/comments"))
                        .bearer_auth(&token)
                        .json(&json!({ "body": body }))
                        .send()
                        .await;
                    let Ok(resp) = sent.and_then(|r| r.error_for_status()) else {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    };
                    if let Ok(json) = resp.json::<Value>().await {
                        comments.lock().unwrap().push(json["id"].as_i64().unwrap());
                    }
                } else {
                    let sent = client
                        .post(format!("{base}/ads/view"))
                        .header("user-agent", BROWSER)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(format!("campaign={campaign}&slot={slot}"))
                        .send()
                        .await;
                    match sent {
                        Ok(resp) if resp.status() == 204 => {
                            views.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A slow request (decoding and resizing a large image) is in flight at SIGTERM.
    let (content_type, body) = multipart_body(&[("alt", "A wide chart")], ("wide.png", &big_png()));
    let upload = client
        .post(server.url("/api/v1/images"))
        .bearer_auth(&editor)
        .header("content-type", content_type)
        .body(body)
        .send();
    let started = Instant::now();
    let upload = tokio::spawn(async move {
        let answer = upload.await;
        (answer, Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sigterm = Instant::now();
    let exit = server.terminate(Duration::from_secs(40)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    assert!(exit.is_some_and(|s| s.success()), "a clean exit: {exit:?}");

    let (upload, answered) = upload.await.unwrap();
    let upload = upload.expect("the in-flight upload got its answer");
    eprintln!("upload took {:?}", answered - started);
    assert!(
        answered > sigterm,
        "the upload was still in flight at SIGTERM"
    );
    assert_eq!(upload.status(), 201, "the in-flight upload finished");
    let key = upload.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let media = server.data_dir.join("media").join(&key);
    assert!(media.join("original.png").exists(), "its files are on disk");

    let comments = acked_comments.lock().unwrap().clone();
    assert!(!comments.is_empty(), "writers were acknowledged");
    for id in &comments {
        let on = scalar(
            &db.url,
            "SELECT article_id FROM comments WHERE id = $1",
            *id,
        )
        .await;
        assert_eq!(on, Some(article), "acknowledged comment {id} is stored");
    }
    let views = acked_views.load(Ordering::Relaxed);
    assert!(views > 0, "views were acknowledged");
    let counted = scalar(&db.url, VIEWS, campaign).await.unwrap_or(0) - views_before;
    assert_eq!(counted, views, "every acknowledged ad view is counted");
    eprintln!(
        "after SIGTERM: {} comments and {views} ad views, none lost",
        comments.len()
    );
}
