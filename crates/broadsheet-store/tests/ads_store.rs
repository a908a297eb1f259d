//! Ad persistence on both engines: slots, campaigns with images, counters that add up
//! under concurrent flushes, reports, and articles without ads.

use broadsheet_store::{
    AdCountDelta, AdReportOf, NewAdCampaign, NewAdSlot, NewArticle, Store, StoreError,
};
use broadsheet_testkit::{TestDb, on_both_engines};

on_both_engines!(
    slots_and_campaigns_round_trip,
    concurrent_increments_all_count,
    articles_can_go_without_ads,
);

async fn open(db: &TestDb) -> Store {
    Store::open(&db.url).await.expect("open and migrate")
}

fn slot(name: &str) -> NewAdSlot {
    NewAdSlot {
        name: name.into(),
        placement: "sidebar".into(),
        sizes: "mobile=300x250".into(),
        page_types: "article".into(),
        enabled: true,
        ..NewAdSlot::default()
    }
}

async fn slots_and_campaigns_round_trip(db: &TestDb) {
    let store = open(db).await;
    let id = store.create_ad_slot(&slot("Sidebar")).await.unwrap();
    let dup = store.create_ad_slot(&slot("Sidebar")).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let mut changed = slot("Rail");
    changed.enabled = false;
    store.update_ad_slot(id, &changed).await.unwrap();
    let s = store.ad_slot(id).await.unwrap().unwrap();
    assert_eq!((s.name.as_str(), s.enabled), ("Rail", false));
    assert!(matches!(
        store.update_ad_slot(999, &changed).await,
        Err(StoreError::NotFound)
    ));

    let c = NewAdCampaign {
        name: "Ferry".into(),
        advertiser: "Port".into(),
        starts_at: 10,
        ends_at: 20,
        kind: "image".into(),
        image_alt: "A ferry".into(),
        click_url: "https://example.org".into(),
        width: 300,
        height: 250,
        weight: 3,
        image: Some(("image/png".into(), vec![1, 2, 3, 0, 255])),
        ..NewAdCampaign::default()
    };
    let cid = store.create_ad_campaign(&c).await.unwrap();
    let got = store.ad_campaign(cid).await.unwrap().unwrap();
    assert_eq!(
        (got.weight, got.enabled, got.image_alt.as_str()),
        (3, true, "A ferry")
    );
    assert_eq!(
        store.ad_image(cid).await.unwrap(),
        Some(("image/png".to_string(), vec![1, 2, 3, 0, 255]))
    );
    store.set_ad_campaign_enabled(cid, false).await.unwrap();
    assert!(!store.list_ad_campaigns().await.unwrap()[0].enabled);
    assert_eq!(store.ad_image(cid + 1).await.unwrap(), None);
}

async fn concurrent_increments_all_count(db: &TestDb) {
    let store = open(db).await;
    // Eight "nodes" flush fifty batches each into the same rows at once.
    let mut tasks = Vec::new();
    for node in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..50 {
                let batch = [
                    AdCountDelta {
                        campaign_id: 1,
                        slot_id: 1,
                        day: 100,
                        served: 1,
                        viewable: 1,
                        clicks: i64::from(i % 2 == 0),
                    },
                    AdCountDelta {
                        campaign_id: 1,
                        slot_id: 2,
                        day: 100 + node % 2,
                        served: 2,
                        viewable: 0,
                        clicks: 0,
                    },
                ];
                store.add_ad_counts(&batch).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let days = store.ad_report(AdReportOf::Campaign(1)).await.unwrap();
    let served: i64 = days.iter().map(|d| d.served).sum();
    assert_eq!(served, 8 * 50 * 3);
    assert_eq!(days.iter().map(|d| d.viewable).sum::<i64>(), 400);
    assert_eq!(days.iter().map(|d| d.clicks).sum::<i64>(), 200);
    let slot1 = store.ad_report(AdReportOf::Slot(1)).await.unwrap();
    assert_eq!(slot1.len(), 1);
    assert_eq!(slot1[0].served, 400);
    let delivered = store.ad_delivered(101).await.unwrap();
    assert_eq!(delivered.len(), 1);
    assert_eq!((delivered[0].today, delivered[0].total), (400, 1200));
}

async fn articles_can_go_without_ads(db: &TestDb) {
    let store = open(db).await;
    let section = store
        .create_section("city", "City", "Şehir", "")
        .await
        .unwrap();
    let article = |slug: &str, tags: Vec<(String, String)>| NewArticle {
        section_id: section.id,
        slug: slug.into(),
        headline: slug.into(),
        language: "en".into(),
        tags,
        ..NewArticle::default()
    };
    let plain = store
        .create_article(&article("plain", vec![]))
        .await
        .unwrap();
    let sponsored = store
        .create_article(&article(
            "tagged",
            vec![("sponsored".into(), "Sponsored".into())],
        ))
        .await
        .unwrap();
    let tags = vec!["sponsored".to_string()];
    assert!(!store.article_is_ad_free(plain, &tags).await.unwrap());
    assert!(store.article_is_ad_free(sponsored, &tags).await.unwrap());
    assert!(!store.article_is_ad_free(sponsored, &[]).await.unwrap());
    store.set_article_ads_suppressed(plain, true).await.unwrap();
    store.set_article_ads_suppressed(plain, true).await.unwrap();
    assert!(store.article_is_ad_free(plain, &[]).await.unwrap());
    assert_eq!(
        store.ad_free_articles(&tags).await.unwrap(),
        vec![plain, sponsored]
    );
    store
        .set_article_ads_suppressed(plain, false)
        .await
        .unwrap();
    assert_eq!(
        store.ad_free_articles(&[]).await.unwrap(),
        Vec::<i64>::new()
    );
    assert!(
        store.set_article_ads_suppressed(9_999, true).await.is_err(),
        "unknown article"
    );
}
