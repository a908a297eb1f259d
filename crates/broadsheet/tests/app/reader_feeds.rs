//! Feeds and sitemaps on SQLite and PostgreSQL: every RSS and Atom feed parses in Python's
//! feedparser without warnings (bozo == 0), every XML document is well-formed, JSON Feeds
//! carry what the 1.1 spec requires, and the pages point at them. Needs `python3` with
//! `feedparser`, which `scripts/test` installs into `target/test-python`; without it the
//! feedparser check is skipped with a line saying so (a failure under
//! `BROADSHEET_REQUIRE_TOOLS=1`, as in CI).

use crate::reader_support;

use axum::http::StatusCode;
use broadsheet_testkit::{TestDb, on_both_engines};
use reader_support::demo;
use std::io::Write;
use std::process::{Command, Stdio};

on_both_engines!(
    every_feed_parses_cleanly_and_is_discoverable,
    robots_and_sitemaps_lead_everywhere,
);

/// True if Python can import feedparser; otherwise says why the check is skipped (or
/// panics under `BROADSHEET_REQUIRE_TOOLS=1`).
fn feedparser_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import feedparser"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let msg = "skipping the feedparser check: python3 with feedparser is needed \
                   (scripts/test installs it into target/test-python; or pip install feedparser)";
        assert!(
            !std::env::var("BROADSHEET_REQUIRE_TOOLS").is_ok_and(|v| v == "1"),
            "{msg}; BROADSHEET_REQUIRE_TOOLS=1 forbids skipping"
        );
        eprintln!("{msg}");
    }
    found
}

/// Runs a Python check over `doc` on stdin; panics with its output unless it prints "ok".
fn python(check: &str, doc: &str) {
    let mut child = Command::new("python3")
        .args(["-c", check])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed for the feed tests (see .ci/install-test-tools)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.trim() == "ok",
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const FEEDPARSER: &str = "import sys, feedparser\n\
d = feedparser.parse(sys.stdin.buffer.read())\n\
assert d.bozo == 0, repr(d.get('bozo_exception'))\n\
assert len(d.entries) > 0, 'no entries'\n\
assert all(e.get('title') and e.get('link') for e in d.entries), 'entry without title or link'\n\
print('ok')";

const WELL_FORMED: &str = "import sys, xml.dom.minidom\n\
xml.dom.minidom.parseString(sys.stdin.buffer.read())\n\
print('ok')";

async fn every_feed_parses_cleanly_and_is_discoverable(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let article = app.get("/").await.attrs(".lead-story h2 a", "href")[0].clone();
    let page = app.get(&article).await;
    let author = page.attrs("a.author", "href")[0]
        .trim_start_matches("/author/")
        .to_string();
    let tag = page.attrs(".tags a", "href")[0]
        .trim_start_matches("/tag/")
        .to_string();
    let feedparser = feedparser_available();
    let bases = [
        "/feed".to_string(),
        "/feed/section/city".into(),
        format!("/feed/tag/{tag}"),
        format!("/feed/author/{author}"),
    ];
    for base in &bases {
        for (file, mime) in [
            ("rss.xml", "application/rss+xml"),
            ("atom.xml", "application/atom+xml"),
            ("feed.json", "application/feed+json"),
        ] {
            let url = format!("{base}/{file}");
            let feed = app.get(&url).await;
            assert_eq!(feed.status, StatusCode::OK, "{url}");
            assert!(feed.header("content-type").starts_with(mime), "{url}");
            if file.ends_with(".xml") {
                if feedparser {
                    python(FEEDPARSER, &feed.body);
                }
                python(WELL_FORMED, &feed.body);
            } else {
                // feedparser 6.0 reads no JSON Feed; check what the 1.1 spec requires.
                let json: serde_json::Value = serde_json::from_str(&feed.body).unwrap();
                assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
                assert!(json["title"].is_string() && json["feed_url"].is_string());
                for item in json["items"].as_array().unwrap() {
                    assert!(
                        item["id"].is_string() && item["content_text"].is_string(),
                        "{item}"
                    );
                    assert!(item["date_published"].as_str().unwrap().ends_with('Z'));
                }
            }
            assert!(
                feed.body
                    .contains(&format!("http://127.0.0.1:8080{article}"))
                    || base != "/feed"
            );
        }
    }
    // Pages advertise the feeds that belong to them.
    for (path, base) in [
        ("/", "/feed"),
        ("/city", "/feed/section/city"),
        (&format!("/tag/{tag}")[..], &bases[2][..]),
    ] {
        let hrefs = app
            .get(path)
            .await
            .attrs("link[rel=alternate][type]", "href");
        for file in ["rss.xml", "atom.xml", "feed.json"] {
            assert!(
                hrefs.contains(&format!("{base}/{file}")),
                "{path}: {hrefs:?}"
            );
        }
    }
}

async fn robots_and_sitemaps_lead_everywhere(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let robots = app.get("/robots.txt").await;
    assert!(
        robots
            .body
            .contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"),
        "{}",
        robots.body
    );
    let index = app.get("/sitemap.xml").await;
    python(WELL_FORMED, &index.body);
    let locs: Vec<String> = index
        .body
        .split("<loc>")
        .skip(1)
        .map(|s| {
            s.split("</loc>")
                .next()
                .unwrap()
                .trim_start_matches("http://127.0.0.1:8080")
                .to_string()
        })
        .collect();
    assert!(
        locs.iter().any(|l| l.starts_with("/sitemaps/articles/")),
        "{locs:?}"
    );
    let mut article_urls = 0;
    for loc in &locs {
        let map = app.get(loc).await;
        assert_eq!(map.status, StatusCode::OK, "{loc}");
        assert!(map.header("content-type").starts_with("application/xml"));
        python(WELL_FORMED, &map.body);
        if loc.contains("/articles/") {
            article_urls += map.body.matches("<url>").count();
        }
    }
    assert_eq!(
        article_urls as i64,
        app.store.count_articles().await.unwrap()
    );
    let news = app.get("/sitemaps/news.xml").await;
    assert!(news.body.contains("<news:publication_date>"));
    assert!(
        news.body.contains("<news:language>en</news:language>"),
        "demo articles are recent"
    );
    let sections = app.get("/sitemaps/sections.xml").await;
    assert!(
        sections
            .body
            .contains("<loc>http://127.0.0.1:8080/city</loc>")
    );
}
