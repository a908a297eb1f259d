//! The store at the benchmark's scale, on SQLite and PostgreSQL: only a query's newest
//! matches are ranked (decision 0042) and filters choose which matches those are; many
//! articles written at once land together or not at all; comments written in bulk are
//! threaded and counted like any others.

use broadsheet_domain::{ArticleStatus, EmailAddress, Role};
use broadsheet_store::{CommentSort, NewArticle, RANKED_MATCHES, SearchQuery, Store, StoreError};
use broadsheet_testkit::{Engine, TestDb, on_both_engines};
use sqlx::Connection;

on_both_engines!(
    only_the_newest_matches_are_ranked,
    word_beginnings_widen_only_scarce_queries,
    a_batch_with_a_bad_article_writes_nothing,
    bulk_comments_are_threaded_and_counted,
);

struct Newsroom {
    store: Store,
    city: i64,
    sport: i64,
    author: i64,
}

async fn newsroom(db: &TestDb) -> Newsroom {
    let store = Store::open(&db.url).await.unwrap();
    let city = store.create_section("city", "City", "Kent", "").await;
    let sport = store.create_section("sport", "Sport", "Spor", "").await;
    let email = EmailAddress::parse("nora@example.org").unwrap();
    let author = store.create_user(&email, "Nora", Role::Author, None).await;
    Newsroom {
        store,
        city: city.unwrap().id,
        sport: sport.unwrap().id,
        author: author.unwrap().id,
    }
}

impl Newsroom {
    fn article(&self, section_id: i64, slug: &str, headline: &str, at: i64) -> NewArticle {
        NewArticle {
            section_id,
            slug: slug.into(),
            headline: headline.into(),
            standfirst: "News from the coast.".into(),
            body_md: "The lighthouse stood in the storm.".into(),
            body_html: "<p>The lighthouse stood in the storm.</p>".into(),
            language: "en".into(),
            status: Some(ArticleStatus::Published),
            published_at: Some(at),
            author_ids: vec![self.author],
            ..Default::default()
        }
    }
}

