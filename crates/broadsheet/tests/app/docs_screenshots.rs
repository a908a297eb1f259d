//! Not a check but a tool: draws the README's pictures of the newsroom into
//! docs/screenshots/ from the demo site in headless Chromium (the editor, the full
//! preview at desktop and phone widths, and the moderation desk). Run `scripts/screenshots`.

use crate::common;

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{CommentStatus, Store};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;
use std::path::PathBuf;

const REASONS: &str = r#"[{"category":"rude","rule":"insult:second-person","message_en":"Insults another reader","message_tr":"Başka bir okura hakaret","span":[0,5],"excerpt":"clown"}]"#;

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots")
}

async fn shoot(b: &Browser, (w, h): (u32, u32), name: &str) {
    b.client.set_window_size(w, h).await.unwrap();
    assert!(
        b.wait_until("return document.readyState === 'complete'", 10)
            .await
    );
    // Let images and the live preview settle before the picture is taken.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let png = b.client.screenshot().await.unwrap();
    std::fs::create_dir_all(out_dir()).unwrap();
    std::fs::write(out_dir().join(name), png).unwrap();
}

/// Comments waiting on the desk: one the screener held, one readers reported.
async fn desk_work(store: &Store) {
    let article = store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()
        .remove(0);
    let email = EmailAddress::parse("ferry.fan@example.org").unwrap();
    let reader = store
        .create_user(&email, "Deniz Kaya", Role::Reader, None)
        .await
        .unwrap();
    let comments = [
        (
            "Only a clown would call this timetable an improvement.",
            REASONS,
        ),
        ("Will the night ferry stop at the old pier again?", "[]"),
        ("The harbour master said the same thing last spring.", "[]"),
    ];
    for (text, reasons) in comments {
        let html = format!("<p>{text}</p>");
        let pair = (article.id, reader.id);
        common::store_comment(store, pair, CommentStatus::Pending, (text, &html), reasons).await;
    }
}

#[tokio::test]
#[ignore = "draws docs/screenshots; run scripts/screenshots"]
async fn docs_screenshots() {
    let db = broadsheet_testkit::sqlite();
    let server = Server::start(&db.url).await;
    server.user_with_token("chief@example.org", "admin");
    let store = Store::open(&db.url).await.unwrap();
    desk_work(&store).await;
    let article = store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()
        .remove(0);
    let b = Browser::start().await.expect("Chromium is installed");
    b.client.goto(&server.url("/login")).await.unwrap();
    assert!(b.submit_login("chief@example.org").await);

    b.client
        .goto(&server.url(&format!("/newsroom/articles/{}", article.id)))
        .await
        .unwrap();
    shoot(&b, (1280, 1500), "editor.png").await;

    // The full preview opens in a new tab, with its desktop/phone toggle.
    let preview = "form#editor button[formaction='/newsroom/preview']";
    b.client
        .find(Locator::Css(preview))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let windows = b.client.windows().await.unwrap();
    b.client
        .switch_to_window(windows.last().unwrap().clone())
        .await
        .unwrap();
    shoot(&b, (1280, 1100), "preview-desktop.png").await;
    b.client
        .find(Locator::Css("button[data-preview-width='phone']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shoot(&b, (1280, 1100), "preview-phone.png").await;
    b.client.close_window().await.unwrap();
    b.client.switch_to_window(windows[0].clone()).await.unwrap();

    b.client
        .goto(&server.url("/newsroom/moderation"))
        .await
        .unwrap();
    shoot(&b, (1280, 1100), "moderation-desk.png").await;
    b.close().await;
}
