//! Uploaded pictures as readers get them: every `srcset` candidate is a stored file of
//! the width it claims (lossy WebP for photos, beside the JPEG), `<img>` carries the
//! true size, link previews and JSON-LD name the lead image absolutely, and a sideways
//! phone photo (EXIF orientation 6) is stored upright. SQLite and PostgreSQL.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{Page, TestApp};
use http_body_util::BodyExt;
use image::{ImageFormat, RgbImage};
use serde_json::json;
use std::io::Cursor;
use tower::ServiceExt;

on_both_engines!(
    every_srcset_candidate_is_a_stored_file_of_its_width,
    sideways_photos_are_stored_upright
);

/// A photo-like JPEG: smooth light with grain, so lossy coders have real work to do.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([
            (x * 200 / w) as u8 + grain,
            (y * 180 / h) as u8 + grain,
            120,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// The body and content type of a stored file, as bytes.
async fn fetch(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let ct = res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (ct, body)
}

/// Fetches every candidate of a `srcset` and checks it is an image of the width it
/// claims; answers the widths.
async fn check_srcset(app: &TestApp, srcset: &str, want_type: &str) -> Vec<u32> {
    let mut widths = Vec::new();
    for candidate in srcset.split(", ") {
        let (url, w) = candidate.split_once(' ').unwrap();
        let claimed: u32 = w.trim_end_matches('w').parse().unwrap();
        let (ct, bytes) = fetch(app, url).await;
        assert_eq!(ct, want_type, "{url}");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width(), claimed, "{url} is {claimed} pixels wide");
        if want_type == "image/webp" {
            assert_eq!(&bytes[12..16], b"VP8 ", "{url}: a photo's WebP is lossy");
        }
        widths.push(claimed);
    }
    widths
}

fn one(page: &Page, selector: &str, attr: &str) -> String {
    let found = page.attrs(selector, attr);
    assert_eq!(found.len(), 1, "{selector}[{attr}] in {}", page.body);
    found[0].clone()
}

