//! The editor keeps unsaved work, in headless Chromium: typed changes are kept in the
//! browser, leaving the page asks first, and a new tab on the same story offers them back.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;

on_both_engines!(unsaved_work_survives_a_closed_tab);

async fn unsaved_work_survives_a_closed_tab(db: &TestDb) {
    let server = Server::start(&db.url).await;
    server.user_with_token("keeper@example.org", "editor");
    let Some(browser) = Browser::start().await else {
        return;
    };
    let b = &browser.client;
    let css = Locator::Css;
    b.goto(&server.url("/login")).await.unwrap();
    assert!(browser.submit_login("keeper@example.org").await);
    assert!(
        browser
            .wait_until("return location.pathname === '/newsroom'", 10)
            .await
    );

    b.goto(&server.url("/newsroom/articles/new")).await.unwrap();
    let clean_leave = "var e = new Event('beforeunload', {cancelable: true}); \
                       window.dispatchEvent(e); return e.defaultPrevented";
    assert_eq!(
        browser.js(clean_leave).await,
        serde_json::Value::Bool(false),
        "an untouched form leaves quietly"
    );
    b.find(css("#headline"))
        .await
        .unwrap()
        .send_keys("Lighthouse keeper retires")
        .await
        .unwrap();
    b.find(css("#body"))
        .await
        .unwrap()
        .send_keys("After forty winters on the point.")
        .await
        .unwrap();
    assert_eq!(
        browser.js(clean_leave).await,
        serde_json::Value::Bool(true),
        "leaving with unsaved changes asks first"
    );

    // The tab is lost; the editor opens the story again in another.
    let tab = b.new_window(true).await.unwrap();
    b.switch_to_window(tab.handle).await.unwrap();
    b.goto(&server.url("/newsroom/articles/new")).await.unwrap();
    assert!(
        browser
            .wait_until(
                "return !document.getElementById('restore-draft').hidden",
                10
            )
            .await,
        "the editor offers the unsaved changes back"
    );
    b.find(css("#restore-yes"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        browser
            .js("return document.getElementById('headline').value")
            .await,
        "Lighthouse keeper retires"
    );
    assert_eq!(
        browser
            .js("return document.getElementById('body').value")
            .await,
        "After forty winters on the point."
    );
    // Saving clears the kept copy: the next visit offers nothing.
    b.find(css("#save")).await.unwrap().click().await.unwrap();
    assert!(
        browser
            .wait_until("return location.search === '?saved=1'", 10)
            .await,
        "saved"
    );
    b.goto(&server.url("/newsroom/articles/new")).await.unwrap();
    assert_eq!(
        browser
            .js("return document.getElementById('restore-draft').hidden")
            .await,
        serde_json::Value::Bool(true)
    );
    browser.close().await;
}
