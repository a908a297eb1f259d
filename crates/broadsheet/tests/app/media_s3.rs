//! Media in an S3-compatible bucket: moto's server on loopback holds the objects, an
//! image uploaded on one node is served (original and variant) by a second node on the
//! same database and bucket. Without moto the test skips, or fails under
//! `BROADSHEET_REQUIRE_TOOLS=1`.

use crate::common;
use crate::common::images::png;

use broadsheet::media::MediaStorage;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::moto::{self, Moto};
use common::server::Server;

on_both_engines!(an_image_uploaded_on_one_node_is_served_by_another_from_the_bucket);

async fn node(db: &TestDb, endpoint: &str, bucket: &str) -> Server {
    let media_url = format!("s3://{bucket}/site");
    let args = [
        "--rate-limit-scale",
        "1000",
        "--media-url",
        &media_url,
        "--s3-endpoint",
        endpoint,
    ];
    let data_dir = broadsheet_testkit::temp_dir("bs-s3-node");
    Server::start_with_env(data_dir, &db.url, &args, &moto::env()).await
}

async fn an_image_uploaded_on_one_node_is_served_by_another_from_the_bucket(db: &TestDb) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let bucket = format!("bs{}", std::process::id());
    let store = moto.bucket(&bucket, "site").await;

    let a = node(db, &moto.endpoint, &bucket).await;
    let b = node(db, &moto.endpoint, &bucket).await;
    let editor = a.user_with_token("editor@example.org", "editor");
    let upload = a.upload_image(&editor, "pier.png", &png(900, 600)).await;
    assert_eq!(upload.status(), 201);
    let upload: serde_json::Value = upload.json().await.unwrap();
    let original = upload["url"].as_str().unwrap().to_string();
    let variant = upload["variants"][0]["webp"].as_str().unwrap().to_string();
    for path in [&original, &variant] {
        let from_a = reqwest::get(a.url(path)).await.unwrap();
        assert_eq!(from_a.status(), 200, "{path}");
        let from_b = reqwest::get(b.url(path)).await.unwrap();
        assert_eq!(from_b.status(), 200, "{path} on the second node");
        assert_eq!(from_a.bytes().await.unwrap(), from_b.bytes().await.unwrap());
    }
    // The files are objects in the bucket, not on either node's disk.
    let key = original
        .trim_start_matches("/media/")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let k = key.clone();
    let files = moto::blocking(&store, move |s3| s3.files(&k)).await;
    assert!(files.len() >= 2, "{files:?}");
    assert!(!a.data_dir.join("media").join(&key).exists());
    moto::blocking(&store, move |s3| s3.delete(&key)).await;
}
