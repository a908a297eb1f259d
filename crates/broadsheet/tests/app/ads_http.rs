//! Ads over HTTP on both engines: slot markup in English and Turkish, the creative
//! endpoint, the viewability beacon, the click redirect, and the admin pages.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use broadsheet_domain::Role;
use broadsheet_store::{AdReportOf, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{Page, TestApp};

const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36";
const CRAWLER: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

on_both_engines!(
    slots_render_labelled_placeholders_in_each_language,
    creatives_views_and_clicks_are_counted_for_people_only,
    admin_pages_are_for_admins_and_refuse_bad_input,
);

/// The demo's article with the most paragraphs, and the two demo slots.
async fn demo(store: &Store) -> (String, i64, i64) {
    let slots = store.list_ad_slots().await.unwrap();
    let id = |name: &str| slots.iter().find(|s| s.name == name).unwrap().id;
    let articles = store
        .listing(broadsheet_store::Listing::All, None, 50)
        .await
        .unwrap();
    let mut best = (0, String::new());
    for a in articles {
        let full = store
            .published_article(&a.section_slug, &a.slug)
            .await
            .unwrap()
            .unwrap();
        let paragraphs = full.body_html.matches("</p>").count();
        if paragraphs > best.0 {
            best = (paragraphs, format!("/{}/{}", a.section_slug, a.slug));
        }
    }
    (best.1, id("Article inline"), id("Sidebar"))
}

async fn get_as(app: &mut TestApp, path: &str, ua: &str) -> Page {
    app.send(
        Request::get(path)
            .header(header::USER_AGENT, ua)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn slots_render_labelled_placeholders_in_each_language(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (article, inline, sidebar) = demo(&app.store).await;
    let page = app.get(&article).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for id in [inline, sidebar] {
        let sel = format!(".ad-slot-{id}");
        let labels = page.texts(&format!("{sel} .ad-label"));
        assert!(
            !labels.is_empty() && labels.iter().all(|l| l == "Advertisement"),
            "{sel}: {labels:?}"
        );
        let waiting = page.texts(&format!("{sel} .ad-placeholder"));
        assert!(
            waiting.iter().all(|l| l == "Advertisement loading…"),
            "{waiting:?}"
        );
    }
    // The in-article slot sits between paragraphs of the body, never inside one.
    let inside = page.attrs(".article-body > .ad-slot", "data-ad-slot");
    assert!(
        !inside.is_empty() && inside.iter().all(|s| *s == inline.to_string()),
        "{inside:?}"
    );
    assert!(page.texts(".article-body p .ad-slot").is_empty());
    assert!(
        !page.body.contains(" style="),
        "no inline styles under the CSP"
    );
    let css = page.attrs("link[rel=stylesheet]", "href");
    let slot_css = css
        .iter()
        .find(|h| h.starts_with("/ads/slots.css"))
        .expect("slot stylesheet");
    let sheet = app.get(slot_css).await;
    assert!(
        sheet.body.contains(&format!(
            ".ad-slot-{inline} .ad-box{{max-width:300px;aspect-ratio:300/250}}"
        )),
        "{}",
        sheet.body
    );
    assert!(sheet.header("cache-control").contains("immutable"));
    assert!(
        page.attrs("script[src]", "src")
            .iter()
            .any(|s| s.ends_with("/js/ads.js"))
    );

    app.cookies.insert("bs_lang".into(), "tr".into());
    let page = app.get(&article).await;
    assert_eq!(
        page.texts(&format!(".ad-slot-{sidebar} .ad-label")),
        vec!["Reklam"]
    );
    assert_eq!(
        page.texts(&format!(".ad-slot-{sidebar} .ad-placeholder")),
        vec!["Reklam yükleniyor…"]
    );

    // Suppressed articles show no slots at all.
    let article_id: i64 = page.attrs(".ad-slot", "data-ad-article")[0]
        .parse()
        .unwrap();
    // Through the newsroom's form, which drops every page (and held shell) showing slots.
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let suppressed = app
        .submit(
            "/newsroom/ads/suppressed",
            &[("article_id", &article_id.to_string()), ("suppress", "on")],
        )
        .await;
    assert!(suppressed.status.is_redirection(), "{}", suppressed.body);
    let page = app.get(&article).await;
    assert!(page.texts(".ad-slot").is_empty());
    let none = get_as(
        &mut app,
        &format!("/ads/slot/{sidebar}/creative?article={article_id}"),
        BROWSER,
    )
    .await;
    assert!(none.body.contains("\"kind\":\"none\""), "{}", none.body);
}

async fn creatives_views_and_clicks_are_counted_for_people_only(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (_, inline, sidebar) = demo(&app.store).await;
    app.get("/").await;
    let page = get_as(
        &mut app,
        &format!("/ads/slot/{sidebar}/creative?section=city"),
        BROWSER,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("application/json"));
    let ad: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let campaign = ad["campaign"]
        .as_i64()
        .expect("a demo campaign fills the slot");
    assert!(["html", "image"].contains(&ad["kind"].as_str().unwrap()));
    assert_eq!(ad["href"], format!("/ads/click/{campaign}?slot={sidebar}"));
    if ad["kind"] == "html" {
        let html = ad["html"].as_str().unwrap();
        assert!(!html.contains("<script"));
        // The demo's house creatives are English: they say so, so the Turkish site's
        // upper-casing does not turn "pencil" into "PENCİL".
        assert!(html.contains(r#"lang="en""#), "{html}");
    }
    assert!(
        app.cookie("bs_adf").is_some(),
        "a first-party frequency counter"
    );
    assert_eq!(
        get_as(&mut app, "/ads/slot/9999/creative", BROWSER)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    get_as(&mut app, &format!("/ads/slot/{inline}/creative"), CRAWLER).await;

    let beacon = |ua: &'static str, body: String| {
        Request::post("/ads/view")
            .header(header::USER_AGENT, ua)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let fields = format!("campaign={campaign}&slot={sidebar}");
    assert_eq!(
        app.send(beacon(BROWSER, fields.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.send(beacon(CRAWLER, fields.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.send(beacon(BROWSER, "campaign=999&slot=1".into()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let click = get_as(
        &mut app,
        &format!("/ads/click/{campaign}?slot={sidebar}&url=https://evil.example/"),
        BROWSER,
    )
    .await;
    assert_eq!(click.status, StatusCode::SEE_OTHER);
    let stored = app
        .store
        .ad_campaign(campaign)
        .await
        .unwrap()
        .unwrap()
        .click_url;
    assert_eq!(
        click.header("location"),
        stored,
        "only the campaign's own URL"
    );
    get_as(
        &mut app,
        &format!("/ads/click/{campaign}?slot={sidebar}"),
        CRAWLER,
    )
    .await;
    assert_eq!(
        get_as(&mut app, "/ads/click/9999", BROWSER).await.status,
        StatusCode::NOT_FOUND
    );

    // The admin's report flushes this node's counts first: crawlers were not counted.
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let csv = app
        .get(&format!("/newsroom/ads/campaigns/{campaign}/report.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date,impressions,viewable_impressions,clicks,ctr_percent"
    );
    assert!(lines[1].ends_with(",1,1,1,100.00"), "{}", csv.body);
    let days = app
        .store
        .ad_report(AdReportOf::Slot(sidebar))
        .await
        .unwrap();
    assert_eq!(
        (days[0].served, days[0].viewable, days[0].clicks),
        (1, 1, 1)
    );
    let report = app
        .get(&format!("/newsroom/ads/campaigns/{campaign}"))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(
        report
            .html()
            .select(&scraper::Selector::parse("svg polyline").unwrap())
            .count(),
        3
    );
    assert!(report.body.contains("100.00 %"));
    let slot_page = app.get(&format!("/newsroom/ads/slots/{sidebar}")).await;
    assert_eq!(slot_page.status, StatusCode::OK);
    assert_eq!(slot_page.attrs("#slot-name", "value"), vec!["Sidebar"]);
    assert!(slot_page.body.contains("<polyline"));
    let slot_csv = app
        .get(&format!("/newsroom/ads/slots/{sidebar}/report.csv"))
        .await;
    assert!(
        slot_csv
            .body
            .lines()
            .nth(1)
            .unwrap()
            .ends_with(",1,1,1,100.00"),
        "{}",
        slot_csv.body
    );
}

fn multipart(csrf: &str, fields: &[(&str, &str)], file: Option<&[u8]>) -> Request<Body> {
    let boundary = "----bsads";
    let mut body: Vec<u8> = Vec::new();
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    for (k, v) in all {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .bytes(),
        );
    }
    if let Some(bytes) = file {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    Request::post("/newsroom/ads/campaigns")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

async fn admin_pages_are_for_admins_and_refuse_bad_input(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    assert_ne!(
        app.get("/newsroom/ads").await.status,
        StatusCode::OK,
        "anonymous"
    );
    app.sign_in_as(Role::Editor, "ed@example.org").await;
    assert_eq!(app.get("/newsroom/ads").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.submit("/newsroom/ads/slots", &[("name", "X")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Admin, "chief@example.org").await;
    let overview = app.get("/newsroom/ads").await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.texts("td a").iter().any(|t| t == "Article inline"));
    assert!(
        overview.body.contains("can track readers"),
        "the origins warning is shown"
    );

    let slots_before = app.store.list_ad_slots().await.unwrap().len();
    let slot = [
        ("name", "Top banner"),
        ("placement", "top"),
        ("size_mobile", "320x50"),
        ("size_desktop", "728x90"),
        ("page_types", "home"),
        ("page_types", "article"),
        ("enabled", "on"),
    ];
    // Without the form token nothing happens.
    let forged = app.post_form("/newsroom/ads/slots", &slot).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    for (field, bad) in [
        ("size_mobile", "0x50"),
        ("placement", "popup"),
        ("page_types", "search"),
    ] {
        let mut form: Vec<(&str, &str)> =
            slot.iter().filter(|(k, _)| *k != field).copied().collect();
        form.push((field, bad));
        let page = app.submit("/newsroom/ads/slots", &form).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(page.attrs("#form-error", "role"), vec!["alert"], "{field}");
    }
    assert_eq!(
        app.store.list_ad_slots().await.unwrap().len(),
        slots_before,
        "nothing saved"
    );
    assert_eq!(
        app.submit("/newsroom/ads/slots", &slot).await.status,
        StatusCode::SEE_OTHER
    );
    let dup = app.submit("/newsroom/ads/slots", &slot).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let home = app.get("/").await;
    assert_eq!(
        home.texts(".ad-top .ad-label"),
        vec!["Advertisement"],
        "the new slot shows at once"
    );

    let token = app.csrf().await;
    let campaigns_before = app.store.list_ad_campaigns().await.unwrap().len();
    let good = [
        ("name", "Regatta"),
        ("advertiser", "Estuary Club"),
        ("starts", "2026-01-01"),
        ("ends", "2026-12-31"),
        ("click_url", "https://regatta.example/"),
        ("weight", "2"),
        ("kind", "html"),
        (
            "html",
            "<div class=\"ad-house\"><strong>Regatta</strong> day</div>",
        ),
        ("size", "300x250"),
    ];
    let with = |k: &'static str, v: &'static str| {
        let mut f: Vec<(&str, &str)> = good.iter().filter(|(n, _)| *n != k).copied().collect();
        f.push((k, v));
        f
    };
    let cases = [
        (with("starts", "2026-13-01"), None, "real date"),
        (with("ends", "2025-01-01"), None, "before the first day"),
        (
            with("click_url", "javascript:alert(1)"),
            None,
            "must be a full",
        ),
        (
            with("html", "<p onclick=\"steal()\">hi</p>"),
            None,
            "contains script",
        ),
        (with("size", "0x0"), None, "between 1 and 2000"),
        (with("slots", "9999"), None, "slots does not exist"),
        (
            with("kind", "image"),
            Some(&b"<svg onload=alert(1)>"[..]),
            "not a PNG, JPEG or WebP",
        ),
    ];
    for (form, file, message) in cases {
        let page = app.send(multipart(&token, &form, file)).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{message}: {}",
            page.body
        );
        assert!(page.body.contains(message), "{message}");
    }
    let forged = app.send(multipart(&"0".repeat(64), &good, None)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.list_ad_campaigns().await.unwrap().len(),
        campaigns_before,
        "nothing saved"
    );

    let created = app.send(multipart(&token, &good, None)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let png = broadsheet::ads::demo::banner_png(300, 250, [90, 20, 20]);
    let mut image_form = with("kind", "image");
    image_form.push(("image_alt", "Red and pink waves"));
    let created = app.send(multipart(&token, &image_form, Some(&png))).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let newest = app.store.list_ad_campaigns().await.unwrap().pop().unwrap();
    assert_eq!(
        (newest.kind.as_str(), newest.width, newest.height),
        ("image", 300, 250)
    );
    let img = app.get(&format!("/ads/image/{}", newest.id)).await;
    assert_eq!(img.header("content-type"), "image/png");

    // Settings: a bad origin is refused, a good one kept.
    let bad = app
        .submit(
            "/newsroom/ads/settings",
            &[
                ("root_margin", "300"),
                ("when_empty", "collapse"),
                ("frame_origins", "*"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let ok = app
        .submit(
            "/newsroom/ads/settings",
            &[
                ("root_margin", "300"),
                ("when_empty", "collapse"),
                ("frame_origins", "https://ads.example.net"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .setting("ads.frame_origins")
            .await
            .unwrap()
            .as_deref(),
        Some("https://ads.example.net")
    );
}
