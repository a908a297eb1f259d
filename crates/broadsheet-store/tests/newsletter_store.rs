//! Newsletter subscriptions, sends and their claims in the store, on both engines.

use broadsheet_store::{DeliveryOutcome, ListKey, NewArticle, NewSend, Store, Subscribed};
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    an_address_is_pending_until_confirmed_and_leaves_with_its_token,
    a_send_reaches_each_confirmed_address_once_and_each_delivery_is_claimed_once,
);

fn list(frequency: &str, section_id: i64, language: &str) -> ListKey {
    ListKey {
        frequency: frequency.into(),
        section_id,
        language: language.into(),
    }
}

fn pending(s: Subscribed) -> String {
    match s {
        Subscribed::Pending(token) => token,
        other => panic!("expected a pending subscription, got {other:?}"),
    }
}

async fn an_address_is_pending_until_confirmed_and_leaves_with_its_token(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let daily = list("daily", 0, "en");
    let first = pending(
        store
            .subscribe_newsletter("ann@example.org", None, &daily, false, 3600)
            .await
            .unwrap(),
    );
    // A second request makes no second row; its newer link is the one that works.
    let second = pending(
        store
            .subscribe_newsletter("ann@example.org", None, &daily, false, 3600)
            .await
            .unwrap(),
    );
    let lists = store.newsletter_lists().await.unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!((lists[0].confirmed, lists[0].pending), (0, 1));
    assert!(store.confirm_newsletter(&first).await.unwrap().is_none());
    assert!(
        store
            .confirm_newsletter("nonsense\0")
            .await
            .unwrap()
            .is_none()
    );
    let sub = store.confirm_newsletter(&second).await.unwrap().unwrap();
    assert!(sub.confirmed_at.is_some());
    assert!(
        store.confirm_newsletter(&second).await.unwrap().is_none(),
        "a confirmation link works once"
    );
    // Once confirmed, asking again mails nothing and changes nothing.
    assert_eq!(
        store
            .subscribe_newsletter("ann@example.org", None, &daily, false, 3600)
            .await
            .unwrap(),
        Subscribed::Confirmed
    );
    let lists = store.newsletter_lists().await.unwrap();
    assert_eq!((lists[0].confirmed, lists[0].pending), (1, 0));

    let left = store
        .unsubscribe_newsletter(&sub.unsubscribe_token)
        .await
        .unwrap()
        .unwrap();
    let at = left.unsubscribed_at.unwrap();
    let again = store
        .unsubscribe_newsletter(&sub.unsubscribe_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.unsubscribed_at,
        Some(at),
        "a second click changes nothing"
    );
    assert!(store.unsubscribe_newsletter("0").await.unwrap().is_none());
    let lists = store.newsletter_lists().await.unwrap();
    assert_eq!((lists[0].confirmed, lists[0].unsubscribed), (0, 1));
    // A signed-in reader with a proven address is on the list at once.
    assert_eq!(
        store
            .subscribe_newsletter("ann@example.org", None, &daily, true, 3600)
            .await
            .unwrap(),
        Subscribed::Confirmed
    );
    assert_eq!(store.newsletter_lists().await.unwrap()[0].confirmed, 1);
}

