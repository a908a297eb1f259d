//! End to end in headless Chromium against a real server: an editor takes a story from
//! draft through review to a scheduled publish, with the live Markdown preview running
//! under the strict Content-Security-Policy.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;

on_both_engines!(an_editor_takes_a_story_from_draft_through_review_to_a_scheduled_publish);

async fn an_editor_takes_a_story_from_draft_through_review_to_a_scheduled_publish(db: &TestDb) {
    let server = Server::start(&db.url).await;
    let token = server.user_with_token("desk@example.org", "editor");
    let Some(browser) = Browser::start().await else {
        return;
    };
    let b = &browser.client;
    let css = |s: &'static str| Locator::Css(s);
    b.goto(&server.url("/login")).await.unwrap();
    assert!(browser.submit_login("desk@example.org").await);
    assert!(
        browser
            .wait_until("return location.pathname === '/newsroom'", 10)
            .await,
        "signed in to the newsroom"
    );

    b.find(css("a[href='/newsroom/articles/new']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        browser
            .wait_until("return document.getElementById('headline') !== null", 10)
            .await
    );
    b.find(css("#headline"))
        .await
        .unwrap()
        .send_keys("Night ferry returns for summer")
        .await
        .unwrap();
    b.find(css("#standfirst"))
        .await
        .unwrap()
        .send_keys("The crossing runs again from June.")
        .await
        .unwrap();
    b.find(css("#body"))
        .await
        .unwrap()
        .send_keys("## Timetable\n\nBoats leave at *nine*.")
        .await
        .unwrap();
    // The preview comes from the server, rendered and sanitized, via newsroom.js.
    assert!(
        browser.wait_until("var h = document.querySelector('#preview-body h2'); return h !== null && h.textContent === 'Timetable'", 10).await,
        "the live preview shows the subheading"
    );
    b.find(css("#save")).await.unwrap().click().await.unwrap();
    assert!(
        browser
            .wait_until("return location.search === '?saved=1'", 10)
            .await,
        "the draft was saved"
    );
    let is = |state: &str| {
        format!(
            "var s = document.querySelector('.nr-meta .nr-status'); return s !== null && s.classList.contains('nr-status-{state}')"
        )
    };
    assert!(browser.wait_until(&is("draft"), 10).await, "a draft");
    b.find(css("#action-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(browser.wait_until(&is("in_review"), 10).await, "in review");
    // Two hours from now in the browser's own time zone, as a person would pick it.
    browser
        .js("var d = new Date(Date.now() + 2 * 3600 * 1000); var p = n => String(n).padStart(2, '0'); \
             document.getElementById('publish_at').value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); return true;")
        .await;
    b.find(css("#action-schedule"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(browser.wait_until(&is("scheduled"), 10).await, "scheduled");

    // The API agrees: scheduled about two hours ahead.
    let id: i64 = browser
        .js("return Number(location.pathname.split('/').pop())")
        .await
        .as_i64()
        .unwrap();
    let article: serde_json::Value = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/articles/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(article["status"], "scheduled");
    let ahead = article["publish_at"].as_i64().unwrap() - broadsheet_store::now();
    assert!((7000..=7300).contains(&ahead), "scheduled {ahead} s ahead");
    // And the dashboard lists it under Scheduled.
    b.goto(&server.url("/newsroom")).await.unwrap();
    let scheduled = browser
        .js("return document.querySelector('#h-3').parentElement.textContent")
        .await;
    assert!(
        scheduled
            .as_str()
            .unwrap()
            .contains("Night ferry returns for summer"),
        "{scheduled}"
    );
    browser.close().await;
}
