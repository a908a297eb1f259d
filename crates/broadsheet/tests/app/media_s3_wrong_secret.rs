//! A wrong S3 secret is caught at start: with moto checking signatures (an IAM user
//! and its key, then `reset-auth`), `serve` and `backup` signing with a wrong secret
//! stop with one clear line naming the bucket and S3's reason, and create nothing (no
//! data directory, no database, no backup file). The right secret starts a site that
//! stores and serves an upload, so Broadsheet's signatures pass moto's check.

use crate::common;

use broadsheet_testkit::temp_dir;
use common::moto::{self, Moto};
use common::server::Server;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `broadsheet <args>` on a data directory that does not exist yet, signing with
/// `key` and `secret`; answers its exit success and standard error.
async fn run(
    data_dir: &std::path::Path,
    media: &[&str],
    key: &str,
    secret: &str,
    args: &[&str],
) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_LOG", "warn")
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .args(args)
        .args(media)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A start that does not stop is the failure this test looks for: give it a minute.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("broadsheet {args:?} kept running with a wrong secret");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_stops_the_start_with_a_clear_line_and_changes_nothing() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    moto.bucket("guarded", "site").await;
    let (key, secret) = moto::enforce_signatures(&moto).await;
    let media = [
        "--media-url",
        "s3://guarded/site",
        "--s3-endpoint",
        &moto.endpoint,
    ];
    let work = temp_dir("bs-wrong-secret");

    let data = work.join("data");
    let listen = ["serve", "--listen", "127.0.0.1:0"];
    let (ok, stderr) = run(&data, &media, &key, "not-the-secret", &listen).await;
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("cannot use the media bucket s3://guarded/site"),
        "{stderr}"
    );
    assert!(stderr.contains("SignatureDoesNotMatch"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(!data.exists(), "no data directory, no database");

    let file = work.join("site.jsonl");
    let backup = ["backup", "--out", file.to_str().unwrap()];
    let (ok, stderr) = run(&data, &media, &key, "not-the-secret", &backup).await;
    assert!(!ok && stderr.contains("SignatureDoesNotMatch"), "{stderr}");
    assert!(!file.exists() && !data.exists());

    // An unknown key is refused the same way, with S3's own reason.
    let (ok, stderr) = run(&data, &media, "AKIDUNKNOWN", &secret, &listen).await;
    assert!(
        !ok && stderr.contains("cannot use the media bucket"),
        "{stderr}"
    );
    assert!(!data.exists());

    // The right secret: the site starts, stores an upload and serves it.
    let envs = [
        ("AWS_ACCESS_KEY_ID", key.as_str()),
        ("AWS_SECRET_ACCESS_KEY", secret.as_str()),
    ];
    let db = broadsheet_testkit::sqlite();
    let site = Server::start_with_env(data.clone(), &db.url, &media, &envs).await;
    let editor = site.user_with_token("editor@example.org", "editor");
    let png = {
        let img = image::RgbImage::from_fn(700, 400, |x, y| image::Rgb([x as u8, y as u8, 60]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let upload = site.upload_image(&editor, "signed.png", &png).await;
    assert_eq!(upload.status(), 201);
    let url = upload.json::<serde_json::Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let served = reqwest::get(site.url(&url)).await.unwrap();
    assert_eq!(served.status(), 200);
    assert!(!data.join("media").exists(), "the files are in the bucket");
    drop(site);
    let _ = std::fs::remove_dir_all(work);
}
