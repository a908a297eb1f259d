//! The SMTP path: a password-reset mail travels over a real SMTP conversation to a tiny
//! server on loopback written here, and the outbox records it as sent. A delivery that
//! fails is retried later by one node only, and the sent message's link is removed from
//! the outbox.

use crate::common;

use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use common::smtp::{Mode, serve_smtp};
use std::time::Duration;
use tokio::net::TcpListener;

use broadsheet::config::DataConfig;
use broadsheet::mail::delivery::{REDACTED, retry_due};
use broadsheet::mail::{Mail, Mailer};
use broadsheet::state::{AppState, SiteOptions};
use broadsheet_store::{OutboxMessage, Store};
use std::sync::Arc;

on_both_engines!(
    reset_mail_is_delivered_over_smtp,
    a_failed_delivery_is_retried_by_one_node_and_its_link_removed_once_sent,
    a_message_is_given_up_after_its_last_retry,
);

pub(crate) use common::smtp::smtp_server;

async fn reset_mail_is_delivered_over_smtp(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let mut app = TestApp::with_demo_and_smtp(db, &format!("smtp://127.0.0.1:{port}")).await;
    app.sign_in_as(Role::Reader, "mailme@example.org").await;
    let page = app
        .submit("/password/forgot", &[("email", "mailme@example.org")])
        .await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    let got = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .expect("the mail arrives within 10 s")
        .expect("a message");
    assert_eq!(got.from, "<noreply@example.org>");
    assert_eq!(got.to, ["<mailme@example.org>"]);
    assert!(
        got.data.contains("Subject: Choose a new password"),
        "{}",
        got.data
    );
    assert!(got.data.contains("/password/reset/"), "{}", got.data);
    // The outbox keeps the record, marked sent.
    let mut sent = None;
    for _ in 0..50 {
        let m = app
            .store
            .outbox(Some("mailme@example.org"), 1)
            .await
            .unwrap()
            .remove(0);
        if m.sent_at.is_some() {
            sent = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let m = sent.expect("marked sent");
    assert_eq!((m.transport.as_str(), m.error), ("smtp", None));
}

/// A node's state sending over SMTP to `port` on loopback.
pub(crate) async fn node(db: &TestDb, port: u16) -> AppState {
    let store = Store::open(&db.url).await.unwrap();
    let data = DataConfig::new(std::env::temp_dir(), Some("sqlite::memory:".into())).unwrap();
    let mut state = AppState::new(store, data, SiteOptions::local()).unwrap();
    let url = format!("smtp://127.0.0.1:{port}");
    let tls = broadsheet::tls::OutgoingTls::system();
    let mailer = Mailer::smtp(&url, "Test <noreply@example.org>", &tls).unwrap();
    state.configure().mailer = Arc::new(mailer);
    state
}

/// A loopback port where nothing listens (yet).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn reset_mail(token: &str) -> Mail {
    Mail {
        to: "reader@example.org".into(),
        subject: "Choose a new password".into(),
        body: format!("Choose a new password: https://news.example/password/reset/{token}\n"),
        kind: "reset",
        ..Default::default()
    }
}

/// The outbox's only message once `done` holds for it (the first try runs in the
/// background).
async fn outbox_once(state: &AppState, done: impl Fn(&OutboxMessage) -> bool) -> OutboxMessage {
    for _ in 0..200 {
        let mut all = state.store.outbox(None, 10).await.unwrap();
        assert_eq!(all.len(), 1);
        if done(&all[0]) {
            return all.remove(0);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the delivery was never recorded");
}

async fn a_failed_delivery_is_retried_by_one_node_and_its_link_removed_once_sent(db: &TestDb) {
    let port = closed_port();
    let first = node(db, port).await;
    let token = "ab".repeat(32);
    first
        .mailer
        .send(&first.store, reset_mail(&token))
        .await
        .unwrap();
    // Nothing listens: the first try fails and a retry is planned a minute on.
    let failed = outbox_once(&first, |m| m.attempts == 1).await;
    assert!(failed.sent_at.is_none() && failed.error.is_some());
    let retry_at = failed.next_attempt_at.expect("a retry is planned");
    assert!(retry_at >= failed.created_at + 60);
    assert_eq!(
        retry_due(&first, retry_at - 1).await.unwrap(),
        0,
        "not due yet"
    );

    // A claim keeps the message from every other node until it lapses (a node that died
    // mid-send): then another node takes it.
    let second = node(db, port).await;
    let claimed = first.store.claim_due_messages(retry_at, 300, 10).await;
    assert_eq!(claimed.unwrap().len(), 1);
    let again = second
        .store
        .claim_due_messages(retry_at + 299, 300, 10)
        .await;
    assert!(again.unwrap().is_empty(), "claimed by the first node");
    let lapsed = retry_at + 300;

    // The mail server is back; two nodes look for due mail at the same moment.
    let mut inbox = serve_smtp(
        TcpListener::bind(("127.0.0.1", port)).await.unwrap(),
        Mode::Plain,
    );
    let (a, b) = tokio::join!(retry_due(&first, lapsed), retry_due(&second, lapsed));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one node sends it");
    let got = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .expect("the retry arrives")
        .expect("a message");
    // (Long lines travel quoted-printable, broken with soft "=" line ends.)
    let text = got.data.replace("=\n", "");
    assert!(
        text.contains(&token),
        "the reader gets the link: {}",
        got.data
    );
    let sent = outbox_once(&first, |m| m.sent_at.is_some()).await;
    assert_eq!(
        (sent.attempts, sent.error, sent.next_attempt_at),
        (2, None, None)
    );
    assert!(!sent.body.contains(&token), "{}", sent.body);
    assert!(sent.body.contains(REDACTED), "{}", sent.body);
    assert_eq!(retry_due(&first, lapsed + 86_400).await.unwrap(), 0);
}

async fn a_message_is_given_up_after_its_last_retry(db: &TestDb) {
    let state = node(db, closed_port()).await;
    state
        .mailer
        .send(&state.store, reset_mail(&"cd".repeat(32)))
        .await
        .unwrap();
    let mut message = outbox_once(&state, |m| m.attempts == 1).await;
    while let Some(at) = message.next_attempt_at {
        assert_eq!(retry_due(&state, at).await.unwrap(), 1);
        message = outbox_once(&state, |_| true).await;
        assert!(message.attempts <= 6, "given up after six tries");
    }
    assert_eq!(message.attempts, 6);
    assert!(message.sent_at.is_none() && message.error.is_some());
    assert!(
        message.body.contains(&"cd".repeat(32)),
        "an unsent link stays readable"
    );
}
