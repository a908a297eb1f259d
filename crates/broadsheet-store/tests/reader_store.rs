//! Reader-site storage on SQLite and PostgreSQL: listings by section, tag and author with
//! keyset paging, related articles, sitemap rows, and full-text search.

use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{ArticleCursor, Listing, NewArticle, SearchQuery, Store};
use broadsheet_testkit::{Engine, TestDb, on_both_engines};

on_both_engines!(
    listings_page_by_keyset_per_section_tag_and_author,
    related_prefers_shared_tags_then_the_section,
    sitemap_rows_cover_published_articles_only,
    search_ranks_headline_first_and_filters,
    search_folds_turkish_and_survives_hostile_queries,
    unpublishing_removes_from_search_at_once,
);

struct Fixture {
    store: Store,
    city: i64,
    sport: i64,
    nora: i64,
    tobias: i64,
}

async fn fixture(db: &TestDb) -> Fixture {
    let store = Store::open(&db.url).await.unwrap();
    let city = store
        .create_section("city", "City", "Kent", "")
        .await
        .unwrap()
        .id;
    let sport = store
        .create_section("sport", "Sport", "Spor", "")
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for (e, n) in [
        ("nora@example.org", "Nora"),
        ("tobias@example.org", "Tobias"),
    ] {
        let u = store
            .create_user(&EmailAddress::parse(e).unwrap(), n, Role::Author, None)
            .await
            .unwrap();
        ids.push(u.id);
    }
    Fixture {
        store,
        city,
        sport,
        nora: ids[0],
        tobias: ids[1],
    }
}

impl Fixture {
    /// A published article; `at` is its publication time.
    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &self,
        section: i64,
        slug: &str,
        headline: &str,
        body: &str,
        at: i64,
        tags: &[&str],
        author: i64,
    ) -> i64 {
        self.store
            .create_article(&NewArticle {
                section_id: section,
                slug: slug.into(),
                headline: headline.into(),
                standfirst: format!("About {slug}."),
                body_md: body.into(),
                body_html: format!("<p>{body}</p>"),
                language: "en".into(),
                status: Some(ArticleStatus::Published),
                published_at: Some(at),
                author_ids: vec![author],
                tags: tags
                    .iter()
                    .map(|t| (t.to_string(), t.to_string()))
                    .collect(),
                ..Default::default()
            })
            .await
            .unwrap()
    }
}

/// Follows a listing to its end, `per` at a time, returning every id seen.
async fn walk(store: &Store, which: Listing, per: i64) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.listing(which, after, per).await.unwrap();
        seen.extend(page.iter().map(|a| a.id));
        match page.last() {
            Some(last) if page.len() as i64 == per => {
                after = Some(ArticleCursor {
                    published_at: last.published_at.unwrap(),
                    id: last.id,
                })
            }
            _ => return seen,
        }
    }
}

async fn listings_page_by_keyset_per_section_tag_and_author(db: &TestDb) {
    let f = fixture(db).await;
    let mut city_ids = Vec::new();
    // Several share a publication second: ties must break on id without loss.
    for i in 0..7 {
        let tags: &[&str] = if i % 2 == 0 { &["harbour"] } else { &[] };
        let author = if i < 3 { f.nora } else { f.tobias };
        city_ids.push(
            f.publish(
                f.city,
                &format!("c{i}"),
                "City story",
                "text",
                1000 + i / 3,
                tags,
                author,
            )
            .await,
        );
    }
    let sport_id = f
        .publish(
            f.sport,
            "s0",
            "Sport story",
            "text",
            5000,
            &["harbour"],
            f.nora,
        )
        .await;
    f.store
        .create_article(&NewArticle {
            section_id: f.city,
            slug: "draft".into(),
            headline: "Draft".into(),
            author_ids: vec![f.nora],
            ..Default::default()
        })
        .await
        .unwrap();

    let all = walk(&f.store, Listing::All, 3).await;
    assert_eq!(all.len(), 8, "drafts never list");
    assert_eq!(all[0], sport_id, "newest first");
    let city = walk(&f.store, Listing::Section(f.city), 2).await;
    let mut expected = city_ids.clone();
    expected.sort_by_key(|id| {
        std::cmp::Reverse((
            1000 + (city_ids.iter().position(|c| c == id).unwrap() as i64) / 3,
            *id,
        ))
    });
    assert_eq!(city, expected);
    let tag = f.store.tag_by_slug("harbour").await.unwrap().unwrap();
    assert_eq!(walk(&f.store, Listing::Tag(tag.id), 2).await.len(), 5);
    assert_eq!(walk(&f.store, Listing::Author(f.nora), 2).await.len(), 4);
    assert!(f.store.tag_by_slug("nope").await.unwrap().is_none());
    let nora = f.store.author(f.nora).await.unwrap().unwrap();
    assert_eq!(nora.display_name, "Nora");
    assert!(f.store.author(9_999).await.unwrap().is_none());
}

