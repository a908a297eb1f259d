//! Hostile input through the real router: oversized bodies (declared and streamed),
//! invalid UTF-8, deeply nested JSON, malformed multipart, polyglot images and path
//! traversal. Each gets a clear 4xx, and nothing in the database changes.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::sql::scalar;
use common::{Page, TestApp, multipart_body};
use image::{ImageFormat, RgbImage};

on_both_engines!(bad_bodies_get_a_4xx_and_change_nothing);
on_both_engines!(polyglot_images_are_stored_clean_and_paths_cannot_climb);
on_both_engines!(nul_and_control_characters_are_refused_in_every_writer);

/// Found by the XSS sweep: a NUL in a report detail or an image's alt text answered 500
/// on PostgreSQL, and the API took section names with line breaks.
async fn nul_and_control_characters_are_refused_in_every_writer(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, editor) = app.token_for(Role::Editor, "ed@example.org").await;
    let (_, reader) = app.token_for(Role::Reader, "rd@example.org").await;
    let (article, _) = app.first_article().await;
    let url = format!("/api/v1/articles/{article}/comments");
    let body = serde_json::json!({ "body": "A fair point about the harbour fees." });
    let posted = app.api("POST", &url, &reader, Some(body)).await;
    let comment = TestApp::json(&posted)["id"].as_i64().unwrap();
    let before = fingerprint(&db.url).await;

    let report = format!("/api/v1/comments/{comment}/reports");
    let raw_report = br#"{"reason":"spam","detail":"a\u0000b"}"#.to_vec();
    let page = app
        .send(raw(&report, &reader, "application/json", raw_report))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    let png = png_with_trailer(b"");
    let page = app
        .multipart(
            "/api/v1/images",
            &[("alt", "a\0b")],
            ("a.png", &png),
            Some(&editor),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    for name in ["Line\nbreak", "Tab\there", "Bell\u{7}"] {
        let body = serde_json::json!({ "name": name, "slug": "x-section" });
        let page = app
            .api("POST", "/api/v1/sections", &editor, Some(body))
            .await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{name:?}: {}",
            page.body
        );
        assert_eq!(TestApp::json(&page)["error"]["field"], "name");
    }
    assert_eq!(fingerprint(&db.url).await, before, "nothing was written");
}

const TABLES: [&str; 8] = [
    "SELECT COUNT(*) FROM articles WHERE $1 = $1",
    "SELECT COUNT(*) FROM revisions WHERE $1 = $1",
    "SELECT COUNT(*) FROM comments WHERE $1 = $1",
    "SELECT COUNT(*) FROM comment_reports WHERE $1 = $1",
    "SELECT COUNT(*) FROM media WHERE $1 = $1",
    "SELECT COUNT(*) FROM users WHERE $1 = $1",
    "SELECT COUNT(*) FROM sections WHERE $1 = $1",
    "SELECT COUNT(*) FROM tags WHERE $1 = $1",
];

/// Row counts of the tables a hostile request could write to.
async fn fingerprint(url: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for sql in TABLES {
        counts.push(scalar(url, sql, 0).await.unwrap_or(-1));
    }
    counts
}

