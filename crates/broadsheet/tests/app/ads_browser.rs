//! Lazy ads in headless Chromium against a real server: the in-article slot asks for
//! its creative only once scrolled near, filling it moves nothing on the page, and a
//! creative seen for a second is counted as a viewable impression.

use crate::common;

use broadsheet_store::{AdReportOf, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use std::time::{Duration, Instant};

on_both_engines!(ads_load_near_the_viewport_without_shifting_the_page);

async fn ads_load_near_the_viewport_without_shifting_the_page(db: &TestDb) {
    let server = Server::start(&db.url).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let store = Store::connect(&db.url).await.unwrap();
    let inline = store
        .list_ad_slots()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Article inline")
        .unwrap()
        .id;
    // The demo article with the most paragraphs puts the slot well below the fold.
    let mut best = (0, String::new());
    for a in store
        .listing(broadsheet_store::Listing::All, None, 50)
        .await
        .unwrap()
    {
        let full = store
            .published_article(&a.section_slug, &a.slug)
            .await
            .unwrap()
            .unwrap();
        let n = full.body_html.matches("</p>").count();
        if n > best.0 {
            best = (n, format!("/{}/{}", a.section_slug, a.slug));
        }
    }
    let b = &browser.client;
    b.set_window_size(1280, 700).await.unwrap();
    b.goto(&server.url(&best.1)).await.unwrap();
    assert!(
        browser
            .wait_until("return document.readyState === 'complete'", 10)
            .await
    );
    let slot = format!("document.querySelector('.ad-slot-{inline}')");
    let requested = format!(
        "return performance.getEntriesByType('resource').some(e => e.name.includes('/ads/slot/{inline}/creative'))"
    );
    let below = browser
        .js(&format!(
            "return {slot}.getBoundingClientRect().top - innerHeight"
        ))
        .await;
    assert!(
        below.as_f64().unwrap() > 300.0,
        "the slot must start below the fold and its margin: {below}"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        browser.js(&requested).await,
        serde_json::Value::Bool(false),
        "not requested before scrolling"
    );

    // Page-side clock: when the creative went in, and when the view was reported.
    let clock = format!(
        "const s = {slot}; window.adTimes = {{}}; \
         new MutationObserver(() => {{ \
           if (s.classList.contains('ad-slot-filled') && !adTimes.filled) adTimes.filled = performance.now(); \
           if (s.getAttribute('data-ad-viewed') && !adTimes.viewed) adTimes.viewed = performance.now(); \
         }}).observe(s, {{attributes: true, subtree: true}}); return true"
    );
    browser.js(&clock).await;
    browser
        .js(&format!(
            "{slot}.scrollIntoView({{block: 'center'}}); return true"
        ))
        .await;
    assert!(
        browser.wait_until(&requested, 10).await,
        "requested once near the viewport"
    );
    assert!(
        browser
            .wait_until(
                &format!("return {slot}.classList.contains('ad-slot-filled')"),
                10
            )
            .await,
        "the creative arrived"
    );
    let viewed = format!("return {slot}.getAttribute('data-ad-viewed') === 'true'");
    assert!(
        browser.wait_until(&viewed, 10).await,
        "a viewable impression was reported"
    );
    let waited = browser.js("return adTimes.viewed - adTimes.filled").await;
    assert!(
        waited.as_f64().unwrap() >= 990.0,
        "only after a second in view: {waited} ms"
    );

    let shift = browser
        .js(
            "return new Promise(done => { let sum = 0; \
             new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) sum += e.value; } }) \
               .observe({type: 'layout-shift', buffered: true}); \
             setTimeout(() => done(sum), 300); })",
        )
        .await;
    assert!(
        shift.as_f64().unwrap() < 0.01,
        "cumulative layout shift {shift}"
    );
    browser.close().await;

    // The server flushes counts every two seconds.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let days = store.ad_report(AdReportOf::Slot(inline)).await.unwrap();
        if days.iter().any(|d| d.viewable >= 1 && d.served >= 1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the impression was not counted: {days:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    drop(server);
}
