//! The store conformance suite: each scenario runs once on SQLite and once on PostgreSQL.

use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{ArticleCursor, Listing, NewArticle, SetupOutcome, Store, StoreError};
use broadsheet_testkit::{TestDb, on_both_engines};

async fn open(db: &TestDb) -> Store {
    Store::open(&db.url).await.expect("open and migrate")
}

fn email(s: &str) -> EmailAddress {
    EmailAddress::parse(s).unwrap()
}

on_both_engines!(
    migrations_apply_once,
    users_are_unique_by_email,
    api_tokens_act_as_their_user_until_revoked,
    setup_link_creates_one_admin_once,
    sessions_end_on_logout_and_everywhere,
    first_start_work_is_claimed_once,
    articles_are_created_whole_and_listed_by_keyset,
    recovery_codes_work_once_and_a_reset_clears_two_step_with_an_audit_row,
);

async fn migrations_apply_once(db: &TestDb) {
    let store = open(db).await;
    assert_eq!(
        store.migrate().await.unwrap(),
        0,
        "second run applies nothing"
    );
    store.ping().await.unwrap();
    // A second handle on the same database sees the same schema.
    let again = Store::open(&db.url).await.unwrap();
    assert_eq!(again.count_articles().await.unwrap(), 0);
}

async fn users_are_unique_by_email(db: &TestDb) {
    let store = open(db).await;
    let ada = store
        .create_user(&email("ada@example.org"), "Ada", Role::Editor, None)
        .await
        .unwrap();
    assert_eq!(ada.role(), Role::Editor);
    let dup = store
        .create_user(&email("ada@example.org"), "Other", Role::Reader, None)
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let found = store
        .user_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.display_name, "Ada");
    store.set_password_hash(ada.id, "hash").await.unwrap();
    let found = store.user_by_id(ada.id).await.unwrap().unwrap();
    assert_eq!(found.password_hash.as_deref(), Some("hash"));
    assert!(matches!(
        store.set_password_hash(99_999, "x").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.count_users_with_role(Role::Editor).await.unwrap(), 1);
}

async fn api_tokens_act_as_their_user_until_revoked(db: &TestDb) {
    let store = open(db).await;
    let user = store
        .create_user(&email("bot@example.org"), "Bot", Role::Author, None)
        .await
        .unwrap();
    let (token, secret) = store.create_api_token(user.id, "ci").await.unwrap();
    let acting = store.user_for_api_token(&secret).await.unwrap().unwrap();
    assert_eq!(acting.id, user.id);
    assert!(
        store
            .user_for_api_token("bs_wrong")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.list_api_tokens(user.id).await.unwrap().len(), 1);
    store.revoke_api_token(user.id, token.id).await.unwrap();
    assert!(store.user_for_api_token(&secret).await.unwrap().is_none());
    assert!(matches!(
        store.revoke_api_token(user.id, token.id).await,
        Err(StoreError::NotFound)
    ));
}

async fn setup_link_creates_one_admin_once(db: &TestDb) {
    let store = open(db).await;
    let old = store.create_setup_token(3600).await.unwrap();
    let secret = store.create_setup_token(3600).await.unwrap();
    assert!(
        !store.setup_token_is_valid(&old).await.unwrap(),
        "a new link retires the old one"
    );
    assert!(store.setup_token_is_valid(&secret).await.unwrap());
    let first = store
        .complete_setup(&secret, &email("chief@example.org"), "Chief", "h")
        .await
        .unwrap();
    assert!(matches!(first, SetupOutcome::Created(ref u) if u.role() == Role::Admin));
    let second = store
        .complete_setup(&secret, &email("other@example.org"), "Other", "h")
        .await
        .unwrap();
    assert!(matches!(second, SetupOutcome::InvalidLink));
    assert_eq!(store.count_users_with_role(Role::Admin).await.unwrap(), 1);
    let expired = store.create_setup_token(-1).await.unwrap();
    assert!(!store.setup_token_is_valid(&expired).await.unwrap());
}