fn raw(path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

fn assert_client_error(page: &Page, what: &str) {
    assert!(
        page.status.is_client_error(),
        "{what}: {} {}",
        page.status,
        page.body
    );
}

async fn bad_bodies_get_a_4xx_and_change_nothing(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, editor) = app.token_for(Role::Editor, "ed@example.org").await;
    let (_, reader) = app.token_for(Role::Reader, "rd@example.org").await;
    let (article, _) = app.first_article().await;
    let comments = format!("/api/v1/articles/{article}/comments");
    let before = fingerprint(&db.url).await;

    // Oversized: announced by Content-Length, and streamed without one.
    let big = vec![b'a'; 3 * 1024 * 1024];
    let mut declared = raw(&comments, &reader, "application/json", big.clone());
    declared
        .headers_mut()
        .insert(header::CONTENT_LENGTH, big.len().into());
    assert_eq!(
        app.send(declared).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let mut body = br#"{"headline":"Big","section":"city","body":""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    body.extend(br#""}"#);
    let streamed = app
        .send(raw("/api/v1/articles", &editor, "application/json", body))
        .await;
    assert_eq!(streamed.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Invalid UTF-8 inside JSON strings, and a stray byte in the middle of a form.
    let cases: Vec<(&str, &str, &str, Vec<u8>)> = vec![
        (
            "/api/v1/articles",
            &editor,
            "application/json",
            b"{\"headline\":\"Bad \xff\xfe\",\"section\":\"city\"}".to_vec(),
        ),
        (
            &comments,
            &reader,
            "application/json",
            b"{\"body\":\"caf\xc3\x28 ferry\"}".to_vec(),
        ),
        (
            &comments,
            &reader,
            "application/json",
            b"{\"body\":\"\xed\xa0\x80 lone surrogate\"}".to_vec(),
        ),
        // Deeply nested JSON: refused by the parser's depth limit, no stack overflow.
        (
            "/api/v1/articles",
            &editor,
            "application/json",
            [vec![b'['; 100_000], vec![b']'; 100_000]].concat(),
        ),
        (
            "/api/v1/articles",
            &editor,
            "application/json",
            format!(
                "{{\"headline\":{}1{}}}",
                "{\"a\":".repeat(50_000),
                "}".repeat(50_000)
            )
            .into_bytes(),
        ),
        // Not JSON at all, or JSON of the wrong shape.
        (
            "/api/v1/articles",
            &editor,
            "application/json",
            b"headline=x".to_vec(),
        ),
        (
            "/api/v1/articles",
            &editor,
            "text/plain",
            b"{\"headline\":\"X\",\"section\":\"city\"}".to_vec(),
        ),
        (
            &comments,
            &reader,
            "application/json",
            b"[\"body\"]".to_vec(),
        ),
        (
            &comments,
            &reader,
            "application/json",
            b"{\"body\": 12}".to_vec(),
        ),
    ];
    for (path, token, content_type, body) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
        let page = app.send(raw(path, token, content_type, body)).await;
        assert_client_error(&page, &shown);
        if page.header("content-type").starts_with("application/json") {
            let v = TestApp::json(&page);
            assert!(
                v["error"]["code"].is_string(),
                "a JSON error code: {}",
                page.body
            );
        }
    }

    // Malformed multipart uploads.
    let (good_type, good_body) = multipart_body(&[("alt", "x")], ("a.png", b"\x89PNG"));
    let truncated = good_body[..good_body.len() - 20].to_vec();
    let uploads: Vec<(String, Vec<u8>)> = vec![
        ("multipart/form-data".into(), good_body.clone()),
        (
            "multipart/form-data; boundary=other".into(),
            good_body.clone(),
        ),
        (good_type.clone(), truncated),
        (good_type.clone(), b"--x\r\n\r\n".to_vec()),
        (good_type.clone(), Vec::new()),
        (good_type, [b"--".as_slice(), &vec![b'-'; 100_000]].concat()),
    ];
    for (content_type, body) in uploads {
        let page = app
            .send(raw("/api/v1/images", &editor, &content_type, body))
            .await;
        assert_client_error(&page, &format!("multipart {content_type}"));
    }

    // Forms: invalid UTF-8 (raw and percent-encoded) never becomes a server error.
    let csrf = app.csrf().await;
    for body in [
        format!("csrf={csrf}&email=%FF%FE%FD&password=x").into_bytes(),
        [
            format!("csrf={csrf}&email=").as_bytes(),
            b"\xff\xfe",
            b"&password=x",
        ]
        .concat(),
    ] {
        let req = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let page = app.send(req).await;
        assert!(!page.status.is_server_error(), "{}", page.status);
        assert!(app.cookie("bs_session").is_none(), "nobody was signed in");
    }
    // Paths and queries that are not UTF-8.
    for path in [
        "/city/%FF%FE",
        "/%C0%AF",
        "/search?q=%FF%FE",
        "/tag/%ED%A0%80",
    ] {
        let page = app.get(path).await;
        assert!(
            page.status == StatusCode::OK || page.status.is_client_error(),
            "{path}: {}",
            page.status
        );
    }

    assert_eq!(fingerprint(&db.url).await, before, "nothing was written");
}

fn png_with_trailer(trailer: &[u8]) -> Vec<u8> {
    let img = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 77]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    let mut bytes = out.into_inner();
    bytes.extend_from_slice(trailer);
    bytes
}

async fn polyglot_images_are_stored_clean_and_paths_cannot_climb(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, editor) = app.token_for(Role::Editor, "ed@example.org").await;
    // A real PNG carrying an HTML page after its end: the stored file is re-encoded.
    let payload = b"<html><script>alert(document.cookie)</script></html>";
    let polyglot = png_with_trailer(payload);
    let page = app.upload_image(&editor, "p.png", &polyglot).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    let url = TestApp::json(&page)["url"].as_str().unwrap().to_string();
    let served = app.get(&url).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/png");
    assert_eq!(served.header("x-content-type-options"), "nosniff");
    assert!(!served.body.contains("<script"), "the trailer was dropped");

    // A GIF header followed by script, and an SVG with script: not images we take.
    let before = fingerprint(&db.url).await;
    for (name, bytes) in [
        ("x.gif", b"GIF89a/*\x00\x00*/=alert(1)//;".to_vec()),
        (
            "x.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
        ),
        (
            "x.png",
            b"\x89PNG\r\n\x1a\n<script>alert(1)</script>".to_vec(),
        ),
    ] {
        let page = app.upload_image(&editor, name, &bytes).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            page.body
        );
    }
    assert_eq!(fingerprint(&db.url).await, before, "nothing was recorded");

    // Static and media routes never name a file outside their folders.
    let css = app.get("/").await.attrs("link[rel=stylesheet]", "href");
    let hash = css[0].split('/').nth(2).unwrap().to_string();
    for path in [
        format!("/static/{hash}/../../../Cargo.toml"),
        format!("/static/{hash}/..%2F..%2F..%2FCargo.toml"),
        format!("/static/{hash}/%2e%2e/%2e%2e/templates/base.html"),
        format!("/static/{hash}/..%5C..%5Cetc%5Cpasswd"),
        format!("/static/{hash}/css/%00site.css"),
        "/static/x/%2Fetc%2Fpasswd".to_string(),
        "/media/..%2F..%2Fbroadsheet.db/original.png".to_string(),
        "/media/%2e%2e/%2e%2e".to_string(),
    ] {
        let page = app.get(&path).await;
        assert!(page.status.is_client_error(), "{path}: {}", page.status);
        assert!(
            !page.body.contains("[workspace]") && !page.body.contains("root:"),
            "{path}"
        );
    }
}
