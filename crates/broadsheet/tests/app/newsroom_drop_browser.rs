//! Drag-and-drop of the lead image in headless Chromium: an image file dropped on the
//! editor's lead-image box is uploaded to the media library with the form's token and
//! becomes the lead image, with its thumbnail, and the story saves with it.

use crate::common;

use broadsheet_store::Store;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::Locator;
use image::{ImageFormat, RgbImage};

on_both_engines!(a_dropped_image_becomes_the_lead_image);

fn png() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 36, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Drops a file made of `bytes` on the element `#id`, as a browser does for a real drag.
const DROP: &str = "const [bytes, id] = arguments;
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'quay.png', { type: 'image/png' }));
    const target = document.getElementById(id);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
    return true;";

async fn a_dropped_image_becomes_the_lead_image(db: &TestDb) {
    let server = Server::start(&db.url).await;
    server.user_with_token("dropper@example.org", "editor");
    let store = Store::open(&db.url).await.unwrap();
    let media_before = store.list_media(100).await.unwrap().len();
    let Some(browser) = Browser::start().await else {
        return;
    };
    let b = &browser.client;
    b.goto(&server.url("/login")).await.unwrap();
    assert!(browser.submit_login("dropper@example.org").await);
    b.goto(&server.url("/newsroom/articles/new")).await.unwrap();
    assert_eq!(
        browser
            .js("return document.querySelector('#lead-drop .nr-drop-hint').hidden")
            .await,
        false,
        "the box says files can be dropped on it"
    );
    b.find(Locator::Css("#headline"))
        .await
        .unwrap()
        .send_keys("Quay lights relit")
        .await
        .unwrap();
    b.find(Locator::Css("#image_alt"))
        .await
        .unwrap()
        .send_keys("The quay at dusk")
        .await
        .unwrap();
    b.execute(
        DROP,
        vec![serde_json::json!(png()), serde_json::json!("lead-drop")],
    )
    .await
    .unwrap();
    assert!(
        browser
            .wait_until(
                "return document.getElementById('lead_image').value.startsWith('/media/')",
                15
            )
            .await,
        "the upload became the lead image: {}",
        browser
            .js("return document.getElementById('lead-drop-status').textContent")
            .await
    );
    let url = browser
        .js("return document.getElementById('lead_image').value")
        .await;
    let url = url.as_str().unwrap().to_string();
    assert_eq!(
        browser
            .js("return document.getElementById('lead-thumb').hidden")
            .await,
        false
    );
    assert!(
        browser
            .js("return document.getElementById('lead-drop-status').textContent")
            .await
            .as_str()
            .unwrap()
            .starts_with("Uploaded")
    );
    let media = store.list_media(100).await.unwrap();
    assert_eq!(media.len(), media_before + 1, "one image in the library");
    assert_eq!(media[0].alt, "The quay at dusk");
    // The story saves with it.
    b.find(Locator::Css("#save"))
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
    assert_eq!(
        browser
            .js("return document.getElementById('lead_image').value")
            .await,
        url.as_str()
    );
    browser.close().await;
}
