//! Guest comments in headless Chromium against a real server, on both engines: with guest
//! posting switched on, a visitor without an account or any cookie gets the cached
//! anonymous article page and posts a comment with a name and an email address; it is
//! stored and the guest is back on the article, not on a "forged form" page.

use crate::comments_browser::{click, fill};
use crate::common;

use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use common::sql;

on_both_engines!(a_guest_posts_a_comment_from_the_cached_article_page);

const GUEST_NAME: &str = "Deniz from the harbour";
const GUEST_BODY: &str = "The later ferry on Sundays will help shift workers a great deal.";

async fn a_guest_posts_a_comment_from_the_cached_article_page(db: &TestDb) {
    let server = Server::start(&db.url).await;
    let store = broadsheet_store::Store::open(&db.url).await.unwrap();
    store
        .set_setting("comments.guest_posting", "on")
        .await
        .unwrap();
    let Some(guest) = Browser::start().await else {
        return;
    };
    let (_, article) = sql::first_article(&db.url).await;
    // Another visitor loads the page first, so the guest is served the cached copy.
    let first = reqwest::get(server.url(&article)).await.unwrap();
    assert_eq!(first.status(), 200);

    guest.client.goto(&server.url(&article)).await.unwrap();
    fill(&guest, "#guest-name", GUEST_NAME).await;
    fill(&guest, "#guest-email", "deniz@example.org").await;
    fill(&guest, "#comment-body", GUEST_BODY).await;
    click(&guest, "form.comment-form button[type=submit]").await;
    let stored = "SELECT status FROM comments WHERE guest_name = $1";
    let mut status = None;
    for _ in 0..100 {
        status = sql::text(&db.url, stored, GUEST_NAME).await;
        if status.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let page = guest.js("return document.body.innerText").await;
    let page = page.as_str().unwrap_or_default();
    // Guests' comments wait for a moderator (or show at once, as the site's policy says).
    assert!(
        matches!(status.as_deref(), Some("pending" | "visible")),
        "not stored ({status:?}); the guest saw: {page}"
    );
    assert!(
        !page.contains("did not come from this site"),
        "refused as a forged form: {page}"
    );
    guest.close().await;
}
