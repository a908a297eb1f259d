//! API token lifetimes: revoked by a password reset and by "log out everywhere",
//! optional expiry, last use recorded at most once a minute, verified accounts only.

use crate::common::{PASSWORD, TestApp};
use axum::http::StatusCode;
use broadsheet_domain::{EmailAddress, Role};
use broadsheet_store::now;
use broadsheet_testkit::TestDb;

const QUEUE: &str = "/api/v1/moderation/queue";

/// A signed-in moderator with one API token that reads the moderation queue.
async fn moderator_with_token(app: &mut TestApp, email: &str) -> (i64, String) {
    let user = app.sign_in_as(Role::Moderator, email).await;
    let (_, secret) = app.store.create_api_token(user.id, "script").await.unwrap();
    let page = app.api("GET", QUEUE, &secret, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    (user.id, secret)
}

pub async fn password_reset_revokes_api_tokens(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (id, secret) = moderator_with_token(&mut app, "forgot@example.org").await;
    app.submit("/password/forgot", &[("email", "forgot@example.org")])
        .await;
    let link = app
        .mailed_link("forgot@example.org", "/password/reset/")
        .await
        .expect("a reset mail");
    let new = [
        ("password", "a brand new secret"),
        ("password_confirm", "a brand new secret"),
    ];
    assert_eq!(app.submit(&link, &new).await.status, StatusCode::OK);
    let page = app.api("GET", QUEUE, &secret, None).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.body);
    let tokens = app.store.list_api_tokens(id).await.unwrap();
    assert!(tokens.iter().all(|t| t.revoked_at.is_some()), "{tokens:?}");
}

pub async fn logging_out_everywhere_revokes_api_tokens(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (id, secret) = moderator_with_token(&mut app, "everywhere@example.org").await;
    let done = app.submit("/logout/everywhere", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = app.api("GET", QUEUE, &secret, None).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.body);
    assert_eq!(
        app.store.list_api_tokens(id).await.unwrap()[0].state(now()),
        "revoked"
    );
}

pub async fn expired_tokens_are_refused_like_unknown_ones(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let (id, _) = moderator_with_token(&mut app, "expiry@example.org").await;
    let store = app.store.clone();
    let (_, old) = store
        .create_api_token_until(id, "old", Some(now() - 1))
        .await
        .unwrap();
    let (_, fresh) = store
        .create_api_token_until(id, "fresh", Some(now() + 3600))
        .await
        .unwrap();
    let expired = app.api("GET", QUEUE, &old, None).await;
    let unknown = app.api("GET", QUEUE, "bs_no_such_token", None).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED, "{}", expired.body);
    assert_eq!(expired.status, unknown.status);
    assert_eq!(
        TestApp::json(&expired)["error"]["code"],
        TestApp::json(&unknown)["error"]["code"]
    );
    assert!(store.user_for_api_token(&old).await.unwrap().is_none());
    assert_eq!(
        app.api("GET", QUEUE, &fresh, None).await.status,
        StatusCode::OK
    );
}

pub async fn use_is_recorded_at_most_once_a_minute(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let user = app.sign_in_as(Role::Moderator, "used@example.org").await;
    let (token, secret) = app.store.create_api_token(user.id, "cron").await.unwrap();
    let last_used = |store: broadsheet_store::Store| async move {
        store.list_api_tokens(user.id).await.unwrap()[0].last_used_at
    };
    assert_eq!(last_used(app.store.clone()).await, None, "unused so far");
    let before = now();
    assert_eq!(
        app.api("GET", QUEUE, &secret, None).await.status,
        StatusCode::OK
    );
    assert!(last_used(app.store.clone()).await.unwrap() >= before);

    // Used half a minute ago: another use does not write again.
    let recent = now() - 30;
    let set = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
    super::exec(db, set, recent, token.id).await;
    app.api("GET", QUEUE, &secret, None).await;
    assert_eq!(last_used(app.store.clone()).await, Some(recent));

    // Used two minutes ago: this use is recorded.
    super::exec(db, set, now() - 120, token.id).await;
    let before = now();
    app.api("GET", QUEUE, &secret, None).await;
    assert!(last_used(app.store.clone()).await.unwrap() >= before);
}

pub async fn account_page_sets_and_shows_lifetimes(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let me = app.sign_in_as(Role::Reader, "lifetimes@example.org").await;
    let page = app.get("/account").await;
    assert_eq!(
        page.attrs("select[name=expires_days] option[selected]", "value"),
        ["90"],
        "the form offers a lifetime, 90 days unless changed"
    );
    let bad = app
        .submit("/account/tokens", &[("label", "x"), ("expires_days", "0")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(app.store.list_api_tokens(me.id).await.unwrap().is_empty());

    let before = now();
    let made = app
        .submit(
            "/account/tokens",
            &[("label", "laptop"), ("expires_days", "30")],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = made.texts("code.token").remove(0);
    let token = app.store.list_api_tokens(me.id).await.unwrap().remove(0);
    let expires = token.expires_at.expect("an expiry");
    assert!((before + 30 * 86_400..=now() + 30 * 86_400).contains(&expires));
    assert!(made.texts(".token-expiry")[0].starts_with("expires "));
    assert_eq!(made.texts(".token-used"), ["never used"]);

    app.api("GET", "/account", &secret, None).await;
    let page = app.get("/account").await;
    assert!(
        page.texts(".token-used")[0].starts_with("last used "),
        "{:?}",
        page.texts(".token-used")
    );

    app.store
        .create_api_token_until(me.id, "old", Some(now() - 5))
        .await
        .unwrap();
    let page = app.get("/account").await;
    let items = page.texts(".token-list li");
    assert!(items[1].contains("expired"), "{items:?}");
}

pub async fn unverified_accounts_cannot_make_tokens(db: &TestDb) {
    let mut app = TestApp::with_demo(db).await;
    let hash = broadsheet::auth::password::hash(PASSWORD.into())
        .await
        .unwrap();
    let email = EmailAddress::parse("fresh@example.org").unwrap();
    let user = app
        .store
        .create_reader(&email, "Fresh Reader", &hash)
        .await
        .unwrap();
    let login = app
        .submit(
            "/login",
            &[("email", email.as_str()), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let refused = app
        .submit(
            "/account/tokens",
            &[("label", "early"), ("expires_days", "30")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.texts("code.token").is_empty());
    assert!(app.store.list_api_tokens(user.id).await.unwrap().is_empty());
}
