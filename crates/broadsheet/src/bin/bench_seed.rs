//! Seeds a database with N published articles for the reader benchmark (`bench/reader`):
//! the demo newspaper first, then copies of its articles with varied headlines and
//! publication times. Usage: `bench_seed DATABASE_URL N`.

use anyhow::Context;
use broadsheet::content::demo;
use broadsheet::content::markdown::{render_article, word_count};
use broadsheet::telemetry::progress::Progress;
use broadsheet_domain::{ArticleStatus, Slug};
use broadsheet_store::{Listing, NewArticle, Store};

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
        anyhow::bail!("usage: bench_seed DATABASE_URL N");
    };
    let target: i64 = n.parse().context("N must be a number")?;
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
    let have = store.count_articles().await?;
    let now = broadsheet_store::now();
    let mut progress = Progress::new("seeded articles").every(500);
    for i in have..target {
        let src = &sources[i as usize % sources.len()];
        let word = WORDS[i as usize % WORDS.len()];
        let headline = format!(
            "{} {word} {i}",
            src.fields.get("headline").map_or("Story", String::as_str)
        );
        let new = NewArticle {
            section_id: sections[i as usize % sections.len()].id,
            slug: Slug::from_title(&format!("{word}-story-{i}")).to_string(),
            standfirst: src.fields.get("standfirst").cloned().unwrap_or_default(),
            body_html: render_article(&src.body).into_string(),
            word_count: word_count(&src.body),
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
        };
        store.create_article(&new).await?;
        progress.tick((i + 1) as usize, target as usize);
    }
    store.close().await;
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