async fn sessions_end_on_logout_and_everywhere(db: &TestDb) {
    let store = open(db).await;
    let user = store
        .create_user(&email("r@example.org"), "R", Role::Reader, None)
        .await
        .unwrap();
    let a = store.create_session(user.id, 3600).await.unwrap();
    let b = store.create_session(user.id, 3600).await.unwrap();
    assert_eq!(
        store.user_for_session(&a).await.unwrap().unwrap().id,
        user.id
    );
    store.delete_session(&a).await.unwrap();
    assert!(store.user_for_session(&a).await.unwrap().is_none());
    assert!(store.user_for_session(&b).await.unwrap().is_some());
    assert_eq!(store.delete_user_sessions(user.id).await.unwrap(), 1);
    assert!(store.user_for_session(&b).await.unwrap().is_none());
    let stale = store.create_session(user.id, -1).await.unwrap();
    assert!(store.user_for_session(&stale).await.unwrap().is_none());
}

async fn first_start_work_is_claimed_once(db: &TestDb) {
    let store = open(db).await;
    let (a, b) = tokio::join!(
        store.claim_setting("seeded", "1"),
        store.claim_setting("seeded", "2")
    );
    assert_eq!(
        u8::from(a.unwrap()) + u8::from(b.unwrap()),
        1,
        "exactly one claim wins"
    );
    store.set_setting("site_name", "The Ledger").await.unwrap();
    store
        .set_setting("site_name", "The Harbour Ledger")
        .await
        .unwrap();
    assert_eq!(
        store.setting("site_name").await.unwrap().as_deref(),
        Some("The Harbour Ledger")
    );
    assert_eq!(store.setting("missing").await.unwrap(), None);
    // Several at once: new and existing keys, all in one write.
    let pairs = [("site_name", "The Ledger"), ("x.new", "1")].map(|(k, v)| (k.into(), v.into()));
    store.set_settings(&pairs).await.unwrap();
    assert_eq!(store.setting("x.new").await.unwrap().as_deref(), Some("1"));
    store
        .set_settings(
            &pairs[..1]
                .iter()
                .map(|(k, _)| (k.clone(), "The Harbour Ledger".into()))
                .collect::<Vec<_>>(),
        )
        .await
        .unwrap();
    store.set_settings(&[]).await.unwrap();
    let all = store.all_settings().await.unwrap();
    assert_eq!(
        all,
        [
            ("seeded".to_string(), all[0].1.clone()),
            ("site_name".to_string(), "The Harbour Ledger".to_string()),
            ("x.new".to_string(), "1".to_string())
        ]
    );
}

