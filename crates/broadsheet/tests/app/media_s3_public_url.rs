//! `--media-public-url`: pages link every image of an upload (lead picture, body image,
//! each `srcset` candidate) at the public address, here the bucket on moto's S3 server
//! read without signing, which holds the very bytes Broadsheet still serves at its old
//! `/media/…` address; the Content-Security-Policy lets browsers load them. A bad
//! address stops the start with a clear line and creates nothing.

use crate::common;
use crate::common::images::png;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use broadsheet::media::{Media, MediaStorage, PublicUrl};
use broadsheet::state::SiteOptions;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use common::moto::{self, Moto};
use http_body_util::BodyExt;
use serde_json::json;
use std::sync::Arc;
use tower::ServiceExt;

on_both_engines!(pages_link_images_at_the_public_url_and_media_keeps_serving);

async fn pages_link_images_at_the_public_url_and_media_keeps_serving(db: &TestDb) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let storage: Arc<dyn MediaStorage> = moto.bucket("public", "site").await;
    moto::make_public(&moto, "public");
    let public = format!("{}/public/site", moto.endpoint);
    let options = SiteOptions {
        media_public_url: Some(PublicUrl::parse(&format!("{public}/")).unwrap()),
        ..SiteOptions::local()
    };
    let mut app = TestApp::configured(db, move |state| {
        state.configure().options = Arc::new(options);
        let media = Media {
            storage,
            ..Media::local(&std::env::temp_dir())
        };
        state.configure().media = Arc::new(media);
    })
    .await;
    app.store
        .create_section("city", "City", "", "")
        .await
        .unwrap();
    let (_, ed) = app.token_for(Role::Editor, "ed@example.org").await;
    let up = app.upload_image(&ed, "quay.png", &png(1200, 700)).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let url = TestApp::json(&up)["url"].as_str().unwrap().to_string();
    let body = json!({"headline": "Quay rebuilt", "section": "city", "language": "en",
        "body": format!("Stone by stone.\n\n![The quay]({url})"),
        "lead_image": url, "image_alt": "The new quay"});
    let made = app.api("POST", "/api/v1/articles", &ed, Some(body)).await;
    let id = TestApp::json(&made)["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}/publish");
    assert_eq!(
        app.api("POST", &path, &ed, None).await.status,
        StatusCode::OK
    );

    let page = app.get("/city/quay-rebuilt").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.header("content-security-policy");
    assert!(
        csp.contains(&format!("img-src 'self' {} ", moto.endpoint)),
        "{csp}"
    );
    let mut links = Vec::new();
    for (selector, attr) in [
        (".lead-image img", "src"),
        (".article-body img", "src"),
        (".lead-image img", "srcset"),
        (".lead-image source", "srcset"),
        (".article-body img", "srcset"),
    ] {
        let found = page.attrs(selector, attr);
        assert!(!found.is_empty(), "{selector}[{attr}] in {}", page.body);
        for value in found {
            links.extend(
                value
                    .split(", ")
                    .map(|c| c.split(' ').next().unwrap().to_string()),
            );
        }
    }
    let original = format!("{public}{}", url.trim_start_matches("/media"));
    assert!(links.contains(&original), "{links:?}");
    assert!(links.len() > 4, "{links:?}");
    for link in links {
        let file = link
            .strip_prefix(&format!("{public}/"))
            .unwrap_or_else(|| panic!("{link} is under the public address"));
        let direct = reqwest::get(&link).await.unwrap();
        assert_eq!(direct.status(), 200, "{link}");
        let direct = direct.bytes().await.unwrap();
        // The old address still answers, with the same file.
        let old = format!("/media/{file}");
        assert_eq!(served(&app, &old).await, direct, "{old}");
    }
}

/// The bytes the router serves at `path`, asserting 200.
async fn served(app: &TestApp, path: &str) -> Vec<u8> {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[test]
fn a_public_url_that_is_no_web_address_stops_the_start_and_creates_nothing() {
    let dir = broadsheet_testkit::temp_dir("bs-public-url").join("data");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", &dir)
        .env("BROADSHEET_LOG", "warn")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(["--media-public-url", "cdn.example.net/media"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--media-public-url"), "{stderr}");
    assert!(
        stderr.contains("not an absolute http(s) address"),
        "{stderr}"
    );
    assert!(!dir.exists(), "nothing was created");
}
