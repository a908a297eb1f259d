//! Two-step sign-in through the real router, on both engines: an editor sets up an
//! authenticator, then a correct password alone no longer signs in; a right code does,
//! once; wrong and replayed codes are refused; turning it off needs the password and a
//! code. The set-up page shows the secret as a QR code and as text.

use crate::common;

use axum::http::StatusCode;
use broadsheet::auth::totp;
use broadsheet_domain::Role;
use broadsheet_testkit::{TestDb, on_both_engines};
use common::{PASSWORD, TestApp};

on_both_engines!(
    an_editor_turns_on_two_step_sign_in_and_codes_work_once,
    a_secret_stored_in_clear_still_works_and_is_sealed_at_start,
);

/// The hidden `name` field of a page's form.
pub fn hidden(page: &common::Page, name: &str) -> String {
    page.attrs(&format!("input[name={name}]"), "value")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {name} field: {}", page.body))
}

/// A six-digit code that is not right for `secret` at any step checked now.
pub fn wrong_code(secret: &str) -> String {
    let valid: Vec<String> = (-1..=1).map(|o| code_now(secret, o)).collect();
    (0..4)
        .map(|n| format!("{:06}", n * 111_111))
        .find(|c| !valid.contains(c))
        .unwrap()
}

pub fn code_now(secret: &str, offset_steps: i64) -> String {
    totp::current(secret, broadsheet_store::now() + offset_steps * 30).unwrap()
}