async fn related_prefers_shared_tags_then_the_section(db: &TestDb) {
    let f = fixture(db).await;
    let me = f
        .publish(f.city, "me", "Me", "x", 100, &["a", "b"], f.nora)
        .await;
    let two = f
        .publish(f.sport, "two", "Two", "x", 50, &["a", "b"], f.nora)
        .await;
    let one = f
        .publish(f.sport, "one", "One", "x", 90, &["a"], f.nora)
        .await;
    let same_section = f
        .publish(f.city, "near", "Near", "x", 80, &[], f.nora)
        .await;
    let related: Vec<i64> = f
        .store
        .related(me, f.city, 3)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(related, [two, one, same_section]);
}

async fn sitemap_rows_cover_published_articles_only(db: &TestDb) {
    let f = fixture(db).await;
    let now = broadsheet_store::now();
    let old = f
        .publish(f.city, "old", "Old", "x", now - 5 * 86_400, &[], f.nora)
        .await;
    let fresh = f
        .publish(f.city, "fresh", "Fresh", "x", now - 3600, &[], f.nora)
        .await;
    let pages = f.store.sitemap_pages(1).await.unwrap();
    assert_eq!(
        pages.iter().map(|p| p.page).collect::<Vec<_>>(),
        [old, fresh]
    );
    let entries = f.store.sitemap_entries(0, 1000).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].section_slug, "city");
    let news = f
        .store
        .published_since(now - 48 * 3600, 1000)
        .await
        .unwrap();
    assert_eq!(news.iter().map(|e| e.id).collect::<Vec<_>>(), [fresh]);
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        per_page: 10,
        ..Default::default()
    }
}

async fn search_ranks_headline_first_and_filters(db: &TestDb) {
    let f = fixture(db).await;
    let body_only = f
        .publish(
            f.city,
            "b",
            "Council budget",
            "The lighthouse keeper retired.",
            300,
            &[],
            f.nora,
        )
        .await;
    let headline = f
        .publish(
            f.sport,
            "h",
            "Lighthouse regatta",
            "A race round the point.",
            100,
            &[],
            f.nora,
        )
        .await;
    let hits = f.store.search(&query("lighthouse")).await.unwrap();
    let ids: Vec<i64> = hits.iter().map(|h| h.summary.id).collect();
    assert_eq!(ids, [headline, body_only], "headline matches rank first");
    assert!(hits[1].body_md.contains("lighthouse"));
    // Section and date filters.
    let in_city = f
        .store
        .search(&SearchQuery {
            section_id: Some(f.city),
            ..query("lighthouse")
        })
        .await
        .unwrap();
    assert_eq!(
        in_city.iter().map(|h| h.summary.id).collect::<Vec<_>>(),
        [body_only]
    );
    let recent = f
        .store
        .search(&SearchQuery {
            from: Some(200),
            ..query("lighthouse")
        })
        .await
        .unwrap();
    assert_eq!(recent.len(), 1);
    let older = f
        .store
        .search(&SearchQuery {
            until: Some(200),
            ..query("lighthouse")
        })
        .await
        .unwrap();
    assert_eq!(older[0].summary.id, headline);
    // Every word must match; stemming or prefixes find other forms.
    assert!(
        f.store
            .search(&query("lighthouse budget"))
            .await
            .unwrap()
            .len()
            == 1
    );
    assert_eq!(
        f.store
            .search(&query("retired keepers"))
            .await
            .unwrap()
            .len(),
        1
    );
    // Paging: one per page, with one extra row telling that more follow.
    let first = f
        .store
        .search(&SearchQuery {
            per_page: 1,
            ..query("lighthouse")
        })
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    let second = f
        .store
        .search(&SearchQuery {
            per_page: 1,
            page: 1,
            ..query("lighthouse")
        })
        .await
        .unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].summary.id, body_only);
}