async fn articles_are_created_whole_and_listed_by_keyset(db: &TestDb) {
    let store = open(db).await;
    let city = store
        .create_section("city", "City", "Şehir", "Local news")
        .await
        .unwrap();
    let sport = store
        .create_section("sport", "Sport", "Spor", "")
        .await
        .unwrap();
    assert!(matches!(
        store.create_section("city", "Again", "", "").await,
        Err(StoreError::Conflict(_))
    ));
    let w1 = store
        .create_user(&email("w1@example.org"), "Writer One", Role::Author, None)
        .await
        .unwrap();
    let w2 = store
        .create_user(&email("w2@example.org"), "Writer Two", Role::Author, None)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..7i64 {
        let new = NewArticle {
            section_id: if i % 2 == 0 { city.id } else { sport.id },
            slug: format!("story-{i}"),
            headline: format!("Story {i}"),
            body_md: "Body".into(),
            status: Some(ArticleStatus::Published),
            // Two articles share a timestamp so the id breaks the tie.
            published_at: Some(1_000 + i.min(5)),
            author_ids: vec![w2.id, w1.id],
            tags: vec![("harbour".into(), "Harbour".into())],
            ..Default::default()
        };
        ids.push(store.create_article(&new).await.unwrap());
    }
    let clash = NewArticle {
        section_id: city.id,
        slug: "story-0".into(),
        headline: "x".into(),
        ..Default::default()
    };
    assert!(matches!(
        store.create_article(&clash).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.count_articles().await.unwrap(),
        7,
        "the clash left nothing behind"
    );

    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.listing(Listing::All, cursor, 3).await.unwrap();
        if page.is_empty() {
            break;
        }
        let last = page.last().unwrap();
        cursor = Some(ArticleCursor {
            published_at: last.published_at.unwrap(),
            id: last.id,
        });
        seen.extend(page.into_iter().map(|a| a.id));
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(seen, expected, "newest first, every article exactly once");

    let city_only = store
        .listing(Listing::Section(city.id), None, 10)
        .await
        .unwrap();
    assert_eq!(city_only.len(), 4);
    assert!(city_only.iter().all(|a| a.section_slug == "city"));

    let article = store
        .published_article("city", "story-0")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(article.summary.headline, "Story 0");
    assert!(
        store
            .published_article("sport", "story-0")
            .await
            .unwrap()
            .is_none()
    );
    let bylines = store.bylines(&[article.summary.id]).await.unwrap();
    let names: Vec<_> = bylines.iter().map(|b| b.display_name.as_str()).collect();
    assert_eq!(
        names,
        ["Writer Two", "Writer One"],
        "bylines keep their order"
    );
    assert_eq!(
        store.tags_of_article(article.summary.id).await.unwrap()[0].slug,
        "harbour"
    );
    assert_eq!(store.count_revisions(article.summary.id).await.unwrap(), 1);
}

async fn recovery_codes_work_once_and_a_reset_clears_two_step_with_an_audit_row(db: &TestDb) {
    let store = open(db).await;
    let ada = store
        .create_user(&email("ada@example.org"), "Ada", Role::Editor, None)
        .await
        .unwrap();
    let admin = store
        .create_user(&email("root@example.org"), "Root", Role::Admin, None)
        .await
        .unwrap();
    let hashes: Vec<String> = ["one", "two"].iter().map(|c| format!("hash-{c}")).collect();
    assert!(
        !store.enable_two_step(ada.id, 5, &hashes).await.unwrap(),
        "nothing pending, nothing enabled"
    );
    assert!(
        !store
            .regenerate_recovery_codes(ada.id, &hashes)
            .await
            .unwrap()
    );
    assert_eq!(store.recovery_codes_left(ada.id).await.unwrap(), 0);

    store
        .set_two_step_pending(ada.id, Some("SECRET"))
        .await
        .unwrap();
    assert!(store.enable_two_step(ada.id, 5, &hashes).await.unwrap());
    assert_eq!(store.recovery_codes_left(ada.id).await.unwrap(), 2);
    assert!(store.spend_recovery_code(ada.id, "hash-one").await.unwrap());
    assert!(
        !store.spend_recovery_code(ada.id, "hash-one").await.unwrap(),
        "once"
    );
    assert!(
        !store
            .spend_recovery_code(admin.id, "hash-two")
            .await
            .unwrap(),
        "not another's"
    );
    assert_eq!(store.recovery_codes_left(ada.id).await.unwrap(), 1);

    let fresh = vec!["hash-three".to_string()];
    assert!(
        store
            .regenerate_recovery_codes(ada.id, &fresh)
            .await
            .unwrap()
    );
    assert!(
        !store.spend_recovery_code(ada.id, "hash-two").await.unwrap(),
        "old set gone"
    );
    assert_eq!(store.recovery_codes_left(ada.id).await.unwrap(), 1);

    store
        .reset_two_step(ada.id, Some(admin.id), "lost phone")
        .await
        .unwrap();
    assert_eq!(store.two_step(ada.id).await.unwrap().secret, None);
    assert_eq!(store.recovery_codes_left(ada.id).await.unwrap(), 0);
    let log = store
        .moderation_log(None, Some(ada.id), None, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (
            log[0].action.as_str(),
            log[0].actor_id,
            log[0].reason.as_str()
        ),
        ("reset-two-step", Some(admin.id), "lost phone")
    );
    assert!(matches!(
        store.reset_two_step(9_999, None, "nobody").await,
        Err(StoreError::NotFound)
    ));
}
