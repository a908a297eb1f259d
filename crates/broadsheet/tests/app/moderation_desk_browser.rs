//! The moderation desk acts in place, in headless Chromium with the Turkish UI: two
//! decisions in a row by keyboard (j, a, then r) without a page load, the decided rows
//! gone, the selection on the next one and the outcome announced in Turkish; a decision
//! the server refuses leaves its row where it was, with the error beside it.

use crate::common;

use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::{CommentStatus, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::browser::Browser;
use common::server::Server;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};

on_both_engines!(two_keyboard_decisions_without_a_page_load);

/// Presses keys as a person would, one after another, on whatever has focus.
async fn press(b: &Browser, keys: &str) {
    let mut seq = KeyActions::new("keyboard".into());
    for value in keys.chars() {
        seq = seq
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    b.client.perform_actions(seq).await.unwrap();
}

async fn two_keyboard_decisions_without_a_page_load(db: &TestDb) {
    let server = Server::start(&db.url).await;
    server.user_with_token("desk@example.org", "moderator");
    let store = Store::open(&db.url).await.unwrap();
    let article = store
        .listing(broadsheet_store::Listing::All, None, 1)
        .await
        .unwrap()
        .remove(0);
    let email = EmailAddress::parse("held@example.org").unwrap();
    let reader = store
        .create_user(&email, "Harbour Reader", Role::Reader, None)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for text in ["First held", "Second held", "Third held"] {
        let html = format!("<p>{text}</p>");
        let pair = (article.id, reader.id);
        let id =
            common::store_comment(&store, pair, CommentStatus::Pending, (text, &html), "[]").await;
        ids.push(id);
    }
    let Some(b) = Browser::start().await else {
        return;
    };
    b.client.goto(&server.url("/login")).await.unwrap();
    b.js("document.cookie = 'bs_lang=tr; path=/'; return true")
        .await;
    b.client.goto(&server.url("/login")).await.unwrap();
    assert!(b.submit_login("desk@example.org").await, "signed in");
    b.client
        .goto(&server.url("/newsroom/moderation?queue=pending&order=oldest"))
        .await
        .unwrap();
    assert!(
        b.wait_until("return document.readyState === 'complete'", 10)
            .await
    );
    // A page load would forget this.
    b.js("window.deskMarker = 'same page'; return true").await;

    press(&b, "ja").await;
    let gone = |id: i64| format!("return !document.getElementById('c{id}')");
    assert!(
        b.wait_until(&gone(ids[0]), 10).await,
        "the approved row left: {}",
        b.js("return [document.activeElement.id, document.getElementById('mod-live').textContent, document.body.innerText.slice(0, 600)].join(' | ')").await
    );
    assert!(
        b.wait_until(
            "return document.getElementById('mod-live').textContent.includes('onaylandı')",
            10
        )
        .await,
        "announced in Turkish: {}",
        b.js("return document.getElementById('mod-live').outerHTML")
            .await
    );
    // The selection moved to the next row: r rejects it without another j.
    press(&b, "r").await;
    assert!(
        b.wait_until(&gone(ids[1]), 10).await,
        "the rejected row left"
    );
    assert!(
        b.wait_until(
            "return document.getElementById('mod-live').textContent.includes('reddedildi')",
            10
        )
        .await
    );
    assert_eq!(b.js("return window.deskMarker || null").await, "same page");
    assert_eq!(
        b.js("return location.search").await,
        "?queue=pending&order=oldest",
        "no notice in the address"
    );
    let third = format!("c{}", ids[2]);
    assert_eq!(
        b.js("return document.activeElement.id").await,
        third.as_str()
    );
    assert_eq!(
        b.js("return document.getElementById('mod-live').getAttribute('role')")
            .await,
        "status"
    );
    let status = |id: i64| {
        let store = store.clone();
        async move { store.comment(id).await.unwrap().unwrap().status }
    };
    assert_eq!(status(ids[0]).await, CommentStatus::Visible);
    assert_eq!(status(ids[1]).await, CommentStatus::Rejected);

    // A refused decision (here a stale form token) keeps the row and says why at it.
    b.js(&format!(
        "document.querySelector('#{third} form.mod-actions input[name=csrf]').value = 'stale'; return true"
    ))
    .await;
    press(&b, "a").await;
    let error = format!("return !!document.querySelector('#{third} .mod-row-error')");
    assert!(
        b.wait_until(&error, 10).await,
        "the error is shown at the row"
    );
    assert!(
        b.js("return document.getElementById('mod-live').textContent.startsWith('Karar kaydedilmedi')")
            .await
            == true
    );
    assert_eq!(
        b.js(&format!("return !!document.getElementById('{third}')"))
            .await,
        true
    );
    assert_eq!(status(ids[2]).await, CommentStatus::Pending);
    assert_eq!(b.js("return window.deskMarker || null").await, "same page");
    b.close().await;
}