async fn search_folds_turkish_and_survives_hostile_queries(db: &TestDb) {
    let f = fixture(db).await;
    let id = f
        .store
        .create_article(&NewArticle {
            section_id: f.city,
            slug: "balik".into(),
            headline: "BALIK HALİ yeniden açıldı".into(),
            standfirst: "Işıklar yandı.".into(),
            body_md: "İstanbul'dan gelen balıkçılar limanda.".into(),
            language: "tr".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(10),
            author_ids: vec![f.nora],
            ..Default::default()
        })
        .await
        .unwrap();
    for q in [
        "balık",
        "BALIK",
        "balik",
        "hali",
        "HALİ",
        "istanbul",
        "İSTANBUL",
    ] {
        let hits = f.store.search(&query(q)).await.unwrap();
        assert_eq!(
            hits.iter().map(|h| h.summary.id).collect::<Vec<_>>(),
            [id],
            "{q}"
        );
    }
    let long = "x\"(".repeat(4000);
    for q in [
        "\"",
        "balık\" OR \"",
        "NEAR(",
        "*",
        "-",
        "a:b",
        "'); DROP TABLE articles; --",
        "^",
        &long,
        "",
        "   ",
    ] {
        f.store
            .search(&query(q))
            .await
            .unwrap_or_else(|e| panic!("{q:?}: {e:?}"));
    }
    assert_eq!(f.store.count_articles().await.unwrap(), 1);
}

async fn unpublishing_removes_from_search_at_once(db: &TestDb) {
    let f = fixture(db).await;
    let id = f
        .publish(
            f.city,
            "quay",
            "Quay reopens",
            "Saltmarsh quay is open again.",
            10,
            &[],
            f.nora,
        )
        .await;
    assert_eq!(f.store.search(&query("saltmarsh")).await.unwrap().len(), 1);
    set_status(db, id, "unpublished").await;
    assert!(
        f.store
            .search(&query("saltmarsh"))
            .await
            .unwrap()
            .is_empty()
    );
    set_status(db, id, "published").await;
    assert_eq!(f.store.search(&query("saltmarsh")).await.unwrap().len(), 1);
    // Editing the text re-indexes it.
    exec(
        db,
        &format!("UPDATE articles SET headline = 'Ferry returns' WHERE id = {id}"),
    )
    .await;
    assert_eq!(f.store.search(&query("ferry")).await.unwrap().len(), 1);
    assert!(f.store.search(&query("reopens")).await.unwrap().is_empty());
    exec(db, &format!("DELETE FROM articles WHERE id = {id}")).await;
    assert!(f.store.search(&query("ferry")).await.unwrap().is_empty());
}

/// What the newsroom's workflow does to an article, written directly.
async fn set_status(db: &TestDb, id: i64, status: &str) {
    exec(
        db,
        &format!("UPDATE articles SET status = '{status}' WHERE id = {id}"),
    )
    .await;
}

async fn exec(db: &TestDb, sql: &str) {
    use sqlx::Connection;
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match db.engine {
        Engine::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        }
        Engine::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        }
    }
}
