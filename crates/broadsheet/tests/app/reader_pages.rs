//! The reader site through the real router on SQLite and PostgreSQL: front page,
//! article page, listings with keyset paging, language switch, search, and 404s.

use crate::reader_support;

use axum::http::StatusCode;
use broadsheet_domain::ArticleStatus;
use broadsheet_store::NewArticle;
use broadsheet_testkit::{TestDb, on_both_engines};
use reader_support::{demo, publish};

on_both_engines!(
    front_page_reads_like_a_newspaper,
    article_page_has_every_part_in_order,
    lead_image_reserves_its_space,
    listings_page_by_cursor_and_refuse_bad_ones,
    language_switch_sets_the_cookie_and_only_goes_home,
    search_ranks_highlights_filters_and_shrugs_off_hostile_input,
    unknown_things_are_themed_404s,
);

async fn front_page_reads_like_a_newspaper(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.texts(".lead-story h2").len(), 1);
    assert!(home.texts(".top-stories .story").len() >= 3);
    assert!(
        home.texts(".section-block").len() >= 3,
        "latest per section"
    );
    assert!(home.texts(".latest .story").len() >= 10);
    let nav = home.texts("nav.section-nav a");
    assert!(
        nav.contains(&"City".to_string()) && nav.contains(&"Culture".to_string()),
        "{nav:?}"
    );
    // Landmarks and the skip link.
    assert_eq!(home.attrs("a.skip-link", "href"), ["#main"]);
    assert_eq!(home.texts("main#main").len(), 1);
    assert_eq!(home.texts("header.masthead").len(), 1);
    assert_eq!(home.texts("footer").len(), 1);
    assert_eq!(
        home.attrs("link[rel=canonical]", "href"),
        ["http://127.0.0.1:8080/"]
    );
    assert_eq!(
        home.attrs("link[rel=alternate][type='application/rss+xml']", "href"),
        ["/feed/rss.xml"]
    );
}

