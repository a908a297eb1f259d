//! A faithful WordPress move, as an operator runs it: `broadsheet import wordpress` with a
//! local copy of `wp-content/uploads` turns the invented "Quayside Gazette" into stories
//! whose old addresses answer 301 through the real router, whose shortcodes are figures,
//! players and links, whose images come from the media library, without pingbacks, under
//! the old site's name; a dry run changes nothing, a re-run adds nothing, and Disqus
//! threads find the stories by their WordPress addresses.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines, temp_dir};
use common::server::Server;
use common::sql::{scalar, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

on_both_engines!(old_addresses_shortcodes_and_images_arrive_whole);
on_both_engines!(a_dry_run_changes_nothing_and_a_rerun_adds_nothing);
on_both_engines!(disqus_threads_find_stories_by_their_wordpress_addresses);

const GAZETTE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/wordpress-gazette.xml"
);

/// A local copy of the old site's uploads: two small real images, the sound file and
/// the council hall picture missing.
fn uploads() -> PathBuf {
    let dir = temp_dir("bs-wp-uploads");
    std::fs::create_dir_all(dir.join("2024/11")).unwrap();
    let pier = image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8 * 5, 90, y as u8 * 7]));
    pier.save(dir.join("2024/11/pier.jpg")).unwrap();
    let gulls =
        image::RgbaImage::from_fn(24, 24, |x, _| image::Rgba([200, 200, x as u8 * 10, 255]));
    gulls.save(dir.join("2024/11/gulls.png")).unwrap();
    dir
}

