//! Regressions found by the property, kept as plain cases.

use super::site::{As, get, site};
use crate::common::TestApp;
use broadsheet_store::SearchQuery;
use broadsheet_testkit::TestDb;

/// A NUL (`%00`) in a slug or filter reached PostgreSQL, which refuses NUL in text and
/// failed the query: 500 on PostgreSQL. On SQLite the newsroom's headline filter (a LIKE
/// pattern) ended at the NUL and listed every article.
pub async fn regression_nul_in_paths_and_queries_is_not_a_server_error(db: &TestDb) {
    let site = site(db).await;
    let sec = site.section.clone();
    let art = site.article.clone();
    let tag = site.tag.clone();
    for uri in [
        format!("/{sec}%00"),
        format!("/{art}%00"),
        format!("/{sec}/%00"),
        "/%00/x".to_string(),
        format!("/tag/{tag}%00"),
        format!("/feed/section/{sec}%00/rss"),
        "/feed/tag/%00/atom".to_string(),
    ] {
        let page = get(&site, As::Anonymous, &uri).await;
        assert_eq!(page.status.as_u16(), 404, "{uri}");
    }
    let page = get(&site, As::Writer, "/api/v1/articles?q=a%00").await;
    assert_eq!(page.status.as_u16(), 200);
    assert_eq!(TestApp::json(&page)["articles"], serde_json::json!([]));
    let page = get(&site, As::Writer, "/api/v1/articles?section=%00").await;
    assert_eq!(page.status.as_u16(), 400);
    let page = get(&site, As::Staff, "/newsroom/articles?q=a%00").await;
    assert_eq!(page.status.as_u16(), 200);
    let page = get(&site, As::Staff, "/newsroom/moderation?section=%00").await;
    assert_eq!(page.status.as_u16(), 200);
}

/// The headline filter was a LIKE pattern, which SQLite refuses over 50,000 bytes:
/// a long `q` answered 500 on SQLite.
pub async fn regression_long_headline_filter_is_not_a_server_error(db: &TestDb) {
    let site = site(db).await;
    let q = "x".repeat(55_000);
    let page = get(&site, As::Writer, &format!("/api/v1/articles?q={q}")).await;
    assert_eq!(page.status.as_u16(), 200);
    assert_eq!(TestApp::json(&page)["articles"], serde_json::json!([]));
    let page = get(&site, As::Staff, &format!("/newsroom/articles?q={q}")).await;
    assert_eq!(page.status.as_u16(), 200);
}

/// On PostgreSQL a searched "or" was the OR operator: "zqxjvkwq or harbour" listed the
/// harbour articles although no article says zqxjvkwq.
pub async fn regression_searched_or_does_not_widen_results(db: &TestDb) {
    let site = site(db).await;
    let store = site.app.store.clone();
    let harbour = store
        .search(&SearchQuery {
            text: "harbour".into(),
            per_page: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!harbour.is_empty(), "the demo has harbour stories");
    for q in [
        "zqxjvkwq+or+harbour",
        "harbour+OR+zqxjvkwq",
        "zqxjvkwq+%7C+harbour",
    ] {
        let page = get(&site, As::Anonymous, &format!("/search?q={q}")).await;
        assert_eq!(page.status.as_u16(), 200);
        let links = page.attrs(".search-results a", "href");
        assert!(links.is_empty(), "{q}: {links:?}");
    }
}
