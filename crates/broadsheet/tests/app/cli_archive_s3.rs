//! Backups move a whole site between media storages: a site on SQLite with its images on
//! local disk is backed up by the real binary and restored into a fresh PostgreSQL
//! database and an empty bucket on moto's S3 server (`--media-url`, `--s3-endpoint`);
//! a server there serves the article page and every image file byte for byte. Then the
//! way back: a backup of that PostgreSQL + S3 site restores into SQLite + local disk.

use crate::common;

use broadsheet::media::MediaStorage;
use broadsheet_testkit::temp_dir;
use common::moto::{self, Moto};
use common::server::Server;
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// A photo-like JPEG, so the upload has JPEG and WebP variants.
fn photo() -> Vec<u8> {
    let img = RgbImage::from_fn(2000, 1000, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([(x / 10) as u8 + grain, (y / 5) as u8 + grain, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// Publishes an article led by a freshly uploaded image; answers its page's path.
async fn publish_with_image(site: &Server) -> String {
    let editor = site.user_with_token("editor@example.org", "editor");
    let upload = site.upload_image(&editor, "quay.jpg", &photo()).await;
    assert_eq!(upload.status(), 201);
    let url = upload.json::<serde_json::Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let client = reqwest::Client::new();
    let article = json!({"headline": "Quay rebuilt", "section": "city", "language": "en",
        "body": format!("Stone by stone.\n\n![The quay]({url})"),
        "lead_image": url, "image_alt": "The new quay"});
    let made = client
        .post(site.url("/api/v1/articles"))
        .bearer_auth(&editor)
        .json(&article)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let id = made.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let published = client
        .post(site.url(&format!("/api/v1/articles/{id}/publish")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200);
    "/city/quay-rebuilt".into()
}

/// The article page as a reader gets it, and every `/media/` file it links (`src` and
/// each `srcset` candidate) with the bytes served for it.
async fn page_and_images(site: &Server, path: &str) -> (String, BTreeMap<String, Vec<u8>>) {
    let page = reqwest::get(site.url(path)).await.unwrap();
    assert_eq!(page.status(), 200, "{path}");
    let html = page.text().await.unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("img, source").unwrap();
    let mut links = Vec::new();
    for element in doc.select(&sel) {
        let value = element.value();
        links.extend(value.attr("src").map(str::to_string));
        for candidate in value.attr("srcset").unwrap_or("").split(',') {
            links.extend(candidate.split_whitespace().next().map(str::to_string));
        }
    }
    let mut images = BTreeMap::new();
    for link in links.into_iter().filter(|l| l.starts_with("/media/")) {
        let answer = reqwest::get(site.url(&link)).await.unwrap();
        assert_eq!(answer.status(), 200, "{link}");
        images.insert(link, answer.bytes().await.unwrap().to_vec());
    }
    (html, images)
}

/// Every stored file under `<data_dir>/media`, as `key/file` with its bytes.
fn disk_files(data_dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for upload in std::fs::read_dir(data_dir.join("media")).unwrap() {
        let upload = upload.unwrap();
        let key = upload.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(upload.path()).unwrap() {
            let file = file.unwrap();
            let name = file.file_name().to_string_lossy().into_owned();
            found.insert(format!("{key}/{name}"), std::fs::read(file.path()).unwrap());
        }
    }
    found
}

/// Runs `broadsheet restore FILE` on `url` and `data_dir` with extra environment.
fn restore(data_dir: &Path, url: &str, file: &Path, envs: &[(&str, &str)]) {
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_DATABASE_URL", url)
        .env("BROADSHEET_LOG", "warn")
        .envs(envs.iter().copied())
        .args(["restore", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("restored"), "{stderr}");
}

/// `broadsheet backup --out FILE` with the site's own settings.
fn backup(site: &Server, file: &Path) {
    let out = site.cli(&["backup", "--out", file.to_str().unwrap()], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_moves_from_sqlite_and_disk_to_postgres_and_s3_and_back() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let Some(postgres) = broadsheet_testkit::postgres().await else {
        return;
    };
    let sqlite = broadsheet_testkit::sqlite();
    let work = temp_dir("bs-archive-s3");

    let source = Server::start_with(&sqlite.url, &["--rate-limit-scale", "1000"]).await;
    let article = publish_with_image(&source).await;
    let (_, images) = page_and_images(&source, &article).await;
    let on_disk = disk_files(&source.data_dir);
    let stored: Vec<String> = on_disk.keys().map(|k| format!("/media/{k}")).collect();
    let linked: Vec<String> = images.keys().cloned().collect();
    assert_eq!(linked, stored, "the page links every stored variant");
    let keys: BTreeSet<String> = on_disk
        .keys()
        .filter_map(|k| k.split('/').next())
        .map(str::to_string)
        .collect();
    let file = work.join("from-sqlite.jsonl");
    backup(&source, &file);
    drop(source);

    // Into PostgreSQL and an empty bucket, with the flags (here: variables) serve uses.
    let bucket = format!("restored{}", std::process::id());
    let s3 = moto.bucket(&bucket, "site").await;
    let media_url = format!("s3://{bucket}/site");
    let mut envs = moto::env().to_vec();
    envs.push(("BROADSHEET_MEDIA_URL", &media_url));
    envs.push(("BROADSHEET_S3_ENDPOINT", &moto.endpoint));
    let pg_dir = work.join("pg-node");
    restore(&pg_dir, &postgres.url, &file, &envs);
    let mut in_bucket = BTreeMap::new();
    for key in &keys {
        for (name, bytes) in moto::objects(&s3, key).await {
            in_bucket.insert(format!("{key}/{name}"), bytes);
        }
    }
    assert_eq!(in_bucket, on_disk, "every file is an object, byte for byte");

    let moved = Server::start_with_env(pg_dir.clone(), &postgres.url, &[], &envs).await;
    let (html, served) = page_and_images(&moved, &article).await;
    assert!(html.contains("Quay rebuilt"), "{html}");
    assert_eq!(served, images, "the same images, byte for byte");
    assert!(
        !pg_dir.join("media").exists(),
        "no image went to local disk"
    );

    // And back: PostgreSQL + S3 into SQLite + an empty data directory.
    let file = work.join("from-postgres.jsonl");
    backup(&moved, &file);
    drop(moved);
    let back = broadsheet_testkit::sqlite();
    let disk_dir = work.join("disk-node");
    restore(&disk_dir, &back.url, &file, &[]);
    assert_eq!(disk_files(&disk_dir), on_disk);
    let home = Server::start_in(disk_dir, &back.url, &[]).await;
    let (_, served) = page_and_images(&home, &article).await;
    assert_eq!(served, images);
    drop(home);
    for key in keys {
        moto::blocking(&s3, move |s3| s3.delete(&key)).await;
    }
    let _ = std::fs::remove_dir_all(work);
}
