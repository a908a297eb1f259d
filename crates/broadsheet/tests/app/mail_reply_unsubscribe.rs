//! Reply notifications over loopback SMTP: the mail arrives with text and HTML parts and
//! the one-click unsubscribe headers; opening its link changes nothing, a mail program's
//! one-click POST turns reply mails off, and a forged POST is refused.

use crate::comments_http::{anchored, comment};
use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use common::smtp::{header, next_with, smtp_server};

on_both_engines!(a_reply_mail_has_html_and_one_click_unsubscribe);

async fn notify_replies(app: &TestApp, email: &str) -> bool {
    let email = EmailAddress::parse(email).unwrap();
    let id = app.store.user_by_email(&email).await.unwrap().unwrap().id;
    app.store.account_flags(id).await.unwrap().notify_replies
}

/// Ann's reply mail once the background delivery has marked it sent.
async fn sent_reply_mail(app: &TestApp) -> broadsheet_store::OutboxMessage {
    for _ in 0..200 {
        let kept = app.store.outbox(Some("ann@example.org"), 10).await.unwrap();
        let found = kept.into_iter().find(|m| m.kind == "reply");
        if let Some(m) = found.filter(|m| m.sent_at.is_some()) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the reply mail was never marked sent");
}

async fn a_reply_mail_has_html_and_one_click_unsubscribe(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let mut ann = TestApp::with_demo_and_smtp(db, &format!("smtp://127.0.0.1:{port}")).await;
    ann.sign_in_as(Role::Reader, "ann@example.org").await;
    let mut bob = TestApp::on_same(&ann);
    bob.sign_in_as(Role::Reader, "bob@example.org").await;
    let (article, _) = ann.first_article().await;
    let top = anchored(&comment(&mut ann, article, "The ferry is late again.", &[]).await);
    let parent = top.to_string();
    let reply = anchored(
        &comment(
            &mut bob,
            article,
            "It was <script>alert(1)</script> on time today.",
            &[("parent_id", &parent)],
        )
        .await,
    );

    let got = next_with(&mut inbox, "List-Unsubscribe-Post").await;
    assert_eq!(got.to, ["<ann@example.org>"]);
    assert_eq!(
        header(&got, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let unsubscribe = header(&got, "List-Unsubscribe");
    let path = unsubscribe
        .strip_prefix("<http://127.0.0.1:8080")
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or_else(|| panic!("an unsubscribe address: {unsubscribe}"))
        .to_string();
    assert!(path.starts_with("/account/unsubscribe/"), "{path}");
    assert!(got.data.contains("multipart/alternative"), "{}", got.data);
    assert!(got.data.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(got.data.contains("Content-Type: text/html; charset=utf-8"));
    // The HTML part links the reply; the reply's markup stays text (quoted-printable
    // undone: soft line ends and "=3D").
    let decoded = got.data.replace("=\n", "").replace("=3D", "=");
    let link = format!("http://127.0.0.1:8080/comments/{reply}");
    assert!(
        decoded.contains(&format!("<a href=\"{link}\">{link}</a>")),
        "{decoded}"
    );
    assert!(decoded.contains("&lt;script&gt;alert(1)"), "{decoded}");

    // A mail scanner opens the link: a page with one button, nothing changes.
    let mut scanner = TestApp::on_same(&ann);
    let page = scanner.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.texts("form[method=post] button"),
        ["Stop reply emails"]
    );
    assert_eq!(page.attrs("form[method=post]", "action"), [path.as_str()]);
    assert!(notify_replies(&ann, "ann@example.org").await);

    // A POST without the one-click field needs the form token.
    let forged = scanner
        .post_form(&path, &[("List-Unsubscribe", "Later")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(notify_replies(&ann, "ann@example.org").await);

    // The mail program's one-click POST: no session, no form token.
    let left = scanner
        .post_form(&path, &[("List-Unsubscribe", "One-Click")])
        .await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert_eq!(left.texts("h1"), ["Unsubscribed"]);
    assert!(!notify_replies(&ann, "ann@example.org").await);
    let again = scanner.get(&path).await;
    assert!(
        again.texts("form[method=post] button").is_empty(),
        "{}",
        again.body
    );

    // Once sent, the outbox keeps neither the address nor the body's one-time link.
    let token = path.trim_start_matches("/account/unsubscribe/");
    let reply_mail = sent_reply_mail(&ann).await;
    assert_eq!(reply_mail.unsubscribe_url, None);
    assert!(!reply_mail.body.contains(token), "{}", reply_mail.body);
}
