//! Staff invitations (issue 19): an administrator invites a colleague by email with a
//! role; the mail travels over SMTP; the link sets a password and signs the colleague in
//! with a welcome line. Existing addresses, missing form tokens and non-administrators
//! change nothing. Also the users admin's tabs and search.

use crate::common;
use crate::mail_smtp::smtp_server;

use axum::http::StatusCode;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_testkit::{TestDb, on_both_engines};
use common::TestApp;
use std::time::Duration;

on_both_engines!(
    an_invited_colleague_sets_a_password_and_arrives_with_the_role,
    inviting_a_known_address_says_so_and_changes_nothing,
    only_administrators_invite_and_only_with_the_form_token,
    invitation_errors_are_turkish_at_the_field_in_the_turkish_ui,
    users_are_listed_by_tab_and_searched_page_by_page,
);

async fn an_invited_colleague_sets_a_password_and_arrives_with_the_role(db: &TestDb) {
    let (port, mut inbox) = smtp_server().await;
    let mut admin = TestApp::with_demo_and_smtp(db, &format!("smtp://127.0.0.1:{port}")).await;
    admin.sign_in_as(Role::Admin, "chief@example.org").await;

    // Each role is offered with what it may do.
    let users = admin.get("/newsroom/users").await;
    let hints = users.texts(".nr-role-choice .nr-hint");
    assert_eq!(hints.len(), 5, "{hints:?}");
    assert!(
        hints.iter().any(|h| h.contains("cannot publish")),
        "{hints:?}"
    );

    let sent = admin
        .submit(
            "/newsroom/users/invite",
            &[
                ("email", "Deniz@Example.org"),
                ("name", "Deniz Kaya"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let back = admin.get(sent.header("location")).await;
    assert_eq!(back.texts(".nr-done"), ["Invitation sent."]);
    assert!(
        back.body.contains("deniz@example.org"),
        "the invitee is listed"
    );

    let mail = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .expect("the invitation arrives within 10 s")
        .expect("a message");
    assert_eq!(mail.to, ["<deniz@example.org>"]);
    let link = invite_link(&mail.data);

    // The colleague, in their own browser: who invited them to what, then a password.
    let mut colleague = TestApp::on_same(&admin);
    let form = colleague.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Deniz Kaya") && form.body.contains("Editor"));
    let short = colleague
        .submit(
            &link,
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let pw = "a long harbour password";
    let done = colleague
        .submit(&link, &[("password", pw), ("password_confirm", pw)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let landing = colleague.get(done.header("location")).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.texts(".nr-done")[0].starts_with("Welcome to the newsroom"));
    // An editor's newsroom: sections are offered, users are not.
    assert!(landing.body.contains("/newsroom/sections"));
    assert!(!landing.body.contains("href=\"/newsroom/users\""));

    // The link works once.
    let again = TestApp::on_same(&admin).get(&link).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    // The audit log records who invited whom.
    let email = EmailAddress::parse("deniz@example.org").unwrap();
    let user = admin.store.user_by_email(&email).await.unwrap().unwrap();
    assert_eq!(user.role(), Role::Editor);
    let audit = admin
        .get(&format!("/newsroom/moderation/audit?user={}", user.id))
        .await;
    assert!(
        audit.body.contains("Invited to the newsroom"),
        "{}",
        audit.body
    );
}

/// The invitation link's path in a message as received over SMTP (the outbox drops
/// links once a message is sent); quoted-printable soft breaks are undone first.
fn invite_link(data: &str) -> String {
    let text = data.replace("=\r\n", "").replace("=\n", "");
    let start = text.find("/invite/").expect("the mail carries a link");
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
        .collect()
}

async fn inviting_a_known_address_says_so_and_changes_nothing(db: &TestDb) {
    let mut admin = TestApp::with_demo(db).await;
    admin.sign_in_as(Role::Admin, "chief@example.org").await;
    let reader = EmailAddress::parse("reader@example.org").unwrap();
    admin
        .store
        .create_user(&reader, "Loyal Reader", Role::Reader, None)
        .await
        .unwrap();
    let refused = admin
        .submit(
            "/newsroom/users/invite",
            &[
                ("email", "reader@example.org"),
                ("name", "New Name"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let error = refused.texts("#invite-email-error");
    assert!(error[0].contains("already has an account"), "{error:?}");
    assert_eq!(refused.attrs("#i-email", "aria-invalid"), ["true"]);
    assert_eq!(
        refused.attrs("#i-name", "value"),
        ["New Name"],
        "typed input kept"
    );
    assert_eq!(refused.attrs("#i-role-admin", "checked").len(), 1);
    let still = admin.store.user_by_email(&reader).await.unwrap().unwrap();
    assert_eq!(
        (still.role(), still.display_name.as_str()),
        (Role::Reader, "Loyal Reader")
    );
    assert!(
        admin
            .store
            .outbox(Some("reader@example.org"), 5)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn only_administrators_invite_and_only_with_the_form_token(db: &TestDb) {
    let fields = [("email", "x@example.org"), ("name", "X"), ("role", "admin")];
    let mut editor = TestApp::with_demo(db).await;
    editor.sign_in_as(Role::Editor, "ed@example.org").await;
    let page = editor.submit("/newsroom/users/invite", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    let mut admin = TestApp::on_same(&editor);
    admin.sign_in_as(Role::Admin, "chief@example.org").await;
    let page = admin.post_form("/newsroom/users/invite", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "no form token");
    let x = EmailAddress::parse("x@example.org").unwrap();
    assert!(admin.store.user_by_email(&x).await.unwrap().is_none());
}

async fn invitation_errors_are_turkish_at_the_field_in_the_turkish_ui(db: &TestDb) {
    let mut admin = TestApp::with_demo(db).await;
    admin.sign_in_as(Role::Admin, "chief@example.org").await;
    admin.cookies.insert("bs_lang".into(), "tr".into());
    let page = admin
        .submit(
            "/newsroom/users/invite",
            &[
                ("email", "not an address"),
                ("name", "Ayşe"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.texts("#invite-email-error"),
        ["ad@example.org gibi bir e-posta adresi girin."]
    );
    assert_eq!(
        page.attrs("#i-email", "aria-describedby"),
        ["invite-email-error"]
    );
    assert_eq!(page.attrs("#i-email", "value"), ["not an address"]);
    assert_eq!(page.attrs("#i-name", "value"), ["Ayşe"]);
}

async fn users_are_listed_by_tab_and_searched_page_by_page(db: &TestDb) {
    let mut admin = TestApp::with_demo(db).await;
    admin.sign_in_as(Role::Admin, "chief@example.org").await;
    for i in 0..55 {
        let email = EmailAddress::parse(&format!("reader{i:02}@example.org")).unwrap();
        let name = format!("Harbour Reader {i:02}");
        admin
            .store
            .create_user(&email, &name, Role::Reader, None)
            .await
            .unwrap();
    }
    let special = EmailAddress::parse("ozge@example.org").unwrap();
    admin
        .store
        .create_user(&special, "Özge MARLOW", Role::Author, None)
        .await
        .unwrap();

    let staff = admin.get("/newsroom/users").await;
    let emails = staff.texts(".nr-users tbody td:nth-child(2)");
    assert!(
        emails.contains(&"ozge@example.org".to_string()),
        "{emails:?}"
    );
    assert!(
        emails.iter().all(|e| !e.starts_with("reader")),
        "{emails:?}"
    );
    assert_eq!(
        staff.attrs(".nr-tabs [aria-current=page]", "href"),
        ["/newsroom/users?tab=staff"]
    );

    let readers = admin.get("/newsroom/users?tab=readers").await;
    assert_eq!(readers.texts(".nr-users tbody tr").len(), 50, "one page");
    let next = readers.attrs(".nr-pager a[rel=next]", "href");
    let second = admin.get(&next[0]).await;
    assert_eq!(second.texts(".nr-users tbody tr").len(), 5);

    // Case does not matter, in names or addresses; a search stays on its tab.
    let found = admin.get("/newsroom/users?tab=staff&q=marlow").await;
    assert_eq!(
        found.texts(".nr-users tbody td:nth-child(2)"),
        ["ozge@example.org"]
    );
    let found = admin.get("/newsroom/users?tab=readers&q=READER07%40").await;
    assert_eq!(
        found.texts(".nr-users tbody td:nth-child(2)"),
        ["reader07@example.org"]
    );
    let none = admin.get("/newsroom/users?tab=readers&q=marlow").await;
    assert!(none.texts(".nr-users tbody tr").is_empty());
    assert_eq!(none.texts(".nr-empty").len(), 1);
    // LIKE's wildcards are taken literally.
    let literal = admin.get("/newsroom/users?tab=readers&q=%25").await;
    assert!(literal.texts(".nr-users tbody tr").is_empty());
}