async fn an_editor_turns_on_two_step_sign_in_and_codes_work_once(db: &TestDb) {
    let mut app = TestApp::empty(db).await;
    let user = app.sign_in_as(Role::Editor, "ed@example.org").await;
    assert_eq!(app.get("/account/two-step").await.status, StatusCode::OK);
    assert_eq!(
        app.submit("/account/two-step/start", &[("password", PASSWORD)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let setup = app.get("/account/two-step").await;
    let shown: String = setup.texts(".two-step-secret")[0]
        .split_whitespace()
        .collect();
    let link = setup.attrs("a[href^=\"otpauth://\"]", "href");
    assert!(link[0].contains(&format!("secret={shown}")), "{link:?}");
    let qr = setup.attrs(".two-step-qr svg[role=img]", "aria-label");
    assert_eq!(qr.len(), 1, "a QR code drawn on the page: {}", setup.body);
    assert!(
        !setup.body.contains("https://chart"),
        "no outside image service"
    );
    let stored = app.store.two_step(user.id).await.unwrap();
    let sealed = stored.pending.clone().unwrap();
    assert!(
        sealed.starts_with("sealed1:") && !sealed.contains(&shown),
        "sealed at rest"
    );
    assert_eq!(stored.secret, None, "not on until a code confirms it");

    // A wrong code does not turn it on; the right one does.
    let wrong = app
        .submit(
            "/account/two-step/confirm",
            &[("code", &wrong_code(&shown))],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.two_step(user.id).await.unwrap().secret, None);
    let confirm = app
        .submit(
            "/account/two-step/confirm",
            &[("code", &code_now(&shown, 0))],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(
        confirm.texts(".recovery-codes code").len(),
        10,
        "shown once"
    );
    assert!(
        app.get("/account/two-step")
            .await
            .texts(".recovery-codes code")
            .is_empty()
    );
    assert_eq!(
        app.store.two_step(user.id).await.unwrap().secret,
        Some(sealed)
    );

    // Signing in: the password alone yields no session, only the code step.
    let mut browser = TestApp::on_same(&app);
    let login = [("email", "ed@example.org"), ("password", PASSWORD)];
    let step = browser.submit("/login", &login).await;
    assert_eq!(step.status, StatusCode::OK);
    assert!(
        browser.cookie("bs_session").is_none(),
        "no session before the code"
    );
    let pending = hidden(&step, "pending");
    let wrong = browser
        .submit(
            "/login/code",
            &[("pending", &pending), ("code", &wrong_code(&shown))],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(browser.cookie("bs_session").is_none());
    // The code of the step after the one used to confirm (drift of one step is allowed).
    let code = code_now(&shown, 1);
    let signed_in = browser
        .submit("/login/code", &[("pending", &pending), ("code", &code)])
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert_eq!(signed_in.header("location"), "/newsroom");
    assert!(browser.cookie("bs_session").is_some());

    // The same pending sign-in and the same code cannot be used again.
    let mut thief = TestApp::on_same(&app);
    let again = thief
        .submit("/login/code", &[("pending", &pending), ("code", &code)])
        .await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "the pending sign-in is spent"
    );
    let fresh = thief.submit("/login", &login).await;
    let replay = thief
        .submit(
            "/login/code",
            &[("pending", &hidden(&fresh, "pending")), ("code", &code)],
        )
        .await;
    assert_eq!(
        replay.status,
        StatusCode::UNAUTHORIZED,
        "a used code is refused"
    );
    assert!(thief.cookie("bs_session").is_none());

    // Turning it off needs a right code and the password; then the password is enough.
    let refused = app
        .submit(
            "/account/two-step/disable",
            &[("password", PASSWORD), ("code", &wrong_code(&shown))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(app.store.two_step(user.id).await.unwrap().secret.is_some());
    let off = app
        .submit(
            "/account/two-step/disable",
            &[("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
    let mut plain = TestApp::on_same(&app);
    assert_eq!(
        plain.submit("/login", &login).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(plain.cookie("bs_session").is_some());
}

/// Signs ed@example.org in with the password and `code`: whether a session began.
async fn signs_in_with(app: &TestApp, code: &str) -> bool {
    let mut browser = TestApp::on_same(app);
    let login = [("email", "ed@example.org"), ("password", PASSWORD)];
    let step = browser.submit("/login", &login).await;
    let pending = hidden(&step, "pending");
    browser
        .submit("/login/code", &[("pending", &pending), ("code", code)])
        .await;
    browser.cookie("bs_session").is_some()
}

async fn a_secret_stored_in_clear_still_works_and_is_sealed_at_start(db: &TestDb) {
    use broadsheet::auth::sealed;
    let app = TestApp::empty(db).await;
    let hash = broadsheet::auth::password::hash(PASSWORD.into())
        .await
        .unwrap();
    let email = broadsheet_domain::EmailAddress::parse("ed@example.org").unwrap();
    let user = app
        .store
        .create_user(&email, "Ed", Role::Editor, Some(&hash))
        .await
        .unwrap();
    // As an older release stored it: in clear.
    let plain = totp::new_secret();
    app.store
        .set_two_step_pending(user.id, Some(&plain))
        .await
        .unwrap();
    assert!(app.store.enable_two_step(user.id, 0, &[]).await.unwrap());
    assert!(signs_in_with(&app, &code_now(&plain, -1)).await);

    // The next start seals it with the site's key (the one the app loaded), and the
    // authenticator's codes keep working.
    let key = sealed::SecretBox::load(
        &std::env::temp_dir(),
        std::env::var(sealed::KEY_ENV).ok().as_deref(),
    )
    .unwrap();
    let store = &app.store;
    assert_eq!(
        sealed::seal_plain_two_step_secrets(store, &key)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        sealed::seal_plain_two_step_secrets(store, &key)
            .await
            .unwrap(),
        0
    );
    let stored = store.two_step(user.id).await.unwrap().secret.unwrap();
    assert!(sealed::is_sealed(&stored) && !stored.contains(&plain));
    assert!(signs_in_with(&app, &code_now(&plain, 0)).await);
    // A copy of the database without the key gives nothing away.
    let other = sealed::SecretBox::from_key(&[1; 32]);
    assert!(other.open(&sealed::totp_context(user.id), &stored).is_err());
}
