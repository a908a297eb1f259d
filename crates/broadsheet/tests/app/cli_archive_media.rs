//! Backups hold the media files: an image uploaded to a site on one engine (media on
//! local disk) is in its backup, and after a restore into a fresh database of the other
//! engine and an empty data directory the restored site serves the same image and its
//! variant. An archive whose media part is damaged restores nothing, files included.

use crate::common;

use broadsheet_testkit::{Engine, TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::scalar;
use image::{ImageFormat, RgbImage};
use std::path::Path;
use std::process::{Command, Output};

on_both_engines!(an_uploaded_image_survives_a_backup_and_restore_to_the_other_engine);

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 199) as u8, (y % 173) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn restore(data_dir: &Path, url: &str, file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_DATABASE_URL", url)
        .env("BROADSHEET_LOG", "warn")
        .args(["restore", file.to_str().unwrap()])
        .output()
        .unwrap()
}

/// The bytes served at `path`, asserting 200.
async fn served(server: &Server, path: &str) -> Vec<u8> {
    let answer = reqwest::get(server.url(path)).await.unwrap();
    assert_eq!(answer.status(), 200, "{path}");
    answer.bytes().await.unwrap().to_vec()
}

async fn an_uploaded_image_survives_a_backup_and_restore_to_the_other_engine(db: &TestDb) {
    let target = match db.engine {
        Engine::Sqlite => broadsheet_testkit::postgres().await,
        Engine::Postgres => Some(broadsheet_testkit::sqlite()),
    };
    let Some(target) = target else {
        return;
    };
    let source = Server::start_with(&db.url, &["--rate-limit-scale", "1000"]).await;
    let editor = source.user_with_token("editor@example.org", "editor");
    let upload = source
        .upload_image(&editor, "pier.png", &png(900, 600))
        .await;
    assert_eq!(upload.status(), 201);
    let upload: serde_json::Value = upload.json().await.unwrap();
    let original = upload["url"].as_str().unwrap().to_string();
    let variant = upload["variants"][0]["webp"].as_str().unwrap().to_string();
    let (original_bytes, variant_bytes) = (
        served(&source, &original).await,
        served(&source, &variant).await,
    );

    let work = temp_dir("bs-archive-media");
    let file = work.join("site.jsonl");
    let out = source.cli(&["backup", "--out", file.to_str().unwrap()], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(" media files"), "{stderr}");
    let archive = std::fs::read_to_string(&file).unwrap();
    drop(source);

    // A damaged media line refuses the whole archive: no rows, no files.
    let (head, last) = archive.trim_end().rsplit_once('\n').unwrap();
    let cut = last.rsplit_once(',').unwrap().0;
    let damaged = work.join("damaged.jsonl");
    std::fs::write(&damaged, format!("{head}\n{cut},\"not base64!\"]\n")).unwrap();
    let refused = restore(&work.join("refused"), &target.url, &damaged);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("is not base64"), "{stderr}");
    let users = scalar(&target.url, "SELECT COUNT(*) FROM users WHERE $1 = $1", 0).await;
    assert_eq!(users, Some(0), "the target stays empty");
    let left = std::fs::read_dir(work.join("refused/media")).map_or(0, |d| d.count());
    assert_eq!(left, 0, "restored files are removed again");

    // Restored whole into an empty data directory, the other engine serves the image.
    let data = work.join("restored");
    let out = restore(&data, &target.url, &file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("restored"), "{stderr}");
    let moved = Server::start_in(data, &target.url, &[]).await;
    assert_eq!(served(&moved, &original).await, original_bytes);
    assert_eq!(served(&moved, &variant).await, variant_bytes);
    drop(moved);
    let _ = std::fs::remove_dir_all(work);
}
