//! A reader in headless Chromium against a real server: the front page, an article, and
//! a page that runs with the strict Content-Security-Policy without complaint.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;

on_both_engines!(a_reader_opens_the_front_page_and_an_article);

async fn a_reader_opens_the_front_page_and_an_article(db: &TestDb) {
    let server = Server::start(&db.url).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let b = &browser.client;
    b.goto(&server.url("/")).await.unwrap();
    assert!(b.title().await.unwrap().contains("The Harbour Ledger"));
    // The stylesheet loaded under the CSP (the masthead is centred by it).
    let align = browser
        .js("return getComputedStyle(document.querySelector('.masthead')).textAlign")
        .await;
    assert_eq!(align, "center");
    let link = b.find(Locator::Css("main h2 a, main h3 a")).await.unwrap();
    let headline = link.text().await.unwrap();
    link.click().await.unwrap();
    assert!(
        browser
            .wait_until("return document.querySelector('h1') !== null", 10)
            .await
    );
    let h1 = b
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, headline, "the article opened is the one clicked");
    browser.close().await;
}
