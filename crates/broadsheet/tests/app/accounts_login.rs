//! Signing in and out through the real router, on both engines.

use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{PASSWORD, TestApp};

on_both_engines!(
    sign_in_rotates_the_session_and_goes_to_a_local_next,
    wrong_password_and_unknown_email_read_the_same,
    sign_out_and_sign_out_everywhere_end_sessions,
    login_is_rate_limited_per_account,
    successful_sign_ins_do_not_count_toward_the_lockout,
);

async fn sign_in_rotates_the_session_and_goes_to_a_local_next(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let user = app.sign_in_as(Role::Editor, "ed@example.org").await;
    let first = app.cookie("bs_session").unwrap().to_string();
    // Signing in again replaces the session id and ends the old one.
    let page = app
        .submit(
            "/login",
            &[
                ("email", "ed@example.org"),
                ("password", PASSWORD),
                ("next", "/city/x"),
            ],
        )
        .await;
    assert_eq!(page.header("location"), "/city/x");
    let second = app.cookie("bs_session").unwrap().to_string();
    assert_ne!(first, second);
    assert!(app.store.user_for_session(&first).await.unwrap().is_none());
    assert_eq!(
        app.store
            .user_for_session(&second)
            .await
            .unwrap()
            .unwrap()
            .id,
        user.id
    );
    // Another site is never a destination.
    for evil in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let page = app
            .submit(
                "/login",
                &[
                    ("email", "ed@example.org"),
                    ("password", PASSWORD),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(page.header("location"), "/newsroom", "{evil}");
    }
}

async fn wrong_password_and_unknown_email_read_the_same(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Reader, "r@example.org").await;
    let wrong = app
        .submit(
            "/login",
            &[("email", "r@example.org"), ("password", "not the password")],
        )
        .await;
    let unknown = app
        .submit(
            "/login",
            &[
                ("email", "nobody@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.texts(".form-error"), unknown.texts(".form-error"));
    assert_eq!(wrong.attrs("input[name=email]", "value"), ["r@example.org"]);
    // Without the form token nothing happens.
    let forged = app
        .post_form(
            "/login",
            &[("email", "r@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

async fn sign_out_and_sign_out_everywhere_end_sessions(db: &TestDb) {
    let mut phone = TestApp::empty(db).await;
    let user = phone.sign_in_as(Role::Author, "a@example.org").await;
    let phone_session = phone.cookie("bs_session").unwrap().to_string();
    let mut laptop = TestApp {
        router: phone.router.clone(),
        store: phone.store.clone(),
        cookies: Default::default(),
    };
    laptop
        .submit(
            "/login",
            &[("email", "a@example.org"), ("password", PASSWORD)],
        )
        .await;
    let laptop_session = laptop.cookie("bs_session").unwrap().to_string();

    let out = phone.submit("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        phone
            .store
            .user_for_session(&phone_session)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        phone
            .store
            .user_for_session(&laptop_session)
            .await
            .unwrap()
            .is_some()
    );

    let everywhere = laptop.submit("/logout/everywhere", &[]).await;
    assert_eq!(everywhere.status, StatusCode::SEE_OTHER);
    assert!(
        laptop
            .store
            .user_for_session(&laptop_session)
            .await
            .unwrap()
            .is_none()
    );
    let _ = user;
}

async fn login_is_rate_limited_per_account(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Reader, "target@example.org").await;
    let mut limited = None;
    for _ in 0..15 {
        let page = app
            .submit(
                "/login",
                &[
                    ("email", "target@example.org"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(page);
            break;
        }
    }
    let page = limited.expect("guessing is cut off");
    let retry: u64 = page.header("retry-after").parse().unwrap();
    assert!(retry >= 1);
    // Even the right password waits until the window passes.
    let right = app
        .submit(
            "/login",
            &[("email", "target@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Issue 19: nine sign-ins and one wrong password locked the administrator out.
async fn successful_sign_ins_do_not_count_toward_the_lockout(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    app.sign_in_as(Role::Admin, "admin@example.org").await;
    let right = [("email", "admin@example.org"), ("password", PASSWORD)];
    let wrong = [
        ("email", "admin@example.org"),
        ("password", "a typo, sorry"),
    ];
    // More sign-ins than the account (10) or the address (20) may fail.
    for n in 0..24 {
        let page = app.submit("/login", &right).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "sign-in {n}");
    }
    assert_eq!(
        app.submit("/login", &wrong).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.submit("/login", &right).await.status,
        StatusCode::SEE_OTHER
    );
    // A successful sign-in clears the account's failures: nine more typos are allowed.
    for _ in 0..9 {
        assert_eq!(
            app.submit("/login", &wrong).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.submit("/login", &right).await.status,
        StatusCode::SEE_OTHER
    );
}
