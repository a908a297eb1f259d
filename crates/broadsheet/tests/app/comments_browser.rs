//! A reader's whole comment path in headless Chromium against a real server: sign up
//! with a hostile display name, verify by the emailed link, sign in, comment, reply and
//! like; a second browser sees the new comment arrive live; no injected script runs.

use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use common::sql;
use fantoccini::Locator;

const PASSWORD: &str = "correct horse battery";
const HOSTILE_NAME: &str = "Mara<img src=x onerror=window.__xss=1>";
const HOSTILE_BODY: &str = "The ferry plan seems fair to me. <script>window.__xss=1</script><img src=x onerror=window.__xss=1> [see](javascript:window.__xss=1)";

on_both_engines!(a_reader_signs_up_comments_replies_and_others_see_it_live);

pub async fn fill(b: &Browser, css: &str, text: &str) {
    let field = b
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub async fn click(b: &Browser, css: &str) {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// No injected script ran and no handler attribute made it into the page.
async fn assert_no_injection(b: &Browser, page: &str) {
    let ran = b.js("return window.__xss === undefined && document.querySelectorAll('[onerror],[onload],a[href^=\"javascript\"]').length === 0").await;
    assert_eq!(ran, true, "script injection on {page}");
}

async fn a_reader_signs_up_comments_replies_and_others_see_it_live(db: &TestDb) {
    let server = Server::start(&db.url).await;
    let Some(reader) = Browser::start().await else {
        return;
    };
    let (_, article) = sql::first_article(&db.url).await;

    reader.client.goto(&server.url("/signup")).await.unwrap();
    fill(&reader, "#name", HOSTILE_NAME).await;
    fill(&reader, "#email", "mara@example.org").await;
    fill(&reader, "#password", PASSWORD).await;
    click(&reader, "form[action='/signup'] button[type=submit]").await;
    assert!(
        reader
            .wait_until("return document.readyState === 'complete'", 10)
            .await
    );

    // The form's submission runs apart from this test: wait for the mail to be written.
    let mut mail = None;
    for _ in 0..100 {
        let query = "SELECT body FROM outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1";
        mail = sql::text(&db.url, query, "mara@example.org").await;
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = mail.expect("a verification mail in the outbox");
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/verify/"))
        .expect("a verification link")
        .to_string();
    let path = &link[link.find("/verify/").unwrap()..];
    reader.client.goto(&server.url(path)).await.unwrap();

    reader.client.goto(&server.url("/login")).await.unwrap();
    fill(&reader, "#email", "mara@example.org").await;
    fill(&reader, "#password", PASSWORD).await;
    click(&reader, "form[action='/login'] button[type=submit]").await;
    assert!(
        reader
            .wait_until("return !location.pathname.startsWith('/login')", 10)
            .await,
        "signed in"
    );

    reader.client.goto(&server.url(&article)).await.unwrap();
    fill(&reader, "#comment-body", HOSTILE_BODY).await;
    click(&reader, ".comment-form button[type=submit]").await;
    let posted = "return [...document.querySelectorAll('.comment-body')].some(e => e.textContent.includes('The ferry plan seems fair'))";
    assert!(
        reader.wait_until(posted, 10).await,
        "the comment is on the page"
    );
    assert_no_injection(&reader, "the article after commenting").await;
    let author = reader
        .js("return document.querySelector('.comment-author').textContent")
        .await;
    assert!(
        author.as_str().unwrap().contains("<img"),
        "the hostile name shows as text: {author}"
    );

    // A like counts once.
    click(&reader, ".like-button").await;
    assert!(reader.wait_until("return document.readyState === 'complete' && document.querySelector('.comment-likes') !== null", 10).await);

    // A second reader has the article open; a new comment arrives without a reload.
    let Some(watcher) = Browser::start().await else {
        return;
    };
    watcher.client.goto(&server.url(&article)).await.unwrap();
    assert!(
        watcher
            .wait_until(
                "return document.querySelector('[data-comments]') !== null",
                10
            )
            .await
    );
    watcher.js("window.__marker = 'still the same page'").await;
    reader.client.goto(&server.url(&article)).await.unwrap();
    fill(
        &reader,
        "#comment-body",
        "A second thought: the late sailing matters for shift workers.",
    )
    .await;
    click(&reader, ".comment-form button[type=submit]").await;
    let arrived = "return window.__marker === 'still the same page' && [...document.querySelectorAll('.comment-body')].some(e => e.textContent.includes('shift workers'))";
    assert!(
        watcher.wait_until(arrived, 15).await,
        "the watcher saw the new comment live"
    );
    assert_no_injection(&watcher, "the watcher's article page").await;

    // Reply to the first comment through its reply link and form.
    reader.client.goto(&server.url(&article)).await.unwrap();
    click(&reader, ".comment-reply").await;
    assert!(
        reader
            .wait_until(
                "return document.querySelector('textarea[name=body]') !== null",
                10
            )
            .await
    );
    fill(
        &reader,
        "textarea[name=body]",
        "Replying to myself: I checked the timetable again.",
    )
    .await;
    reader.js("document.querySelector('textarea[name=body]').form.querySelector('button[type=submit]:not(.secondary)').click()").await;
    let replied = "return [...document.querySelectorAll('.comment-body')].some(e => e.textContent.includes('checked the timetable again'))";
    if !reader.wait_until(replied, 10).await {
        let html = reader.client.source().await.unwrap();
        panic!(
            "the reply is not shown at {}: {}",
            reader.client.current_url().await.unwrap(),
            &html[html.len().saturating_sub(3000)..]
        );
    }
    assert_no_injection(&reader, "the thread").await;
    watcher.close().await;
    reader.close().await;
}
