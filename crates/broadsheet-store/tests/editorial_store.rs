//! The newsroom's store behaviour on both engines: saves with optimistic locking and
//! revisions, old addresses of published articles, the workflow log, and scheduled
//! publishing that happens exactly once with several concurrent runners (nodes).

use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{ArticleInput, SaveOutcome, Store};
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    saves_are_versioned_and_stale_saves_change_nothing,
    published_articles_keep_their_old_addresses,
    scheduled_articles_publish_exactly_once_across_runners,
    leases_have_one_holder_until_they_expire,
);

async fn setup(db: &TestDb) -> (Store, i64, i64) {
    let store = Store::open(&db.url).await.unwrap();
    let section = store.create_section("city", "City", "", "").await.unwrap();
    let email = EmailAddress::parse("ed@example.org").unwrap();
    let user = store
        .create_user(&email, "Ed", Role::Editor, None)
        .await
        .unwrap();
    (store, section.id, user.id)
}

fn input(section_id: i64, user: i64, slug: &str, headline: &str) -> ArticleInput {
    ArticleInput {
        section_id,
        slug: slug.into(),
        headline: headline.into(),
        body_md: format!("{headline} body"),
        language: "en".into(),
        comments_open: true,
        author_ids: vec![user],
        tags: vec![("harbour".into(), "Harbour".into())],
        ..Default::default()
    }
}

async fn create(store: &Store, section: i64, user: i64, slug: &str) -> i64 {
    match store
        .save_article(None, 0, &input(section, user, slug, slug), user, "created")
        .await
        .unwrap()
    {
        SaveOutcome::Saved { id, version } => {
            assert_eq!(version, 1);
            id
        }
        other => panic!("{other:?}"),
    }
}

async fn saves_are_versioned_and_stale_saves_change_nothing(db: &TestDb) {
    let (store, section, user) = setup(db).await;
    let id = create(&store, section, user, "one").await;
    let v2 = store
        .save_article(
            Some(id),
            1,
            &input(section, user, "one", "One, again"),
            user,
            "saved",
        )
        .await
        .unwrap();
    assert_eq!(v2, SaveOutcome::Saved { id, version: 2 });
    let stale = store
        .save_article(
            Some(id),
            1,
            &input(section, user, "one", "Lost"),
            user,
            "saved",
        )
        .await
        .unwrap();
    assert_eq!(stale, SaveOutcome::Stale { current: 2 });
    let a = store.article_by_id(id).await.unwrap().unwrap();
    assert_eq!((a.version, a.summary.headline.as_str()), (2, "One, again"));
    assert_eq!(store.count_revisions(id).await.unwrap(), 2);
    assert_eq!(
        store.revision(id, 1).await.unwrap().unwrap().headline,
        "one"
    );
    assert_eq!(store.tags_of_article(id).await.unwrap().len(), 1);
    // Two writers racing from the same version: exactly one wins.
    let (ia, ib) = (
        input(section, user, "one", "A"),
        input(section, user, "one", "B"),
    );
    let (a, b) = tokio::join!(
        store.save_article(Some(id), 2, &ia, user, "a"),
        store.save_article(Some(id), 2, &ib, user, "b"),
    );
    let wins = [a.unwrap(), b.unwrap()]
        .iter()
        .filter(|o| matches!(o, SaveOutcome::Saved { .. }))
        .count();
    assert_eq!(wins, 1);
    assert_eq!(store.count_revisions(id).await.unwrap(), 3);
}

async fn published_articles_keep_their_old_addresses(db: &TestDb) {
    let (store, section, user) = setup(db).await;
    let id = create(&store, section, user, "first-name").await;
    // Renaming a draft leaves no trail.
    store
        .save_article(
            Some(id),
            1,
            &input(section, user, "second-name", "x"),
            user,
            "s",
        )
        .await
        .unwrap();
    assert!(
        store
            .move_article(
                id,
                ArticleStatus::Draft,
                ArticleStatus::Published,
                "publish",
                None,
                user
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .move_article(
                id,
                ArticleStatus::Draft,
                ArticleStatus::Published,
                "publish",
                None,
                user
            )
            .await
            .unwrap()
    );
    store
        .save_article(
            Some(id),
            2,
            &input(section, user, "third-name", "x"),
            user,
            "s",
        )
        .await
        .unwrap();
    assert_eq!(
        store.moved_article("city", "second-name").await.unwrap(),
        Some(("city".into(), "third-name".into()))
    );
    assert_eq!(
        store.moved_article("city", "first-name").await.unwrap(),
        None
    );
    // Taking the old name back removes the redirect.
    store
        .save_article(
            Some(id),
            3,
            &input(section, user, "second-name", "x"),
            user,
            "s",
        )
        .await
        .unwrap();
    assert_eq!(
        store.moved_article("city", "second-name").await.unwrap(),
        None
    );
    assert_eq!(
        store.moved_article("city", "third-name").await.unwrap(),
        Some(("city".into(), "second-name".into()))
    );
    assert_eq!(store.count_events(id, "publish").await.unwrap(), 1);
}

async fn scheduled_articles_publish_exactly_once_across_runners(db: &TestDb) {
    let (store, section, user) = setup(db).await;
    let now = broadsheet_store::now();
    let mut due = Vec::new();
    for i in 0..12 {
        let id = create(&store, section, user, &format!("s{i}")).await;
        // Half are due now, half an hour from now.
        let at = if i % 2 == 0 { now - 5 } else { now + 1800 };
        store
            .move_article(
                id,
                ArticleStatus::Draft,
                ArticleStatus::Scheduled,
                "schedule",
                Some(at),
                user,
            )
            .await
            .unwrap();
        if i % 2 == 0 {
            due.push(id);
        }
    }
    // Six "nodes", each with its own connection pool, run the job at once.
    let mut runners = Vec::new();
    for _ in 0..6 {
        let node = Store::connect(&db.url).await.unwrap();
        runners.push(tokio::spawn(async move {
            node.publish_due(broadsheet_store::now()).await.unwrap()
        }));
    }
    let mut published = Vec::new();
    for r in runners {
        published.extend(r.await.unwrap());
    }
    published.sort_unstable();
    assert_eq!(
        published, due,
        "each due article published by exactly one runner"
    );
    for id in &due {
        assert_eq!(store.count_events(*id, "publish").await.unwrap(), 1);
        let a = store.article_by_id(*id).await.unwrap().unwrap();
        assert_eq!(a.summary.status.0, ArticleStatus::Published);
        assert_eq!(
            a.summary.published_at,
            Some(now - 5),
            "published at its scheduled time"
        );
    }
    assert!(
        store
            .publish_due(broadsheet_store::now())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.publish_due(now + 3600).await.unwrap().len(), 6);
}

async fn leases_have_one_holder_until_they_expire(db: &TestDb) {
    let (store, _, _) = setup(db).await;
    assert!(store.take_lease("job", "a", 30).await.unwrap());
    assert!(!store.take_lease("job", "b", 30).await.unwrap());
    assert!(
        store.take_lease("job", "a", 30).await.unwrap(),
        "the holder renews"
    );
    assert!(store.take_lease("job", "a", -1).await.unwrap());
    assert!(
        store.take_lease("job", "b", 30).await.unwrap(),
        "an expired lease passes on"
    );
}
