//! A scheduled article goes live at its time through the background job, with no
//! request and no restart; several job loops (nodes) publish it exactly once.

use broadsheet::state::{AppState, SiteOptions};
use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{ArticleInput, SaveOutcome, Store};
use broadsheet_testkit::{TestDb, on_both_engines};
use std::time::{Duration, Instant};

on_both_engines!(scheduled_articles_go_live_once_on_their_own);

async fn scheduled_articles_go_live_once_on_their_own(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let section = store.create_section("city", "City", "", "").await.unwrap();
    let user = store
        .create_user(
            &EmailAddress::parse("ed@example.org").unwrap(),
            "Ed",
            Role::Editor,
            None,
        )
        .await
        .unwrap();
    let input = ArticleInput {
        section_id: section.id,
        slug: "soon".into(),
        headline: "Soon".into(),
        language: "en".into(),
        author_ids: vec![user.id],
        ..Default::default()
    };
    let SaveOutcome::Saved { id, .. } = store
        .save_article(None, 0, &input, user.id, "created")
        .await
        .unwrap()
    else {
        panic!()
    };
    let at = broadsheet_store::now() + 2;
    store
        .move_article(
            id,
            ArticleStatus::Draft,
            ArticleStatus::Scheduled,
            "schedule",
            Some(at),
            user.id,
        )
        .await
        .unwrap();

    // Three nodes, each with its own pool and job loop.
    let mut nodes = Vec::new();
    for _ in 0..3 {
        let node = Store::connect(&db.url).await.unwrap();
        let data = broadsheet::config::DataConfig::new(std::env::temp_dir(), Some(db.url.clone()))
            .unwrap();
        let state = AppState::new(node, data, SiteOptions::local()).unwrap();
        let generation = state.page_cache.generation();
        nodes.push((
            broadsheet::jobs::spawn(state.clone(), Duration::from_millis(100)),
            state,
            generation,
        ));
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let a = store.article_by_id(id).await.unwrap().unwrap();
        if a.summary.status.0 == ArticleStatus::Published {
            assert_eq!(a.summary.published_at, Some(at));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the scheduled article never went live"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut invalidated = 0;
    for (jobs, state, generation) in nodes {
        jobs.stop().await;
        invalidated += usize::from(state.page_cache.generation() != generation);
    }
    assert_eq!(
        store.count_events(id, "publish").await.unwrap(),
        1,
        "published exactly once"
    );
    assert_eq!(
        invalidated, 1,
        "the node that published refreshed its page cache"
    );
}
