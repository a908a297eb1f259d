//! Seeds a database with N published articles for the reader benchmark (`bench/reader`):
//! the demo newspaper first, then copies of its articles with varied headlines and
//! publication times, and optionally comments. Usage: `bench_seed DATABASE_URL N [COMMENTS]`.
//!
//! With COMMENTS, one article gets a [`THREAD`]-comment section (its address is printed
//! as `thread /section/slug`) and the rest is spread evenly over every article, every
//! fourth top-level comment with a reply. Progress goes to standard error. Rows are
//! written [`BATCH`] articles to a transaction, so 100,000 articles and a million
//! comments take minutes, not hours.

use anyhow::Context;
use broadsheet::content::demo;
use broadsheet::content::markdown::{render_article, word_count};
use broadsheet::telemetry::progress::Progress;
use broadsheet_domain::{ArticleStatus, Slug};
use broadsheet_store::{Listing, NewArticle, Store};

/// Comments on the one article with a very long comment section.
const THREAD: i64 = 20_000;

/// Articles written (or given their comments) per transaction.
const BATCH: usize = 1_000;

/// Words mixed into headlines so search has something to tell apart.
const WORDS: &[&str] = &[
    "harbour",
    "ferry",
    "council",
    "quay",
    "festival",
    "regatta",
    "library",
    "tide",
    "market",
    "observatory",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(n)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: bench_seed DATABASE_URL N [COMMENTS]");
    };
    let target: i64 = n.parse().context("N must be a number")?;
    let comments: i64 = match args.get(3) {
        Some(c) => c.parse().context("COMMENTS must be a number")?,
        None => 0,
    };
    let store = Store::open(url).await?;
    broadsheet::content::first_start::run(&store, true, "http://127.0.0.1").await?;
    let sections = store.list_sections().await?;
    let authors: Vec<i64> = store
        .bylines(&first_ids(&store).await?)
        .await?
        .iter()
        .map(|b| b.user_id)
        .collect();
    let sources = demo::articles()?;
    // Each source's body is rendered once, not once per copy.
    let rendered: Vec<(String, i64)> = sources
        .iter()
        .map(|s| (render_article(&s.body).into_string(), word_count(&s.body)))
        .collect();
    let have = store.count_articles().await?;
    let now = broadsheet_store::now();
    let mut progress = Progress::new("seeded articles").every(10 * BATCH);
    let mut batch = Vec::with_capacity(BATCH);
    for i in have..target {
        let src = &sources[i as usize % sources.len()];
        let (body_html, words) = &rendered[i as usize % sources.len()];
        let word = WORDS[i as usize % WORDS.len()];
        let headline = format!(
            "{} {word} {i}",
            src.fields.get("headline").map_or("Story", String::as_str)
        );
        batch.push(NewArticle {
            section_id: sections[i as usize % sections.len()].id,
            slug: Slug::from_title(&format!("{word}-story-{i}")).to_string(),
            standfirst: src.fields.get("standfirst").cloned().unwrap_or_default(),
            body_html: body_html.clone(),
            word_count: *words,
            body_md: src.body.clone(),
            language: src
                .fields
                .get("language")
                .cloned()
                .unwrap_or_else(|| "en".into()),
            status: Some(ArticleStatus::Published),
            // Spread over the past: one article every ten minutes, newest first.
            published_at: Some(now - 86_400 - (i - have) * 600),
            author_ids: vec![authors[i as usize % authors.len()]],
            tags: vec![(word.to_string(), word.to_string())],
            headline,
            ..Default::default()
        });
        if batch.len() == BATCH || i + 1 == target {
            store.create_articles(&batch).await?;
            batch.clear();
            progress.tick((i + 1) as usize, target as usize);
        }
    }
    if comments > 0 {
        seed_comments(&store, comments, now).await?;
    }
    store.close().await;
    Ok(())
}

/// `total` comments: [`THREAD`] on the second-newest article, the rest spread evenly.
async fn seed_comments(store: &Store, total: i64, now: i64) -> anyhow::Result<()> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = store.listing(Listing::All, after, 500).await?;
        let Some(last) = page.last() else { break };
        after = Some(broadsheet_store::ArticleCursor {
            published_at: last.published_at.unwrap_or(0),
            id: last.id,
        });
        ids.extend(
            page.iter()
                .map(|a| (a.id, format!("/{}/{}", a.section_slug, a.slug))),
        );
    }
    let Some((thread_id, thread_path)) = ids.get(1).cloned() else {
        anyhow::bail!("comments need at least two articles");
    };
    // A reply under every fourth top-level comment: four fifths are top-level. The rest's
    // top-level comments are shared out evenly, the remainder one each to the first ones,
    // so the total comes to COMMENTS (give or take the replies' rounding).
    let thread_tops = THREAD.min(total) * 4 / 5;
    let other_tops = (total - THREAD.min(total)) * 4 / 5;
    let (each, extra) = (other_tops / ids.len() as i64, other_tops % ids.len() as i64);
    let mut progress = Progress::new("articles given comments").every(10 * BATCH);
    let mut done = 0;
    for chunk in ids.chunks(BATCH) {
        let counts: Vec<(i64, i64)> = (done..)
            .zip(chunk)
            .map(|(i, (id, _))| {
                let tops = each + i64::from((i as i64) < extra);
                let thread = if *id == thread_id { thread_tops } else { 0 };
                (*id, tops + thread)
            })
            .collect();
        store.bulk_comments(&counts, 4, now - 86_400).await?;
        done += chunk.len();
        progress.tick(done, ids.len());
    }
    println!("thread {thread_path}");
    Ok(())
}

/// Ids of the newest articles, to learn the demo's authors from their bylines.
async fn first_ids(store: &Store) -> anyhow::Result<Vec<i64>> {
    Ok(store
        .listing(Listing::All, None, 50)
        .await?
        .iter()
        .map(|a| a.id)
        .collect())
}