async fn a_send_reaches_each_confirmed_address_once_and_each_delivery_is_claimed_once(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let city = store
        .create_section("city", "City", "Şehir", "")
        .await
        .unwrap();
    let sport = store
        .create_section("sport", "Sport", "Spor", "")
        .await
        .unwrap();
    let now = broadsheet_store::now();
    let article = store
        .create_article(&NewArticle {
            section_id: city.id,
            slug: "ferry".into(),
            headline: "Ferry".into(),
            language: "en".into(),
            status: Some(broadsheet_domain::ArticleStatus::Published),
            published_at: Some(now - 10),
            ..Default::default()
        })
        .await
        .unwrap();
    let lists = [
        ("all@example.org", list("daily", 0, "en"), true),
        ("all@example.org", list("weekly", city.id, "en"), true),
        ("city@example.org", list("weekly", city.id, "en"), true),
        ("sport@example.org", list("daily", sport.id, "en"), true),
        ("turkish@example.org", list("daily", 0, "tr"), true),
        ("unconfirmed@example.org", list("daily", 0, "en"), false),
    ];
    for (email, l, confirmed) in &lists {
        store
            .subscribe_newsletter(email, None, l, *confirmed, 3600)
            .await
            .unwrap();
    }
    let breaking = NewSend {
        kind: "breaking",
        dedupe_key: &format!("breaking:{article}"),
        frequency: "",
        section_id: city.id,
        language: "en",
        article_id: Some(article),
        subject: "Ferry",
        body_text: "text",
        body_html: "<p>html</p>",
        actor: None,
    };
    let (send, recipients) = store
        .create_newsletter_send(&breaking)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        recipients, 2,
        "all@ once, city@; not sport, Turkish or unconfirmed"
    );
    assert!(
        store
            .create_newsletter_send(&breaking)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .newsletter_send_exists(breaking.dedupe_key)
            .await
            .unwrap()
    );
    let digest = NewSend {
        kind: "digest",
        dedupe_key: "digest:weekly",
        frequency: "weekly",
        ..breaking.clone()
    };
    let (_, weekly) = store
        .create_newsletter_send(&digest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(weekly, 2, "the weekly city list only");
    let stories = store
        .published_between(city.id, "en", (now - 60, now), 10)
        .await
        .unwrap();
    assert_eq!(stories.len(), 1);
    let none = store
        .published_between(sport.id, "en", (now - 60, now), 10)
        .await
        .unwrap();
    assert!(none.is_empty());

    // Two nodes claim at once: no delivery goes to both. (On PostgreSQL the loser of a
    // race may come away with fewer rows; what is left waits for the next round.)
    let other = Store::open(&db.url).await.unwrap();
    let (a, b) = tokio::join!(
        store.claim_due_newsletter_mail(now + 1, 300, 3),
        other.claim_due_newsletter_mail(now + 1, 300, 3)
    );
    let mut ids: Vec<i64> = a
        .unwrap()
        .into_iter()
        .chain(b.unwrap())
        .map(|d| d.id)
        .collect();
    let claimed = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "a delivery was claimed twice");
    let rest = store
        .claim_due_newsletter_mail(now + 1, 300, 10)
        .await
        .unwrap();
    ids.extend(rest.iter().map(|d| d.id));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4, "every delivery is claimed once in the end");
    assert!(
        store
            .claim_due_newsletter_mail(now + 1, 300, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // After the claims lapse: one sent, one failing for good, one retried, one skipped.
    let due = store
        .claim_due_newsletter_mail(now + 400, 300, 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 4);
    let outcomes = [
        DeliveryOutcome::Sent,
        DeliveryOutcome::GiveUp("refused".into()),
        DeliveryOutcome::RetryAt(now + 1000, "later".into()),
        DeliveryOutcome::Skipped,
    ];
    for (d, o) in due.iter().zip(&outcomes) {
        store.record_newsletter_delivery(d.id, o).await.unwrap();
    }
    assert!(
        store
            .claim_due_newsletter_mail(now + 999, 300, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .claim_due_newsletter_mail(now + 1000, 300, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let reports = store.newsletter_reports(10).await.unwrap();
    let total = |f: fn(&broadsheet_store::SendReport) -> i64| reports.iter().map(f).sum::<i64>();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1].id, send);
    assert_eq!(
        (total(|r| r.sent), total(|r| r.failed), total(|r| r.waiting)),
        (1, 1, 1)
    );
    let sent = store.newsletter_send(send).await.unwrap().unwrap();
    assert_eq!(
        (sent.kind.as_str(), sent.body_html.as_str()),
        ("breaking", "<p>html</p>")
    );

    // Leaving the list shows in the report as unsubscribed since.
    let city_sub = due.iter().find(|d| d.email == "city@example.org").unwrap();
    store
        .unsubscribe_newsletter(&city_sub.unsubscribe_token)
        .await
        .unwrap();
    let reports = store.newsletter_reports(10).await.unwrap();
    assert_eq!(reports.iter().map(|r| r.unsubscribed).sum::<i64>(), 2);
}