/// Makes the next article id `next`, so the newest matches straddle PostgreSQL's id
/// buckets of a thousand and the search has to widen to older ones.
async fn skip_ids_to(db: &TestDb, next: i64) {
    let sql = match db.engine {
        Engine::Sqlite => format!(
            "UPDATE sqlite_sequence SET seq = {} WHERE name = 'articles'",
            next - 1
        ),
        Engine::Postgres => format!("ALTER TABLE articles ALTER COLUMN id RESTART WITH {next}"),
    };
    let sql = sqlx::AssertSqlSafe(sql);
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

fn lighthouse(page: i64) -> SearchQuery {
    SearchQuery {
        text: "lighthouse".into(),
        per_page: 50,
        page,
        ..Default::default()
    }
}

async fn only_the_newest_matches_are_ranked(db: &TestDb) {
    let n = newsroom(db).await;
    // The oldest match names the word in its headline: over all matches it would rank
    // first. Then RANKED_MATCHES newer ones with the word in the body only, one of them
    // in its headline too.
    let oldest = n.article(n.sport, "oldest", "Lighthouse keeper honoured", 10);
    let oldest = n.store.create_article(&oldest).await.unwrap();
    skip_ids_to(db, 3_800).await;
    let newer: Vec<NewArticle> = (0..RANKED_MATCHES)
        .map(|i| {
            let headline = if i == 300 {
                "Lighthouse relit"
            } else {
                "Storm night"
            };
            n.article(n.city, &format!("storm-{i}"), headline, 1_000 + i)
        })
        .collect();
    let newer = n.store.create_articles(&newer).await.unwrap();
    assert_eq!(newer.len() as i64, RANKED_MATCHES);

    let first = n.store.search(&lighthouse(0)).await.unwrap();
    assert_eq!(first.len(), 51, "a full page and a sign that more follow");
    assert_eq!(
        first[0].summary.id, newer[300],
        "a headline match among the newest ranks first"
    );
    let mut seen = Vec::new();
    for page in 0..20 {
        let hits = n.store.search(&lighthouse(page)).await.unwrap();
        seen.extend(hits.iter().take(50).map(|h| h.summary.id));
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len() as i64,
        RANKED_MATCHES,
        "each of the newest matches once, no more"
    );
    assert!(
        !seen.contains(&oldest),
        "the oldest match is past the ranked ones"
    );

    // Filters choose the matches before the newest are taken: the oldest is found again.
    let sport = SearchQuery {
        section_id: Some(n.sport),
        ..lighthouse(0)
    };
    let early = SearchQuery {
        until: Some(500),
        ..lighthouse(0)
    };
    for q in [sport, early] {
        let hits = n.store.search(&q).await.unwrap();
        assert_eq!(
            hits.iter().map(|h| h.summary.id).collect::<Vec<_>>(),
            [oldest]
        );
    }
}

async fn word_beginnings_widen_only_scarce_queries(db: &TestDb) {
    let n = newsroom(db).await;
    let with_body = |slug: String, body: &str, at: i64| NewArticle {
        body_md: body.into(),
        body_html: format!("<p>{body}</p>"),
        ..n.article(n.city, &slug, "Notes from the quay", at)
    };
    let longer = with_body("master".into(), "The harbourmaster retired.", 10);
    let longer = n.store.create_article(&longer).await.unwrap();
    let harbour = |page: i64| SearchQuery {
        text: "harbour".into(),
        per_page: 50,
        page,
        ..Default::default()
    };
    let found: Vec<i64> = (n.store.search(&harbour(0)).await.unwrap().iter())
        .map(|h| h.summary.id)
        .collect();
    match db.engine {
        Engine::Sqlite => assert_eq!(found, [longer], "few whole words: beginnings count"),
        Engine::Postgres => assert!(found.is_empty(), "whole (stemmed) words only"),
    }

    // As many whole-word matches as are ranked: those fill the ranked set, and the
    // longer word is not among them.
    let plenty: Vec<NewArticle> = (0..RANKED_MATCHES)
        .map(|i| with_body(format!("froze-{i}"), "The harbours froze.", 100 + i))
        .collect();
    let plenty = n.store.create_articles(&plenty).await.unwrap();
    let mut seen = Vec::new();
    for page in 0..11 {
        let hits = n.store.search(&harbour(page)).await.unwrap();
        seen.extend(hits.iter().take(50).map(|h| h.summary.id));
    }
    seen.sort_unstable();
    assert_eq!(seen, plenty, "every whole-word match ranked once, stemmed");
    assert!(!seen.contains(&longer));
}

async fn a_batch_with_a_bad_article_writes_nothing(db: &TestDb) {
    let n = newsroom(db).await;
    let batch = [
        n.article(n.city, "first", "First", 10),
        n.article(n.city, "second", "Second", 20),
        n.article(n.city, "first", "First again", 30),
    ];
    let err = n.store.create_articles(&batch).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(ref m) if m.contains("first")),
        "{err:?}"
    );
    assert_eq!(n.store.count_articles().await.unwrap(), 0);
    assert!(n.store.search(&lighthouse(0)).await.unwrap().is_empty());
    let ids = n.store.create_articles(&batch[..2]).await.unwrap();
    assert_eq!(n.store.search(&lighthouse(0)).await.unwrap().len(), 2);
    assert!(ids[0] < ids[1], "written in order");
}

async fn bulk_comments_are_threaded_and_counted(db: &TestDb) {
    let n = newsroom(db).await;
    let batch = [
        n.article(n.city, "busy", "Busy", 10),
        n.article(n.city, "quiet", "Quiet", 20),
    ];
    let [busy, quiet] = n.store.create_articles(&batch).await.unwrap()[..] else {
        panic!("two articles")
    };
    n.store
        .bulk_comments(&[(busy, 8), (quiet, 0)], 4, 1_000)
        .await
        .unwrap();
    let tops = n
        .store
        .top_comments(busy, None, CommentSort::Oldest, None, 100)
        .await
        .unwrap();
    assert_eq!(tops.len(), 8);
    let answered: Vec<i64> = tops
        .iter()
        .filter(|c| c.reply_count == 1)
        .map(|c| c.id)
        .collect();
    assert_eq!(
        answered.len(),
        2,
        "every fourth top-level comment has a reply"
    );
    let replies = n
        .store
        .replies_of_threads(&answered, None, 10)
        .await
        .unwrap();
    assert_eq!(replies.len(), 2);
    assert!(
        replies
            .iter()
            .all(|r| r.depth == 1 && answered.contains(&r.parent_id.unwrap()))
    );
    let mut counts = n.store.comment_counts(&[busy, quiet]).await.unwrap();
    counts.sort_unstable();
    assert_eq!(counts, [(busy, 10), (quiet, 0)]);
}
