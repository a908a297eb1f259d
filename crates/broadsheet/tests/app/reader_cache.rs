//! The page cache on SQLite and PostgreSQL: hits for anonymous readers, 304s, HEAD,
//! brotli and gzip, CDN headers, per-language entries, invalidation (a comment drops its
//! own article's pages, nothing else), and no caching for anyone with a session.

use crate::common;
use crate::reader_support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_testkit::{TestDb, on_both_engines};
use reader_support::{demo, publish};
use std::io::Read;

on_both_engines!(
    anonymous_pages_are_served_from_memory_with_validators,
    encodings_and_head_are_negotiated,
    invalidation_shows_new_articles_and_sessions_bypass,
    a_comment_drops_only_its_article,
);

fn get(path: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    req.body(Body::empty()).unwrap()
}

async fn anonymous_pages_are_served_from_memory_with_validators(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let first = app.get("/city").await;
    assert_eq!(first.header("x-cache"), "miss");
    let second = app.get("/city").await;
    assert_eq!(second.header("x-cache"), "hit");
    assert_eq!(first.body, second.body);
    assert!(first.header("cache-control").contains("s-maxage="));
    assert!(
        first
            .header("cache-control")
            .contains("stale-while-revalidate=")
    );
    assert!(first.header("vary").contains("Accept-Encoding"));
    assert!(
        app.cookie("bs_csrf").is_none(),
        "cached pages set no cookies"
    );
    let etag = second.header("etag").to_string();
    assert!(etag.starts_with("W/\""));
    let again = app
        .send(get("/city", &[(header::IF_NONE_MATCH, &etag)]))
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let since = second.header("last-modified").to_string();
    let by_date = app
        .send(get("/city", &[(header::IF_MODIFIED_SINCE, &since)]))
        .await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);
    let stale = app
        .send(get("/city", &[(header::IF_NONE_MATCH, "W/\"other\"")]))
        .await;
    assert_eq!(stale.status, StatusCode::OK);
    // Security headers still apply to cached answers.
    assert!(!second.header("content-security-policy").is_empty());
    assert!(!second.header("x-request-id").is_empty());
    // Each language has its own copy.
    app.cookies.insert("bs_lang".into(), "tr".into());
    let tr = app.get("/city").await;
    assert_eq!(tr.header("x-cache"), "miss");
    assert!(tr.body.contains("<html lang=\"tr\""));
}

async fn encodings_and_head_are_negotiated(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let plain = app.get("/").await;
    let br = app
        .send(get("/", &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]))
        .await;
    assert_eq!(br.header("content-encoding"), "br");
    let gz = app
        .send(get("/", &[(header::ACCEPT_ENCODING, "gzip")]))
        .await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    // The test client read the bodies as lossy text; fetch raw bytes to decode them.
    for (encoding, name) in [("br", "br"), ("gzip", "gzip")] {
        let response = tower::ServiceExt::oneshot(
            app.router.clone(),
            get("/", &[(header::ACCEPT_ENCODING, encoding)]),
        )
        .await
        .unwrap();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let mut out = Vec::new();
        if name == "br" {
            brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
        } else {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), plain.body, "{name}");
    }
    let head = app
        .send(Request::head("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), plain.body.len().to_string());
    let feed = app
        .send(get("/feed/rss.xml", &[(header::ACCEPT_ENCODING, "gzip")]))
        .await;
    assert_eq!(feed.header("content-encoding"), "gzip");
}

async fn invalidation_shows_new_articles_and_sessions_bypass(db: &TestDb) {
    let (mut app, state) = demo(db).await;
    let before = app.get("/").await;
    publish(
        &app.store,
        "city",
        "new-bridge",
        "A new bridge opens",
        "Cars cross.",
    )
    .await;
    let cached = app.get("/").await;
    assert_eq!(cached.header("x-cache"), "hit");
    assert!(!cached.body.contains("A new bridge opens"));
    state.after_write(broadsheet::cache::Change::Everything);
    let fresh = app.get("/").await;
    assert_eq!(fresh.header("x-cache"), "miss");
    assert!(fresh.body.contains("A new bridge opens"));
    assert_ne!(before.header("etag"), fresh.header("etag"));
    // Anyone with a session gets a fresh, private page.
    app.cookies
        .insert("bs_session".into(), "not-a-real-session".into());
    let private = app.get("/").await;
    assert_eq!(private.status, StatusCode::OK);
    assert_eq!(private.header("x-cache"), "");
    assert!(!private.header("cache-control").contains("public"));
}

async fn a_comment_drops_only_its_article(db: &TestDb) {
    let (mut reader, state) = demo(db).await;
    let two = reader
        .store
        .listing(broadsheet_store::Listing::All, None, 2)
        .await
        .unwrap();
    let path = |i: usize| format!("/{}/{}", two[i].section_slug, two[i].slug);
    let (a, b, article_a) = (path(0), path(1), two[0].id);
    for page in ["/", a.as_str(), b.as_str(), "/city"] {
        reader.get(page).await;
        assert_eq!(reader.get(page).await.header("x-cache"), "hit", "{page}");
    }
    let mut writer = common::TestApp::on_same(&reader);
    writer
        .sign_in_as(broadsheet_domain::Role::Reader, "writer@example.org")
        .await;
    let remark = "The ferry ran forty minutes late again this morning.";
    let nonce = broadsheet_store::secret::new_token("");
    let posted = writer
        .submit(
            &format!("/articles/{article_a}/comments"),
            &[("body", remark), ("nonce", &nonce)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let comment = posted
        .header("location")
        .rsplit("#c-")
        .next()
        .unwrap()
        .to_string();

    // Its article is rendered again at once, with the comment; other pages stay cached.
    let fresh = reader.get(&a).await;
    assert_eq!(fresh.header("x-cache"), "miss");
    assert!(fresh.body.contains(remark));
    for page in ["/", b.as_str(), "/city"] {
        assert_eq!(reader.get(page).await.header("x-cache"), "hit", "{page}");
    }
    // Listing cards catch up with the comment count within the documented lag.
    assert!(broadsheet::cache::LISTING_LAG.as_secs() <= 5);

    // A like changes nothing cached; a moderator's decision on its article drops it again.
    let liked = writer
        .submit(&format!("/comments/{comment}/like"), &[("on", "1")])
        .await;
    assert_eq!(liked.status, StatusCode::SEE_OTHER, "{}", liked.body);
    assert_eq!(reader.get(&a).await.header("x-cache"), "hit");
    let change = broadsheet::cache::Change::Comments {
        article_id: article_a,
    };
    state.after_write(change);
    assert_eq!(reader.get(&a).await.header("x-cache"), "miss");
    assert_eq!(reader.get(&b).await.header("x-cache"), "hit");
}
