//! A comment made of one 600-character word and a long URL, by a reader whose display name
//! is one 80-character word, wraps inside its box in headless Chromium at phone and
//! desktop widths: on the moderation desk, where it waits for review, and under the
//! article, where another one is shown. A long reason for rejecting it wraps in the audit
//! log's table. Nothing scrolls sideways.

use crate::common;

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{CommentStatus, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;

on_both_engines!(long_words_wrap_on_the_desk_and_under_the_article);

/// Phone and desktop windows (outer size; the test reads the inner width back).
const WINDOWS: [(u32, u32); 2] = [(390, 844), (1280, 800)];

/// One word of 600 letters, then a long link, as a reader might paste them.
fn long_body() -> String {
    let word = format!("Harbour{}", "o".repeat(593));
    let url = format!(
        "https://example.org/ferries/{}?timetable={}",
        "night-crossing-".repeat(12),
        "9".repeat(120)
    );
    format!("{word}\n\n{url} [{url}]({url})")
}

async fn store_comment(store: &Store, article: i64, author: i64, status: CommentStatus) -> i64 {
    let body = long_body();
    let html = broadsheet::comments::format::render(&body);
    common::store_comment(store, (article, author), status, (&body, &html), "[]").await
}

/// JavaScript finding the first element that matches a CSS selector.
fn css(selector: &str) -> String {
    format!("document.querySelector({selector:?})")
}

/// Asserts, in every window size, that the page does not scroll sideways and that the
/// element the JavaScript expression `element` finds (and its text) fits inside its parent.
async fn assert_fits(b: &Browser, url: &str, element: &str, page: &str) {
    for (w, h) in WINDOWS {
        b.client.set_window_size(w, h).await.unwrap();
        b.client.goto(url).await.unwrap();
        let script = format!(
            "const el = {element};
             if (!el) return null;
             const box = el.getBoundingClientRect(), parent = el.parentElement.getBoundingClientRect();
             return {{ inner: window.innerWidth, page: document.documentElement.scrollWidth,
                       width: box.width, parent: parent.width, right: box.right, parentRight: parent.right,
                       content: el.scrollWidth, client: el.clientWidth }};"
        );
        let m = b.js(&script).await;
        assert!(!m.is_null(), "{page}: no {element} on {url}");
        let n = |k: &str| m[k].as_f64().unwrap();
        let at = format!("{page} at {w}x{h}: {m}");
        if w < 500 {
            assert!(n("inner") < 500.0, "a phone-sized viewport, {at}");
        }
        assert!(n("page") <= n("inner"), "no sideways scroll, {at}");
        assert!(
            n("width") <= n("parent") + 0.5,
            "not wider than its container, {at}"
        );
        assert!(
            n("right") <= n("parentRight") + 0.5,
            "inside its container, {at}"
        );
        assert!(
            n("content") <= n("client"),
            "its text wraps inside it, {at}"
        );
    }
}

async fn long_words_wrap_on_the_desk_and_under_the_article(db: &TestDb) {
    let server = Server::start(&db.url).await;
    server.user_with_token("desk@example.org", "moderator");
    let store = Store::open(&db.url).await.unwrap();
    let article = store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()
        .remove(0);
    let email = EmailAddress::parse("longwords@example.org").unwrap();
    // The longest name sign-up allows, in one word: it sits in the comment's flex header.
    let name: String = "Harbourwatcher".repeat(6).chars().take(80).collect();
    let reader = store
        .create_user(&email, &name, Role::Reader, None)
        .await
        .unwrap();
    let held = store_comment(&store, article.id, reader.id, CommentStatus::Pending).await;
    let shown = store_comment(&store, article.id, reader.id, CommentStatus::Visible).await;
    let Some(b) = Browser::start().await else {
        return;
    };

    // Anyone can read the article with the visible comment under it.
    let path = format!("/{}/{}", article.section_slug, article.slug);
    let url = server.url(&path);
    let body = css(&format!("#c-{shown} .comment-body"));
    assert_fits(&b, &url, &body, "the comment body").await;
    let comment = css(&format!("#c-{shown}"));
    assert_fits(&b, &url, &comment, "the comment").await;

    // A moderator signs in and finds the held one on the desk.
    b.client.goto(&server.url("/login")).await.unwrap();
    for (field, text) in [
        ("#email", "desk@example.org"),
        ("#password", common::PASSWORD),
    ] {
        let field = b.client.find(Locator::Css(field)).await.unwrap();
        field.send_keys(text).await.unwrap();
    }
    let submit = "form[action='/login'] button[type=submit]";
    b.client
        .find(Locator::Css(submit))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let signed_in =
        "return document.readyState === 'complete' && !location.pathname.startsWith('/login')";
    assert!(b.wait_until(signed_in, 10).await, "signed in");
    let desk = server.url("/newsroom/moderation");
    assert_fits(
        &b,
        &desk,
        &css(&format!("#c{held} .mod-body")),
        "the held body",
    )
    .await;
    assert_fits(&b, &desk, &css(&format!("#c{held}")), "the desk item").await;

    // Rejected with a pasted link as the reason, which the audit log shows in a table.
    let reason = format!("See https://example.org/guidelines/{}", "spam-".repeat(80));
    let field = b
        .client
        .find(Locator::Css(&format!("#reason-{held}")))
        .await
        .unwrap();
    field.send_keys(&reason).await.unwrap();
    let reject = format!("#c{held} button[value=reject]");
    b.client
        .find(Locator::Css(&reject))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The desk decides in place: the row leaves without a page load.
    let done = format!("return !document.getElementById('c{held}')");
    assert!(b.wait_until(&done, 10).await, "rejected");
    let audit = server.url("/newsroom/moderation/audit");
    let cell = "[...document.querySelectorAll('.nr-table td')].find(td => td.textContent.includes('/guidelines/'))";
    assert_fits(&b, &audit, cell, "the audit log's reason").await;
    b.close().await;
}
