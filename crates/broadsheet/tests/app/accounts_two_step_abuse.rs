//! Two-step sign-in against someone holding a stolen session, and against guessing, on
//! both engines: the second factor cannot be swapped or removed without the password and
//! a current code; code checks are limited per account; recovery codes sign in once and
//! can be made anew; an administrator (or the command line) resets a lost phone, audited.

use crate::accounts_two_step::{code_now, hidden, wrong_code};
use crate::common;

use axum::http::StatusCode;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{PASSWORD, TestApp};

on_both_engines!(
    a_stolen_session_cannot_swap_or_remove_the_second_factor,
    code_checks_are_limited_per_account,
    recovery_codes_sign_in_once_and_can_be_made_anew,
    an_administrator_resets_a_lost_phone_and_the_audit_log_says_who,
);

/// The secret the set-up page shows as text (it is sealed in the database).
pub async fn shown_secret(app: &mut TestApp) -> String {
    app.get("/account/two-step").await.texts(".two-step-secret")[0]
        .split_whitespace()
        .collect()
}

/// Turns two-step sign-in on for the signed-in browser: its secret and recovery codes.
async fn turn_on(app: &mut TestApp, user_id: i64) -> (String, Vec<String>) {
    let start = app
        .submit("/account/two-step/start", &[("password", PASSWORD)])
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    assert!(app.store.two_step(user_id).await.unwrap().pending.is_some());
    let secret = shown_secret(app).await;
    let confirm = app
        .submit(
            "/account/two-step/confirm",
            &[("code", &code_now(&secret, 0))],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    (secret, confirm.texts(".recovery-codes code"))
}

async fn a_stolen_session_cannot_swap_or_remove_the_second_factor(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let user = app.sign_in_as(Role::Editor, "ed@example.org").await;
    let (secret, _) = turn_on(&mut app, user.id).await;
    let stored = app.store.two_step(user.id).await.unwrap().secret;
    let code = code_now(&secret, 1);
    // Three tries on each of two routes: with set-up and confirming, ten code checks.
    let attempts: [&[(&str, &str)]; 3] = [
        &[("password", PASSWORD)],
        &[("code", &code)],
        &[("password", "not the password"), ("code", &code)],
    ];
    for fields in attempts {
        for path in ["/account/two-step/start", "/account/two-step/disable"] {
            let page = app.submit(path, fields).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path} {fields:?}");
            let two = app.store.two_step(user.id).await.unwrap();
            assert_eq!(two.secret, stored, "{path}");
            assert_eq!(two.pending, None, "no new secret waits: {path} {fields:?}");
        }
    }
    assert!(
        app.get("/account/two-step")
            .await
            .texts(".form-error")
            .is_empty()
    );
    // With both, moving to a new phone works; the old secret holds until confirmed.
    let moved = app
        .submit(
            "/account/two-step/start",
            &[("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let two = app.store.two_step(user.id).await.unwrap();
    assert_eq!(two.secret, stored);
    let new_pending = two.pending;
    let new_secret = shown_secret(&mut app).await;
    assert_ne!(new_secret, secret);
    app.submit(
        "/account/two-step/confirm",
        &[("code", &code_now(&new_secret, 0))],
    )
    .await;
    let two = app.store.two_step(user.id).await.unwrap();
    assert_eq!(two.secret, new_pending);
}

async fn code_checks_are_limited_per_account(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let user = app.sign_in_as(Role::Editor, "ed@example.org").await;
    let (secret, _) = turn_on(&mut app, user.id).await;
    // turn_on spent two checks (start, confirm); eight wrong guesses use up the rest.
    let wrong = [("password", PASSWORD), ("code", &wrong_code(&secret))];
    for _ in 0..8 {
        let page = app.submit("/account/two-step/disable", &wrong).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
    }
    let right = [("password", PASSWORD), ("code", &code_now(&secret, 1))];
    let limited = app.submit("/account/two-step/disable", &right).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!limited.header("retry-after").is_empty());
    assert!(app.store.two_step(user.id).await.unwrap().secret.is_some());

    // The sign-in code step of the same account is limited too, from anywhere.
    let mut other = TestApp::on_same(&app);
    let login = [("email", "ed@example.org"), ("password", PASSWORD)];
    let step = other.submit("/login", &login).await;
    let pending = hidden(&step, "pending");
    let guess = other
        .submit(
            "/login/code",
            &[("pending", &pending), ("code", &code_now(&secret, 1))],
        )
        .await;
    assert_eq!(guess.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(other.cookie("bs_session").is_none());
}

/// Signs ed@example.org in from a fresh browser with `code` after the password: the
/// answer's status and whether a session began.
async fn sign_in_with(app: &TestApp, code: &str) -> (StatusCode, bool) {
    let mut browser = TestApp::on_same(app);
    let login = [("email", "ed@example.org"), ("password", PASSWORD)];
    let step = browser.submit("/login", &login).await;
    let pending = hidden(&step, "pending");
    let page = browser
        .submit("/login/code", &[("pending", &pending), ("code", code)])
        .await;
    (page.status, browser.cookie("bs_session").is_some())
}

async fn recovery_codes_sign_in_once_and_can_be_made_anew(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let user = app.sign_in_as(Role::Editor, "ed@example.org").await;
    let (_, codes) = turn_on(&mut app, user.id).await;
    assert_eq!(codes.len(), 10);
    let page = app.get("/account/two-step").await;
    assert!(
        page.body.contains("10 recovery codes are left"),
        "{}",
        page.body
    );

    // Typed loosely: upper case, a space for the dash.
    let loose = codes[0].to_uppercase().replace('-', " ");
    assert_eq!(
        sign_in_with(&app, &loose).await,
        (StatusCode::SEE_OTHER, true)
    );
    assert_eq!(
        sign_in_with(&app, &codes[0]).await,
        (StatusCode::UNAUTHORIZED, false),
        "each recovery code works once"
    );

    // New codes need the password; then the old ones stop working.
    let refused = app
        .submit(
            "/account/two-step/recovery-codes",
            &[("password", "not the password")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let fresh = app
        .submit(
            "/account/two-step/recovery-codes",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK);
    let new_codes = fresh.texts(".recovery-codes code");
    assert_eq!(new_codes.len(), 10);
    assert!(!new_codes.contains(&codes[1]));
    assert_eq!(
        sign_in_with(&app, &codes[1]).await,
        (StatusCode::UNAUTHORIZED, false)
    );
    assert_eq!(
        sign_in_with(&app, &new_codes[0]).await,
        (StatusCode::SEE_OTHER, true)
    );
}

async fn an_administrator_resets_a_lost_phone_and_the_audit_log_says_who(db: &TestDb) {
    let mut editor = TestApp::empty(db).await;
    let ed = editor.sign_in_as(Role::Editor, "ed@example.org").await;
    turn_on(&mut editor, ed.id).await;
    let mut admin = TestApp::on_same(&editor);
    let root = admin.sign_in_as(Role::Admin, "root@example.org").await;
    let reset = format!("/newsroom/users/{}/two-step/reset", ed.id);
    let users = admin.get("/newsroom/users").await;
    assert_eq!(
        users.attrs(&format!("form[action=\"{reset}\"]"), "action"),
        vec![reset.clone()],
        "offered for the one account with two-step on"
    );

    // Not for the editor themself (a stolen session cannot use it), only administrators.
    let forbidden = editor.submit(&reset, &[]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert!(editor.store.two_step(ed.id).await.unwrap().secret.is_some());

    let done = admin.submit(&reset, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(admin.store.two_step(ed.id).await.unwrap().secret, None);
    assert_eq!(admin.store.recovery_codes_left(ed.id).await.unwrap(), 0);
    let log = admin
        .store
        .moderation_log(None, Some(ed.id), None, 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "reset-two-step");
    assert_eq!(log[0].actor_id, Some(root.id));
    let mut plain = TestApp::on_same(&admin);
    let login = [("email", "ed@example.org"), ("password", PASSWORD)];
    assert_eq!(
        plain.submit("/login", &login).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(plain.cookie("bs_session").is_some());
}