async fn article_page_has_every_part_in_order(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let home = app.get("/").await;
    let link = &home.attrs(".lead-story h2 a", "href")[0];
    let page = app.get(link).await;
    assert_eq!(page.status, StatusCode::OK, "{link}");
    assert_eq!(page.texts("h1").len(), 1);
    assert!(!page.texts("article .standfirst")[0].is_empty());
    let authors = page.attrs("a.author", "href");
    assert_eq!(authors.len(), 2, "the demo lead has two bylines");
    assert!(authors[0].starts_with("/author/"));
    assert!(!page.attrs(".dateline-line time[datetime]", "datetime")[0].is_empty());
    assert!(page.texts(".reading-time")[0].contains("min"));
    assert!(!page.texts(".dateline").is_empty());
    let tags = page.attrs(".tags a", "href");
    assert!(tags.iter().all(|t| t.starts_with("/tag/")) && !tags.is_empty());
    assert!(
        page.attrs(".share a", "href")
            .iter()
            .any(|h| h.starts_with("mailto:"))
    );
    assert!(page.texts(".related .story").len() >= 2);
    assert_eq!(page.attrs("section#comments", "id"), ["comments"]);
    // Parts come in the order of the product's article page.
    let order = [
        "<h1",
        "class=\"standfirst\"",
        "class=\"byline\"",
        "article-body",
        "class=\"tags\"",
        "class=\"share\"",
        "class=\"related\"",
        "id=\"comments\"",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|m| page.body.find(m).unwrap_or_else(|| panic!("{m}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // SEO: canonical, OpenGraph, Twitter, JSON-LD.
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        [format!("http://127.0.0.1:8080{link}")]
    );
    assert_eq!(
        page.attrs("meta[property='og:type']", "content"),
        ["article"]
    );
    assert_eq!(
        page.attrs("meta[name='twitter:card']", "content"),
        ["summary"]
    );
    let ld = page.texts("script[type='application/ld+json']");
    let ld: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["author"].as_array().unwrap().len(), 2);
    assert!(ld["datePublished"].as_str().unwrap().starts_with("20"));
    assert_eq!(
        ld["mainEntityOfPage"]["@id"],
        format!("http://127.0.0.1:8080{link}")
    );
    // Bylines, tags and the section lead to their pages, which list this article.
    for href in [
        &authors[0],
        &tags[0],
        &page.attrs(".article-header .kicker a", "href")[0],
    ] {
        let list = app.get(href).await;
        assert_eq!(list.status, StatusCode::OK, "{href}");
        assert!(
            list.attrs(".river .story h2 a", "href").contains(link),
            "{href} lists the article"
        );
        assert_eq!(
            list.attrs("link[rel=alternate][type='application/atom+xml']", "href")
                .len(),
            1
        );
    }
}

async fn lead_image_reserves_its_space(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let section_id = app.store.section_by_slug("city").await.unwrap().unwrap().id;
    app.store
        .create_article(&NewArticle {
            section_id,
            slug: "pier".into(),
            headline: "Pier </script> reopens".into(),
            standfirst: "Boards replaced.".into(),
            body_html: "<p>Text.</p>".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(broadsheet_store::now()),
            image_url: "https://img.example/pier.jpg".into(),
            image_alt: "The pier at dusk".into(),
            image_caption: "The pier.".into(),
            image_credit: "Ada Lens".into(),
            language: "en".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let page = app.get("/city/pier").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.attrs("figure.lead-image img", "alt"),
        ["The pier at dusk"]
    );
    // An image from another site has no stored variants or known size: no srcset and no
    // made-up width and height; the stylesheet keeps its 16:9 box so nothing shifts.
    for attr in ["srcset", "width", "height"] {
        assert!(
            page.attrs("figure.lead-image img", attr).is_empty(),
            "{attr}"
        );
    }
    let css_href = page.attrs("link[rel=stylesheet]", "href");
    let mut reserved = false;
    for href in css_href {
        let css = app.get(&href).await.body;
        reserved |= css.contains(".lead-image img {") && css.contains("aspect-ratio: 16 / 9");
    }
    assert!(reserved, "a stylesheet reserves the lead image's box");
    assert!(page.texts("figure.lead-image figcaption")[0].contains("Ada Lens"));
    assert_eq!(
        page.attrs("meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    // A headline cannot end the JSON-LD script early.
    let script = page.body.split("application/ld+json\">").nth(1).unwrap();
    assert!(
        script
            .split("</script>")
            .next()
            .unwrap()
            .contains("Pier \\u003c/script\\u003e reopens")
    );
}

async fn listings_page_by_cursor_and_refuse_bad_ones(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    for i in 0..45 {
        publish(
            &app.store,
            "sport",
            &format!("match-{i}"),
            &format!("Match report {i}"),
            "Play.",
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut url = "/sport".to_string();
    for _ in 0..10 {
        let page = app.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        seen.extend(page.attrs(".river .story h2 a", "href"));
        match page.attrs(".pager a[rel=next]", "href").first() {
            Some(next) => url = format!("/sport{next}"),
            None => break,
        }
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "no article twice");
    assert!(total >= 45, "{total}");
    let home_next = app
        .get("/")
        .await
        .attrs(".latest .pager a[rel=next]", "href");
    assert_eq!(app.get(&home_next[0]).await.status, StatusCode::OK);
    for bad in [
        "/sport?after=zz",
        "/?after=1-",
        "/sport?after=%00",
        "/tag/harbour?after=-",
    ] {
        let page = app.get(bad).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(page.texts("main h1").len(), 1, "a themed page");
    }
}

async fn language_switch_sets_the_cookie_and_only_goes_home(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let link = app.get("/city").await.attrs(".lang-switch a", "href");
    assert_eq!(link, ["/lang/tr?next=/city"]);
    let switched = app.get(&link[0]).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.header("location"), "/city");
    assert_eq!(app.cookie("bs_lang"), Some("tr"));
    let city = app.get("/city").await;
    assert!(city.body.contains("<html lang=\"tr\""));
    assert_eq!(city.texts(".listing-header h1"), ["Kent"]);
    assert!(
        app.get("/nope/nope")
            .await
            .texts("h1")
            .contains(&"Sayfa bulunamadı".to_string())
    );
    for evil in [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
    ] {
        let page = app.get(&format!("/lang/en?next={evil}")).await;
        assert_eq!(page.header("location"), "/", "{evil}");
    }
    assert_eq!(app.get("/lang/xx").await.status, StatusCode::NOT_FOUND);
}

async fn search_ranks_highlights_filters_and_shrugs_off_hostile_input(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    let page = app.get("/search?q=harbour+board").await;
    assert_eq!(page.status, StatusCode::OK);
    let hits = page.attrs(".search-results .story h2 a", "href");
    assert!(!hits.is_empty());
    assert!(
        page.texts(".search-results mark")
            .iter()
            .any(|m| m.eq_ignore_ascii_case("harbour"))
    );
    assert_eq!(
        page.attrs("meta[name=robots]", "content"),
        ["noindex, follow"]
    );
    // Turkish, either spelling.
    let tr = app
        .get("/search?q=bal%C4%B1k")
        .await
        .attrs(".search-results .story", "lang");
    assert!(tr.contains(&"tr".to_string()), "{tr:?}");
    assert_eq!(
        app.get("/search?q=BALIK")
            .await
            .attrs(".search-results .story", "lang"),
        tr
    );
    // Section and date filters.
    let culture = app.get("/search?q=the&section=culture").await;
    assert!(
        culture
            .attrs(".search-results .story h2 a", "href")
            .iter()
            .all(|h| h.starts_with("/culture/"))
    );
    let future = app.get("/search?q=harbour&from=2999-01-01").await;
    assert!(future.attrs(".search-results .story", "lang").is_empty());
    assert_eq!(future.texts(".search-summary").len(), 1);
    // The reader's words are escaped; only our <mark> survives.
    let xss = app
        .get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+harbour")
        .await;
    assert_eq!(xss.status, StatusCode::OK);
    assert!(!xss.body.contains("<script>alert"));
    let long = "harbour%22*(".repeat(3000);
    for q in [
        "%22",
        "harbour%22+OR+%22",
        "NEAR(a+b)",
        "*",
        "-",
        "a%3Ab",
        "%27%3B+DROP+TABLE+articles%3B",
        &long,
        "&page=99999",
        "x&page=-3&from=nonsense&to=2026-13-45&section=nope",
    ] {
        let page = app.get(&format!("/search?q={q}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", &q[..q.len().min(40)]);
    }
    // Unpublishing takes an article out of the results at once.
    let id = publish(
        &app.store,
        "city",
        "zeppelin",
        "Zeppelin lands at the quay",
        "A zeppelin.",
    )
    .await;
    assert_eq!(
        app.get("/search?q=zeppelin")
            .await
            .attrs(".search-results .story", "lang")
            .len(),
        1
    );
    let editor = app
        .store
        .create_user(
            &broadsheet_domain::EmailAddress::parse("ed@example.org").unwrap(),
            "Ed",
            broadsheet_domain::Role::Editor,
            None,
        )
        .await
        .unwrap();
    assert!(
        app.store
            .move_article(
                id,
                ArticleStatus::Published,
                ArticleStatus::Unpublished,
                "unpublish",
                None,
                editor.id
            )
            .await
            .unwrap()
    );
    assert!(
        app.get("/search?q=zeppelin")
            .await
            .attrs(".search-results .story", "lang")
            .is_empty()
    );
}

async fn unknown_things_are_themed_404s(db: &TestDb) {
    let (mut app, _) = demo(db).await;
    for path in [
        "/nope",
        "/city/nope",
        "/tag/nope",
        "/author/999999-x",
        "/author/abc",
        "/feed/nope",
        "/feed/tag/nope/rss.xml",
        "/feed/section/city/x.xml",
        "/sitemaps/articles/x",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.texts("main h1").len(), 1, "{path}");
    }
}
