//! End to end in headless Chromium: an administrator writes and publishes a page and puts
//! it in the footer menu; a signed-out reader on a phone-width window follows the footer
//! link to it.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;

on_both_engines!(a_reader_on_a_phone_follows_the_footer_link_to_a_new_page);

async fn a_reader_on_a_phone_follows_the_footer_link_to_a_new_page(db: &TestDb) {
    let server = Server::start(&db.url).await;
    server.user_with_token("chief@example.org", "admin");
    let Some(browser) = Browser::start().await else {
        return;
    };
    let b = &browser.client;
    let css = Locator::Css;
    b.goto(&server.url("/login")).await.unwrap();
    assert!(browser.submit_login("chief@example.org").await);

    b.goto(&server.url("/newsroom/pages/new")).await.unwrap();
    let type_into = |sel: &'static str, text: &'static str| async move {
        b.find(css(sel))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    };
    type_into("#title", "Tip line").await;
    type_into("#slug", "tip-line").await;
    type_into("#body", "## Call us\n\nThe tip line is *always* open.").await;
    assert!(
        browser
            .wait_until("var h = document.querySelector('#preview-body h2'); return h !== null && h.textContent === 'Call us'", 10)
            .await,
        "the article editor's live preview works for pages"
    );
    b.find(css("#save-page"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        browser
            .wait_until("return location.search === '?saved=1'", 10)
            .await
    );
    b.find(css("#publish-page"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        browser
            .wait_until(
                "return document.getElementById('withdraw-page') !== null",
                10
            )
            .await
    );

    // Into the footer menu, through the navigation form.
    b.goto(&server.url("/newsroom/navigation")).await.unwrap();
    let added = browser
        .js(
            "var f = document.querySelector('#menu-footer form[action=\"/newsroom/navigation/add\"]');
             f.querySelector('input[value=page]').checked = true;
             var pick = f.querySelector('select[name=page_id]');
             var option = Array.from(pick.options).find(function (o) { return o.text === 'Tip line'; });
             if (!option) { return false; }
             pick.value = option.value;
             f.querySelector('input[name=label_en]').value = 'Send us a tip';
             f.submit();
             return true;",
        )
        .await;
    assert_eq!(added, serde_json::Value::Bool(true));
    assert!(
        browser
            .wait_until("return Array.from(document.querySelectorAll('#menu-footer .nr-menu-label')).some(function (e) { return e.textContent === 'Send us a tip'; })", 10)
            .await,
        "the item is in the footer menu"
    );

    // A signed-out reader on a phone.
    b.delete_all_cookies().await.unwrap();
    b.set_window_size(390, 844).await.unwrap();
    b.goto(&server.url("/")).await.unwrap();
    let link = b
        .find(css(".footer-menu a[href='/pages/tip-line']"))
        .await
        .unwrap();
    assert_eq!(link.text().await.unwrap(), "Send us a tip");
    link.click().await.unwrap();
    assert!(
        browser
            .wait_until("return location.pathname === '/pages/tip-line'", 10)
            .await
    );
    assert!(
        browser
            .wait_until("var e = document.querySelector('.article-body em'); return e !== null && e.textContent === 'always'", 10)
            .await,
        "the page is readable"
    );
    let fits = browser
        .js("return document.documentElement.scrollWidth <= window.innerWidth + 1;")
        .await;
    assert_eq!(
        fits,
        serde_json::Value::Bool(true),
        "no sideways scrolling on a phone"
    );
    browser.close().await;
}