async fn every_srcset_candidate_is_a_stored_file_of_its_width(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;
    let up = app.upload_image(&ed, "quay.jpg", &photo(2000, 1000)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let url = TestApp::json(&up)["url"].as_str().unwrap().to_string();
    let markdown = format!("Stone by stone.\n\n![The quay at dusk]({url})");
    let body = json!({"headline": "Quay rebuilt", "section": "city", "body": markdown,
                      "lead_image": url, "image_alt": "The new quay", "language": "en"});
    let made = app.api("POST", "/api/v1/articles", &ed, Some(body)).await;
    let id = TestApp::json(&made)["id"].as_i64().unwrap();
    let published = app
        .api("POST", &format!("/api/v1/articles/{id}/publish"), &ed, None)
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);

    let page = app.get("/city/quay-rebuilt").await;
    let webp = one(&page, ".lead-image source[type=\"image/webp\"]", "srcset");
    let jpeg = one(&page, ".lead-image img", "srcset");
    assert_eq!(
        check_srcset(&app, &webp, "image/webp").await,
        [320, 640, 1024, 1600]
    );
    assert_eq!(
        check_srcset(&app, &jpeg, "image/jpeg").await,
        [320, 640, 1024, 1600, 2000]
    );
    assert_eq!(one(&page, ".lead-image img", "src"), url);
    // An upload in the body gets the same candidates and its true size.
    assert_eq!(one(&page, ".article-body img", "srcset"), jpeg);
    assert_eq!(one(&page, ".article-body img", "width"), "2000");
    assert_eq!(one(&page, ".article-body img", "height"), "1000");
    assert_eq!(
        (
            one(&page, ".lead-image img", "width"),
            one(&page, ".lead-image img", "height")
        ),
        ("2000".into(), "1000".into())
    );

    // Link previews and structured data get the lead image's full address and size.
    let canonical = one(&page, "link[rel=canonical]", "href");
    let base = canonical.trim_end_matches("/city/quay-rebuilt");
    assert!(base.starts_with("http"), "{canonical}");
    let absolute = format!("{base}{url}");
    assert_eq!(
        one(&page, "meta[property=\"og:image\"]", "content"),
        absolute
    );
    assert_eq!(
        one(&page, "meta[property=\"og:image:width\"]", "content"),
        "2000"
    );
    let ld = page.texts("script[type=\"application/ld+json\"]");
    let data: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(data["image"][0]["url"], absolute.as_str());
    assert_eq!(
        (&data["image"][0]["width"], &data["image"][0]["height"]),
        (&json!(2000), &json!(1000))
    );

    // Cards on the front and section pages show the same files at their true size.
    for path in ["/", "/city"] {
        let listing = app.get(path).await;
        let img = ".story img, .lead-story img";
        let sizes = [listing.attrs(img, "width"), listing.attrs(img, "height")];
        assert!(!sizes[0].is_empty(), "{path}: {}", listing.body);
        assert!(sizes[0].iter().all(|w| w == "2000"), "{path}");
        assert!(sizes[1].iter().all(|h| h == "1000"), "{path}");
        assert!(
            listing.attrs(img, "srcset").iter().all(|s| *s == jpeg),
            "{path}"
        );
    }
    // An image from elsewhere has no variants here and no made-up size.
    let version = TestApp::json(&published)["version"].clone();
    let outside = json!({"version": version, "lead_image": "https://photos.example/quay.jpg"});
    let patched = app
        .api(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            &ed,
            Some(outside),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let page = app.get("/city/quay-rebuilt").await;
    assert!(page.attrs(".lead-image img", "srcset").is_empty());
    assert!(page.attrs(".lead-image img", "width").is_empty());
    assert!(page.attrs(".lead-image source", "srcset").is_empty());
}

/// `jpeg` with an EXIF segment whose only entry is Orientation = `value`.
fn with_orientation(jpeg: &[u8], value: u8) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    exif.extend([0, 1]); // one entry
    exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]); // Orientation, SHORT
    exif.extend([0, 0, 0, 0]); // no next directory
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((exif.len() + 2) as u16).to_be_bytes());
    out.extend(exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

async fn sideways_photos_are_stored_upright(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;
    // Landscape as the sensor saw it: red on the left, blue on the right. Orientation 6
    // says "turn a quarter clockwise to view", which puts the red on top.
    let sensor = RgbImage::from_fn(700, 400, |x, _| match x < 350 {
        true => image::Rgb([220, 20, 20]),
        false => image::Rgb([20, 20, 220]),
    });
    let mut jpeg = Cursor::new(Vec::new());
    sensor.write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
    let up = app
        .upload_image(&ed, "phone.jpg", &with_orientation(&jpeg.into_inner(), 6))
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let v = TestApp::json(&up);
    assert_eq!(
        (v["width"].as_i64(), v["height"].as_i64()),
        (Some(400), Some(700))
    );
    let url = v["url"].as_str().unwrap();
    let base = url.trim_end_matches("original.jpg");
    for (file, width, height) in [
        ("original.jpg", 400, 700),
        ("320.jpg", 320, 560),
        ("320.webp", 320, 560),
    ] {
        let (_, bytes) = fetch(&app, &format!("{base}{file}")).await;
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (width, height), "{file}");
        let (top, bottom) = (
            img.get_pixel(width / 2, 20),
            img.get_pixel(width / 2, height - 20),
        );
        assert!(top[0] > 150 && top[2] < 100, "{file}: red on top, {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{file}: blue below, {bottom:?}"
        );
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{file}: no EXIF left"
        );
    }
    // The library shows it at its upright size.
    app.sign_in_as(Role::Editor, "lib@example.org").await;
    let library = app.get("/newsroom/media").await;
    assert_eq!(library.attrs(".nr-media-grid img", "width"), ["400"]);
    assert_eq!(library.attrs(".nr-media-grid img", "height"), ["700"]);
}
