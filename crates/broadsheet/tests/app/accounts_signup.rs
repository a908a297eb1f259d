//! Reader accounts over HTTP: sign-up, verification, password reset, profiles, API
//! tokens, account deletion and the outbox, on both engines.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{PASSWORD, TestApp};

on_both_engines!(
    sign_up_verify_and_sign_in,
    sign_up_and_reset_never_reveal_who_has_an_account,
    reset_links_work_once_and_end_sessions,
    sign_up_and_reset_are_rate_limited_with_retry_after,
    profile_tokens_and_account_deletion,
    only_administrators_read_the_outbox,
);

const NEW: &str = "new.reader@example.org";

async fn sign_up_verify_and_sign_in(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let page = app.get("/signup").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = app
        .submit(
            "/signup",
            &[
                ("name", "New Reader"),
                ("email", NEW),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let link = app
        .mailed_link(NEW, "/verify/")
        .await
        .expect("a verification mail");
    let user = app
        .store
        .user_by_email(&broadsheet_domain::EmailAddress::parse(NEW).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(app.store.account_flags(user.id).await.unwrap().unverified);
    assert!(
        user.password_hash
            .as_deref()
            .unwrap()
            .starts_with("$argon2id$")
    );

    // Signed in but unverified: the comment form asks for the email first.
    let login = app
        .submit("/login", &[("email", NEW), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let (_, path) = app.first_article().await;
    let article = app.get(&path).await;
    assert_eq!(
        article.texts(".comments-inner .notice").len(),
        1,
        "{}",
        article.body
    );
    assert!(
        article
            .texts(".account-nav a")
            .contains(&"New Reader".to_string())
    );

    assert_eq!(app.get(&link).await.status, StatusCode::OK);
    assert_eq!(
        app.get(&link).await.status,
        StatusCode::BAD_REQUEST,
        "links are single use"
    );
    assert!(!app.store.account_flags(user.id).await.unwrap().unverified);
    let article = app.get(&path).await;
    assert_eq!(
        article.attrs("form.comment-form textarea", "name"),
        ["body"]
    );

    // Bad input is refused with the fields kept.
    let bad = app
        .submit(
            "/signup",
            &[
                ("name", "X"),
                ("email", "not-an-email"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.attrs("input[name=email]", "value"), ["not-an-email"]);
    let short = app
        .submit(
            "/signup",
            &[
                ("name", "X"),
                ("email", "x@example.org"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
}

async fn sign_up_and_reset_never_reveal_who_has_an_account(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Reader, "taken@example.org").await;
    app.submit("/logout", &[]).await;
    let taken = app
        .submit(
            "/signup",
            &[
                ("name", "A"),
                ("email", "taken@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let free = app
        .submit(
            "/signup",
            &[
                ("name", "B"),
                ("email", "free@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (taken.status, free.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(taken.texts("main"), free.texts("main"));
    // The owner of the taken address hears about it; nobody else does.
    let mails = app
        .store
        .outbox(Some("taken@example.org"), 10)
        .await
        .unwrap();
    assert_eq!(mails[0].kind, "exists");

    let known = app
        .submit("/password/forgot", &[("email", "taken@example.org")])
        .await;
    let unknown = app
        .submit("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(known.texts("main"), unknown.texts("main"));
    assert!(
        app.store
            .outbox(Some("nobody@example.org"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        app.mailed_link("taken@example.org", "/password/reset/")
            .await
            .is_some()
    );
}

async fn reset_links_work_once_and_end_sessions(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.sign_in_as(Role::Reader, "forgetful@example.org").await;
    let old_session = app.cookie("bs_session").unwrap().to_string();
    app.submit("/password/forgot", &[("email", "forgetful@example.org")])
        .await;
    let link = app
        .mailed_link("forgetful@example.org", "/password/reset/")
        .await
        .unwrap();
    assert_eq!(app.get(&link).await.status, StatusCode::OK);
    let mismatch = app
        .submit(
            &link,
            &[
                ("password", "a brand new secret"),
                ("password_confirm", "other"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    let done = app
        .submit(
            &link,
            &[
                ("password", "a brand new secret"),
                ("password_confirm", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        app.store
            .user_for_session(&old_session)
            .await
            .unwrap()
            .is_none()
    );
    let again = app
        .submit(
            &link,
            &[
                ("password", "yet another secret"),
                ("password_confirm", "yet another secret"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "single use");
    let login = app
        .submit(
            "/login",
            &[
                ("email", "forgetful@example.org"),
                ("password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/password/reset/not-a-real-token").await.status,
        StatusCode::BAD_REQUEST
    );
}

async fn sign_up_and_reset_are_rate_limited_with_retry_after(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    // Per account: a handful of mails to one address an hour.
    let mut limited = None;
    for _ in 0..5 {
        let page = app
            .submit("/password/forgot", &[("email", "victim@example.org")])
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(page);
            break;
        }
    }
    let page = limited.expect("reset mails to one address are limited");
    assert!(page.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(page.body.contains("Too many attempts"), "{}", page.body);
    // Per IP: sign-ups from one address.
    let mut limited = false;
    for i in 0..12 {
        let email = format!("bulk{i}@example.org");
        let page = app
            .submit(
                "/signup",
                &[("name", "Bulk"), ("email", &email), ("password", PASSWORD)],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(!page.header("retry-after").is_empty());
            limited = true;
            break;
        }
    }
    assert!(limited, "sign-ups from one address are limited");
}

async fn profile_tokens_and_account_deletion(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let me = app.sign_in_as(Role::Reader, "me@example.org").await;
    let page = app.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    let saved = app
        .submit(
            "/account/profile",
            &[("name", "Ms <b>Me</b>"), ("bio", "I read the paper.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let public = app.get(&format!("/people/{}", me.id)).await;
    assert_eq!(
        public.texts("h1"),
        ["Ms <b>Me</b>"],
        "names are text, never markup"
    );
    assert_eq!(public.texts(".bio"), ["I read the paper."]);

    let created = app
        .submit("/account/tokens", &[("label", "my script")])
        .await;
    let secret = created.texts("code.token").remove(0);
    assert!(
        app.store
            .user_for_api_token(&secret)
            .await
            .unwrap()
            .is_some()
    );
    let token_id = app.store.list_api_tokens(me.id).await.unwrap()[0].id;
    app.submit(&format!("/account/tokens/{token_id}/revoke"), &[])
        .await;
    assert!(
        app.store
            .user_for_api_token(&secret)
            .await
            .unwrap()
            .is_none()
    );

    app.submit("/account/notifications", &[]).await;
    assert!(!app.store.account_flags(me.id).await.unwrap().notify_replies);

    let wrong = app
        .submit(
            "/account/delete",
            &[("password", "not my password"), ("comments", "keep")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(app.store.user_by_id(me.id).await.unwrap().is_some());
    let gone = app
        .submit(
            "/account/delete",
            &[("password", PASSWORD), ("comments", "keep")],
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK);
    assert!(app.store.user_by_id(me.id).await.unwrap().is_none());
    assert_eq!(
        app.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
}

async fn only_administrators_read_the_outbox(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    app.submit("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    app.sign_in_as(Role::Reader, "reader@example.org").await;
    assert_eq!(
        app.get("/newsroom/outbox").await.status,
        StatusCode::FORBIDDEN
    );
    let mut admin = TestApp::on_same(&app);
    admin.sign_in_as(Role::Admin, "admin@example.org").await;
    admin
        .submit("/password/forgot", &[("email", "reader@example.org")])
        .await;
    // The reset mail is written after the answer.
    admin
        .mailed_link("reader@example.org", "/password/reset/")
        .await
        .expect("the reset mail");
    let page = admin.get("/newsroom/outbox").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts(".outbox-message h2")
            .iter()
            .any(|s| s == "Choose a new password")
    );
}
