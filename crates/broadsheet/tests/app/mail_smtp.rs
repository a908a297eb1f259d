//! The SMTP path: a password-reset mail travels over a real SMTP conversation to a tiny
//! server on loopback written here, and the outbox records it as sent.

use crate::common;

use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

on_both_engines!(reset_mail_is_delivered_over_smtp);

/// A message as the server received it: the envelope and the DATA text.
struct Received {
    from: String,
    to: Vec<String>,
    data: String,
}

/// Accepts SMTP connections on a loopback port and forwards each message received.
async fn smtp_server() -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
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
    (port, rx)
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
