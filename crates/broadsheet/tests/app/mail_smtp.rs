//! The SMTP path: a password-reset mail travels over a real SMTP conversation to a tiny
//! server on loopback written here, and the outbox records it as sent. A delivery that
//! fails is retried later by one node only, and the sent message's link is removed from
//! the outbox.

use crate::common;

use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

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

/// A message as the server received it: the envelope and the DATA text.
pub(crate) struct Received {
    pub(crate) from: String,
    pub(crate) to: Vec<String>,
    pub(crate) data: String,
}

/// Accepts SMTP connections on a loopback port and forwards each message received.
pub(crate) async fn smtp_server() -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, serve_smtp(listener))
}

/// The SMTP conversation on `listener`, each message received sent to the receiver.
fn serve_smtp(listener: TcpListener) -> mpsc::Receiver<Received> {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut msg = Received {
                    from: String::new(),
                    to: Vec::new(),
                    data: String::new(),
                };
                write.write_all(b"220 loopback test SMTP\r\n").await.ok()?;
                while let Some(line) = lines.next_line().await.ok()? {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 loopback\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        msg.from = line[10..].trim().to_string();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        msg.to.push(line[8..].trim().to_string());
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        write.write_all(b"354 end with .\r\n").await.ok()?;
                        while let Some(l) = lines.next_line().await.ok()? {
                            if l == "." {
                                break;
                            }
                            msg.data.push_str(&l);
                            msg.data.push('\n');
                        }
                        let done = std::mem::replace(
                            &mut msg,
                            Received {
                                from: String::new(),
                                to: Vec::new(),
                                data: String::new(),
                            },
                        );
                        tx.send(done).await.ok()?;
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.ok()?;
                        return Some(());
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    rx
}

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
    state.configure().mailer = Arc::new(Mailer::smtp(&url, "Test <noreply@example.org>").unwrap());
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
    let mut inbox = serve_smtp(TcpListener::bind(("127.0.0.1", port)).await.unwrap());
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
