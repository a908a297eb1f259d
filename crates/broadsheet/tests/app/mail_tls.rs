//! Mail over TLS: a reader's verification mail reaches a loopback SMTP server that
//! speaks STARTTLS, and one that speaks TLS from the first byte, signed in with the
//! URL's account; a server whose certificate is not trusted gets nothing, and the
//! failure is recorded for a retry.

use crate::common;

use axum::http::StatusCode;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use common::smtp::{Mode, Received, smtp_server_with};
use common::tls::TestCert;
use std::time::Duration;

on_both_engines!(
    verification_mail_travels_over_starttls_after_the_login,
    verification_mail_travels_over_implicit_tls,
    an_untrusted_certificate_gets_no_mail_and_the_send_waits_for_a_retry,
);

const READER: &str = "tls.reader@example.org";
/// base64 of "\0ann\0s3cret": the AUTH PLAIN answer for the URL's account.
const LOGIN: &str = "AGFubgBzM2NyZXQ=";

/// Signs a reader up on `app`; the verification mail goes out in the background.
async fn sign_up(app: &mut TestApp) {
    let page = app
        .submit(
            "/signup",
            &[
                ("name", "Tls Reader"),
                ("email", READER),
                ("password", common::PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}

async fn received(inbox: &mut tokio::sync::mpsc::Receiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(20), inbox.recv())
        .await
        .expect("the mail arrives within 20 s")
        .expect("a message")
}

/// The mail carries the verification link and was read on an encrypted connection
/// after the login.
fn assert_verification(got: &Received) {
    assert!(got.encrypted, "the message crossed in clear");
    assert_eq!(got.login.as_deref(), Some(LOGIN));
    assert_eq!(got.to, [format!("<{READER}>")]);
    let text = got.data.replace("=\n", "");
    assert!(text.contains("/verify/"), "{text}");
}

async fn verification_mail_travels_over_starttls_after_the_login(db: &TestDb) {
    let cert = TestCert::new();
    let (port, mut inbox) = smtp_server_with(Mode::StartTls(cert.acceptor())).await;
    let url = format!("smtp://ann:s3cret@127.0.0.1:{port}?tls=starttls");
    let mut app = TestApp::with_demo_and_smtp_trusting(db, &url, &cert.trusted()).await;
    sign_up(&mut app).await;
    assert_verification(&received(&mut inbox).await);
}

async fn verification_mail_travels_over_implicit_tls(db: &TestDb) {
    let cert = TestCert::new();
    let (port, mut inbox) = smtp_server_with(Mode::Implicit(cert.acceptor())).await;
    let url = format!("smtps://ann:s3cret@127.0.0.1:{port}");
    let mut app = TestApp::with_demo_and_smtp_trusting(db, &url, &cert.trusted()).await;
    sign_up(&mut app).await;
    assert_verification(&received(&mut inbox).await);
}

async fn an_untrusted_certificate_gets_no_mail_and_the_send_waits_for_a_retry(db: &TestDb) {
    let served = TestCert::new();
    let (port, mut inbox) = smtp_server_with(Mode::Implicit(served.acceptor())).await;
    // The node trusts another certificate (and the system's authorities), not this one.
    let url = format!("smtps://ann:s3cret@127.0.0.1:{port}");
    let mut app = TestApp::with_demo_and_smtp_trusting(db, &url, &TestCert::new().trusted()).await;
    sign_up(&mut app).await;
    let mut failed = None;
    for _ in 0..200 {
        let m = app.store.outbox(Some(READER), 1).await.unwrap().remove(0);
        if m.attempts > 0 {
            failed = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let m = failed.expect("the failed attempt is recorded");
    assert!(m.sent_at.is_none(), "marked sent though refused");
    let error = m.error.expect("the error is kept");
    assert!(error.to_lowercase().contains("certificate"), "{error}");
    assert!(m.next_attempt_at.is_some(), "no retry planned");
    assert!(
        inbox.try_recv().is_err(),
        "the untrusted server got the mail"
    );
}
