//! Media in an S3-compatible bucket: moto's server on loopback holds the objects, an
//! image uploaded on one node is served (original and variant) by a second node on the
//! same database and bucket. Without moto the test skips, or fails under
//! `BROADSHEET_REQUIRE_TOOLS=1`.

use crate::common;

use broadsheet::media::{Credentials, MediaStorage, S3Storage};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::server::Server;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

on_both_engines!(an_image_uploaded_on_one_node_is_served_by_another_from_the_bucket);

/// moto's S3 server, stopped when dropped.
struct Moto(Child, String);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn moto() -> Option<Moto> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Command::new("python3")
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let endpoint = format!("http://127.0.0.1:{port}");
    let moto = match started {
        Ok(child) => Moto(child, endpoint.clone()),
        Err(e) => return skip(&format!("python3 could not start: {e}")),
    };
    for _ in 0..300 {
        if reqwest::get(format!("{endpoint}/moto-api/")).await.is_ok() {
            return Some(moto);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    skip("moto's server did not start (pip install -r scripts/test-requirements.txt)")
}

fn skip(msg: &str) -> Option<Moto> {
    assert!(
        !std::env::var("BROADSHEET_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
        "{msg}; BROADSHEET_REQUIRE_TOOLS=1 forbids skipping"
    );
    println!("skipped: {msg}");
    None
}

fn creds(secret: &str) -> Credentials {
    Credentials {
        access_key: "AKIDTEST".into(),
        secret_key: secret.into(),
        region: "us-east-1".into(),
    }
}

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
    let envs = [
        ("AWS_ACCESS_KEY_ID", "AKIDTEST"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    Server::start_with_env(data_dir, &db.url, &args, &envs).await
}

async fn an_image_uploaded_on_one_node_is_served_by_another_from_the_bucket(db: &TestDb) {
    let Some(moto) = moto().await else {
        return;
    };
    let bucket = format!("bs{}", std::process::id());
    let store = Arc::new(
        S3Storage::new(
            &format!("s3://{bucket}/site"),
            Some(&moto.1),
            creds("secret"),
            Default::default(),
        )
        .unwrap(),
    );
    let s3 = store.clone();
    tokio::task::spawn_blocking(move || s3.create_bucket())
        .await
        .unwrap()
        .unwrap();

    let a = node(db, &moto.1, &bucket).await;
    let b = node(db, &moto.1, &bucket).await;
    let editor = a.user_with_token("editor@example.org", "editor");
    let upload = a.upload_image(&editor, "pier.png", &png()).await;
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
    let s3 = store.clone();
    let k = key.clone();
    let files = tokio::task::spawn_blocking(move || s3.files(&k))
        .await
        .unwrap()
        .unwrap();
    assert!(files.len() >= 2, "{files:?}");
    assert!(!a.data_dir.join("media").join(&key).exists());
    let s3 = store.clone();
    tokio::task::spawn_blocking(move || s3.delete(&key))
        .await
        .unwrap()
        .unwrap();
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 199) as u8, (y % 173) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
