//! Step 5 of the deployment test: `broadsheet backup` on the node left, while readers
//! keep reading through nginx, restores into a fresh PostgreSQL database and a fresh
//! bucket with every upload's files, and a node started there serves the image.

use super::Site;
use crate::common::curl::Curl;
use crate::common::moto;
use crate::common::server::Server;
use broadsheet_store::Store;
use std::collections::BTreeMap;
use std::process::Command;

/// Every object of every upload in `keys`, as `key/file` with its bytes.
async fn files(
    bucket: &std::sync::Arc<broadsheet::media::S3Storage>,
    keys: &[String],
) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for key in keys {
        for (name, bytes) in moto::objects(bucket, key).await {
            found.insert(format!("{key}/{name}"), bytes);
        }
    }
    found
}

pub async fn restores_into_a_fresh_database_and_bucket(
    site: &Site,
    reader: &Curl,
    path: &str,
    image: &str,
) {
    let node = &site.nodes[1];
    let archive = site.dir.join("backup.jsonl");
    let media = [
        "--media-url",
        &site.media_url,
        "--s3-endpoint",
        &site.moto.endpoint,
    ];
    let mut args = vec!["backup", "--out", archive.to_str().unwrap()];
    args.extend(media);
    // Readers keep reading through nginx for as long as the backup runs.
    let (backup, reads) = std::thread::scope(|s| {
        let backup = s.spawn(|| node.cli(&args, ""));
        let mut reads = 0;
        while reads == 0 || !backup.is_finished() {
            assert_eq!(reader.get(path).status, 200, "a page during the backup");
            reads += 1;
        }
        (backup.join().unwrap(), reads)
    });
    let stderr = String::from_utf8_lossy(&backup.stderr);
    assert!(backup.status.success(), "{stderr}");
    println!("the backup ran while {reads} pages were served");

    let Some(fresh) = broadsheet_testkit::postgres().await else {
        return;
    };
    let bucket = format!("bs-restored-{}", std::process::id());
    let restored_bucket = site.moto.bucket(&bucket, "site").await;
    let media_url = format!("s3://{bucket}/site");
    let data_dir = broadsheet_testkit::temp_dir("bs-deploy-restored");
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", &data_dir)
        .env("BROADSHEET_DATABASE_URL", &fresh.url)
        .env("BROADSHEET_LOG", "warn")
        .envs(moto::env())
        .args(["restore", archive.to_str().unwrap()])
        .args([
            "--media-url",
            &media_url,
            "--s3-endpoint",
            &site.moto.endpoint,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");

    // Every upload's record and every one of its files, byte for byte.
    let keys = Store::open(&site.db.url)
        .await
        .unwrap()
        .media_keys()
        .await
        .unwrap();
    let restored_keys = Store::open(&fresh.url)
        .await
        .unwrap()
        .media_keys()
        .await
        .unwrap();
    assert_eq!(restored_keys, keys);
    let before = files(&site.bucket, &keys).await;
    assert!(
        before.len() >= 2,
        "the upload has files: {:?}",
        before.keys()
    );
    assert_eq!(
        files(&restored_bucket, &keys).await,
        before,
        "every file is in the fresh bucket"
    );

    // A node on the restored site serves the image as the old site did.
    let media = [
        "--media-url",
        &media_url,
        "--s3-endpoint",
        &site.moto.endpoint,
    ];
    let restored = Server::start_with_env(data_dir.clone(), &fresh.url, &media, &moto::env()).await;
    let served = reqwest::get(restored.url(image)).await.unwrap();
    assert_eq!(served.status(), 200, "{image} on the restored site");
    let old = reqwest::get(node.url(image))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.bytes().await.unwrap(), old);
    drop(restored);
    let _ = std::fs::remove_dir_all(data_dir);
}
