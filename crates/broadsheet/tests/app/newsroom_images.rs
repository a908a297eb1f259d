//! Image uploads through the newsroom form and the API: real images are stripped of
//! metadata and get variants; fake extensions, decompression bombs and bad paths are
//! refused. SQLite and PostgreSQL.

use crate::common;
use crate::common::images::encoded;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use image::ImageFormat;

on_both_engines!(
    uploads_are_checked_stripped_and_resized,
    hostile_uploads_are_refused
);

/// A JPEG carrying an EXIF segment with a (fake) location in it.
fn jpeg_with_exif() -> Vec<u8> {
    let jpeg = encoded(700, 400, ImageFormat::Jpeg);
    let payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS-LOCATION-SECRET 50.1N 4.2W";
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A tiny PNG whose header claims 20000 × 20000 pixels: a decompression bomb.
fn png_bomb() -> Vec<u8> {
    let mut png = encoded(1, 1, ImageFormat::Png);
    png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

async fn uploads_are_checked_stripped_and_resized(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Author, "ann@example.org").await;
    let csrf = app.csrf().await;
    let page = app
        .multipart(
            "/newsroom/media",
            &[("csrf", &csrf), ("alt", "Boats at dusk")],
            ("boats.jpg", &jpeg_with_exif()),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let library = app.get("/newsroom/media").await;
    let src = library.attrs(".nr-media-grid img", "src");
    assert_eq!(src.len(), 1, "{}", library.body);
    assert_eq!(
        library.attrs(".nr-media-grid img", "alt"),
        vec!["Boats at dusk"]
    );
    let original = app.get(&src[0]).await;
    assert_eq!(original.status, StatusCode::OK);
    assert_eq!(original.header("content-type"), "image/jpeg");
    assert!(original.header("cache-control").contains("immutable"));
    assert!(
        !original.body.contains("GPS-LOCATION-SECRET") && !original.body.contains("Exif"),
        "metadata was stripped"
    );
    let base = src[0].trim_end_matches("original.jpg");
    for (file, ct) in [
        ("320.webp", "image/webp"),
        ("640.webp", "image/webp"),
        ("320.jpg", "image/jpeg"),
        ("640.jpg", "image/jpeg"),
    ] {
        let v = app.get(&format!("{base}{file}")).await;
        assert_eq!(
            (v.status, v.header("content-type")),
            (StatusCode::OK, ct),
            "{file}"
        );
    }
    // No upscaled variants of a 700-pixel image.
    assert_eq!(
        app.get(&format!("{base}1024.webp")).await.status,
        StatusCode::NOT_FOUND
    );

    // The API accepts the same and answers with the variants.
    let (_, token) = app.token_for(Role::Editor, "ed@example.org").await;
    let page = app
        .multipart(
            "/api/v1/images",
            &[("alt", "A chart")],
            ("chart.png", &encoded(400, 300, ImageFormat::Png)),
            Some(&token),
        )
        .await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let v = TestApp::json(&page);
    assert_eq!(
        (v["width"].as_i64(), v["format"].as_str()),
        (Some(400), Some("png"))
    );
    assert_eq!(v["variants"][0]["width"], 320);
    let webp = app.get(v["variants"][0]["webp"].as_str().unwrap()).await;
    assert_eq!(
        (webp.status, webp.header("content-type")),
        (StatusCode::OK, "image/webp")
    );
}

async fn hostile_uploads_are_refused(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let (_, token) = app.token_for(Role::Author, "ann@example.org").await;
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "photo.jpg",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        ("bomb.png", png_bomb()),
        ("cut.png", encoded(50, 50, ImageFormat::Png)[..60].to_vec()),
    ];
    for (name, bytes) in cases {
        let page = app.upload_image(&token, name, &bytes).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            page.body
        );
        assert_eq!(TestApp::json(&page)["error"]["field"], "file", "{name}");
    }
    let bomb = app.upload_image(&token, "bomb.png", &png_bomb()).await;
    assert!(bomb.body.contains("20000"), "{}", bomb.body);
    assert!(
        app.store.list_media(10).await.unwrap().is_empty(),
        "nothing was recorded"
    );
    // Readers may not upload, and a browser form needs its token.
    let (_, reader) = app.token_for(Role::Reader, "r@example.org").await;
    let page = app
        .upload_image(&reader, "a.png", &encoded(10, 10, ImageFormat::Png))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    app.sign_in_as(Role::Author, "bo@example.org").await;
    let page = app
        .multipart(
            "/newsroom/media",
            &[("csrf", "0".repeat(64).as_str())],
            ("a.png", &encoded(10, 10, ImageFormat::Png)),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // Nothing outside the media folder can be named.
    for path in [
        "/media/../../etc/passwd",
        "/media/0123456789abcdef01234567/..%2F..%2Fetc",
        "/media/xyz/original.png",
        "/media/0123456789abcdef01234567/original.svg",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}