fn import(db: &TestDb, data_dir: &Path, args: &[&str]) -> (String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .env("BROADSHEET_DATA_DIR", data_dir)
        .env("BROADSHEET_DATABASE_URL", &db.url)
        .env("BROADSHEET_LOG", "warn")
        .args(["import"])
        .args(args)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

fn import_gazette(db: &TestDb, data_dir: &Path, uploads: &Path, extra: &[&str]) -> String {
    let mut args = vec!["wordpress", GAZETTE, "--uploads", uploads.to_str().unwrap()];
    args.extend_from_slice(extra);
    import(db, data_dir, &args).0
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn old_addresses_shortcodes_and_images_arrive_whole(db: &TestDb) {
    let (data_dir, files) = (temp_dir("bs-wp-data"), uploads());
    let said = import_gazette(db, &data_dir, &files, &[]);
    for part in [
        "imported 5 articles (0 already there, 0 pages or other items skipped)",
        "imported 1 pages (0 already there)",
        "2 pingbacks and trackbacks skipped",
        "media: 2 images imported (0 already there, 1 not images left at their old address, 1 missing",
        "missing upload: 2024/12/council-hall.jpg",
        "shortcodes: 5 converted, 3 unknown ones stripped to their text",
        "site name: The Quayside Gazette",
    ] {
        assert!(said.contains(part), "{part:?} in {said}");
    }
    let server = Server::start_in(data_dir.clone(), &db.url, &["--no-demo"]).await;
    let client = no_redirects();

    // Every shape of old address answers 301 to its new page, which is there.
    for (old, new) in [
        (
            "/2024/11/03/ferry-pier-reopens/",
            "/harbour/ferry-pier-reopens",
        ),
        (
            "/2024/11/03/ferry-pier-reopens",
            "/harbour/ferry-pier-reopens",
        ),
        ("/?p=101", "/harbour/ferry-pier-reopens"),
        ("/index.php?p=102", "/schools/ecole-du-port-la-rentree"),
        (
            "/?page_id=102&utm_source=x",
            "/schools/ecole-du-port-la-rentree",
        ),
        (
            "/2024/12/01/%C5%9Fehir-meclisi-yeni-iskeleyi-onayladi/",
            "/harbour/sehir-meclisi-yeni-iskeleyi-onayladi",
        ),
        (
            "/2025/01/15/%ce%bb%ce%b9%ce%bc%ce%ac%ce%bd%ce%b9/",
            "/harbour/limani-nea-dromologia",
        ),
        ("/2025/02/10/novyi-parom/", "/islands/novyi-parom-na-ostrov"),
        ("/category/news/harbour/", "/harbour"),
        ("/category/harbour", "/harbour"),
        ("/category/schools/feed/", "/feed/section/schools/rss.xml"),
        ("/tag/storms/", "/tag/storms"),
        ("/tag/ferries/feed", "/feed/tag/ferries/rss.xml"),
        ("/feed/", "/feed/rss.xml"),
        ("/feed/atom/", "/feed/atom.xml"),
        // The page's id and permalink go to the imported page.
        ("/?page_id=110", "/pages/contact"),
        ("/contact/", "/pages/contact"),
    ] {
        let answer = client.get(server.url(old)).send().await.unwrap();
        assert_eq!(answer.status(), 301, "{old}");
        assert_eq!(answer.headers()["location"], new, "{old}");
        let there = client.get(server.url(new)).send().await.unwrap();
        assert_eq!(there.status(), 200, "{old} → {new}");
    }
    // Addresses the old site never had stay 404; an unknown id is just the front page.
    assert_eq!(
        client
            .get(server.url("/2024/11/03/no-such-story/"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .get(server.url("/?p=999"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // An old image link goes to the media library.
    let old_image = client
        .get(server.url("/wp-content/uploads/2024/11/pier.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(old_image.status(), 301);
    assert!(
        old_image.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/media/")
    );

    let page = client
        .get(server.url("/harbour/ferry-pier-reopens"))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    let doc = scraper::Html::parse_document(&html);
    let all = |css: &str| {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .collect::<Vec<_>>()
    };
    let body = ".article-body";
    // [caption] → a figure with its caption, the size variant now the imported original.
    let captioned = all(&format!("{body} figure > figcaption"));
    assert!(
        captioned.iter().any(|c| c
            .text()
            .collect::<String>()
            .contains("Engineers replaced forty planks")),
        "{html}"
    );
    // [gallery] → a grid of both attachments with their alt text.
    let gallery = all(&format!("{body} figure.gallery img"));
    let alts: Vec<_> = gallery
        .iter()
        .map(|i| i.value().attr("alt").unwrap_or(""))
        .collect();
    assert_eq!(
        alts,
        [
            "The rebuilt pier at low tide",
            "Three gulls on the pier railing"
        ]
    );
    // [embed] → a link; unknown shortcodes leave their text and no brackets.
    assert_eq!(
        all(&format!(
            "{body} a[href='https://video.example/watch?v=pier-film'][title]"
        ))
        .len(),
        1
    );
    assert!(html.contains("Timetables return to normal on Monday.") && html.contains("[sic]"));
    assert!(
        !html.contains("[vc_") && !html.contains("contact-form-7") && !html.contains("[gallery")
    );
    // Every image of the story, lead image first, is served from the local media library.
    let images = all("article img");
    assert!(images.len() >= 4, "{html}");
    for img in &images {
        let src = img.value().attr("src").unwrap();
        assert!(src.starts_with("/media/"), "{src} is local");
        let served = client.get(server.url(src)).send().await.unwrap();
        assert_eq!(served.status(), 200, "{src}");
        assert!(
            served.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("image/")
        );
    }
    let lead = text(
        &db.url,
        "SELECT image_url || ' ' || image_alt FROM articles WHERE slug = $1",
        "ferry-pier-reopens",
    )
    .await
    .unwrap();
    assert!(
        lead.starts_with("/media/") && lead.ends_with(" The rebuilt pier at low tide"),
        "{lead}"
    );
    let no_lead = text(
        &db.url,
        "SELECT image_url FROM articles WHERE slug = $1",
        "sehir-meclisi-yeni-iskeleyi-onayladi",
    )
    .await;
    assert_eq!(
        no_lead.as_deref(),
        Some(""),
        "a missing featured image leaves no lead image"
    );
    // Pingbacks and trackbacks are not comments; the reader's comment is.
    assert!(html.contains("Good to have the early boat back."));
    assert!(!html.contains("pingback from a roundup") && !html.contains("trackback excerpt"));
    assert_eq!(
        scalar(&db.url, "SELECT COUNT(*) FROM comments WHERE $1 = $1", 0).await,
        Some(1)
    );
    // The old site's name is the publisher in the structured data and the page title.
    assert!(
        html.contains(r#""publisher":{"@type":"Organization","name":"The Quayside Gazette""#),
        "{html}"
    );

    // [audio] and [video] → native players.
    let school = client
        .get(server.url("/schools/ecole-du-port-la-rentree"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = scraper::Html::parse_document(&school);
    let one = |css: &str| doc.select(&scraper::Selector::parse(css).unwrap()).count();
    assert_eq!(
        one("audio[controls][src='https://gazette.example/wp-content/uploads/2024/09/bell.mp3']"),
        1,
        "{school}"
    );
    assert_eq!(
        one("video[controls][src='https://media.example/first-day.mp4']"),
        1,
        "{school}"
    );
    let front = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        front.contains("Harbour news from Port Aldwyn since 1998"),
        "the description came along"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(data_dir);
    let _ = std::fs::remove_dir_all(files);
}

/// Rows of every table an import writes, and the files in the media folder.
async fn footprint(db: &TestDb, data_dir: &Path) -> Vec<(String, Option<i64>)> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM articles WHERE $1 = $1",
        "SELECT COUNT(*) FROM revisions WHERE $1 = $1",
        "SELECT COUNT(*) FROM comments WHERE $1 = $1",
        "SELECT COUNT(*) FROM media WHERE $1 = $1",
        "SELECT COUNT(*) FROM old_paths WHERE $1 = $1",
        "SELECT COUNT(*) FROM sections WHERE $1 = $1",
        "SELECT COUNT(*) FROM tags WHERE $1 = $1",
        "SELECT COUNT(*) FROM users WHERE $1 = $1",
        "SELECT COUNT(*) FROM settings WHERE $1 = $1",
    ] {
        rows.push((sql.to_string(), scalar(&db.url, sql, 0).await));
    }
    let files = walk(&data_dir.join("media"));
    rows.push(("media files".into(), Some(files as i64)));
    rows
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

async fn a_dry_run_changes_nothing_and_a_rerun_adds_nothing(db: &TestDb) {
    let (data_dir, files) = (temp_dir("bs-wp-data"), uploads());
    // A site that already exists (migrated, with one earlier import), then the dry run.
    let courier = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wordpress-export.xml"
    );
    import(db, &data_dir, &["wordpress", courier]);
    let before = footprint(db, &data_dir).await;
    let said = import_gazette(db, &data_dir, &files, &["--dry-run"]);
    for part in [
        "dry run: nothing was changed",
        "imported 5 articles",
        "1 comments",
        "2 pingbacks and trackbacks skipped",
        "media: 2 images imported (0 already there, 1 not images left at their old address, 1 missing",
        "missing upload: 2024/12/council-hall.jpg",
        "/2024/11/03/ferry-pier-reopens → /harbour/ferry-pier-reopens",
    ] {
        assert!(said.contains(part), "{part:?} in {said}");
    }
    assert!(
        said.contains("old addresses: ") && said.contains(" permalink"),
        "{said}"
    );
    assert_eq!(
        footprint(db, &data_dir).await,
        before,
        "the dry run changed nothing"
    );

    let uploads_dir = files.to_str().unwrap();
    let (first, progress) = import(
        db,
        &data_dir,
        &["wordpress", GAZETTE, "--uploads", uploads_dir],
    );
    assert!(first.contains("imported 5 articles"), "{first}");
    assert!(
        progress.contains("attachment 4/4") && progress.contains("post 6/6"),
        "{progress}"
    );
    // The existing site name (from the first import) is kept.
    assert!(!first.contains("site name:"), "{first}");
    let after = footprint(db, &data_dir).await;
    let again = import_gazette(db, &data_dir, &files, &[]);
    for part in [
        "imported 0 articles (5 already there",
        "0 comments (0 already there",
        "media: 0 images imported (2 already there",
        "old addresses: 0 new (none)",
    ] {
        assert!(again.contains(part), "{part:?} in {again}");
    }
    assert_eq!(
        footprint(db, &data_dir).await,
        after,
        "the re-run added nothing"
    );
    let _ = std::fs::remove_dir_all(data_dir);
    let _ = std::fs::remove_dir_all(files);
}

async fn disqus_threads_find_stories_by_their_wordpress_addresses(db: &TestDb) {
    let (data_dir, files) = (temp_dir("bs-wp-data"), uploads());
    import_gazette(db, &data_dir, &files, &[]);
    let disqus = data_dir.join("disqus.xml");
    std::fs::write(
        &disqus,
        r#"<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><link>https://gazette.example/2024/11/03/ferry-pier-reopens/</link></thread>
  <thread dsq:id="2"><link>http://gazette.example/?p=102</link></thread>
  <thread dsq:id="3"><link>https://gazette.example/2019/01/01/never-imported/</link></thread>
  <post dsq:id="71"><message><![CDATA[<p>The new planks look sturdy.</p>]]></message><createdAt>2024-11-04T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Ines</name><email>ines@reader.example</email></author><thread dsq:id="1"/></post>
  <post dsq:id="72"><message><![CDATA[<p>Ma fille adore la nouvelle cloche.</p>]]></message><createdAt>2024-09-03T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Luc</name><email>luc@reader.example</email></author><thread dsq:id="2"/></post>
  <post dsq:id="73"><message><![CDATA[<p>Lost.</p>]]></message><createdAt>2019-01-02T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Nobody</name><email>n@reader.example</email></author><thread dsq:id="3"/></post>
</disqus>"#,
    )
    .unwrap();
    let (said, _) = import(db, &data_dir, &["disqus", disqus.to_str().unwrap()]);
    assert!(
        said.contains("imported 0 articles") && said.contains("2 comments"),
        "{said}"
    );
    assert!(said.contains("1 threads matched no story"), "{said}");
    let server = Server::start_in(data_dir.clone(), &db.url, &["--no-demo"]).await;
    let get = |path: &'static str| {
        let url = server.url(path);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    assert!(
        get("/harbour/ferry-pier-reopens")
            .await
            .contains("The new planks look sturdy.")
    );
    assert!(
        get("/schools/ecole-du-port-la-rentree")
            .await
            .contains("Ma fille adore la nouvelle cloche.")
    );
    drop(server);
    let _ = std::fs::remove_dir_all(data_dir);
    let _ = std::fs::remove_dir_all(files);
}
