//! Full-text search over published articles: SQLite FTS5 or PostgreSQL text search
//! behind one method. Reader input never reaches either query language as syntax: it is
//! cut into plain word tokens first, so quotes, operators and huge strings are harmless.
//!
//! Only the newest [`RANKED_MATCHES`] matches of a query are ranked (decision 0042): a
//! common word matches most of a large archive, and scoring every match cost a search
//! at 100,000 articles hundreds of milliseconds on either engine.

mod postgres;
mod sqlite;

use crate::db::Db;
use crate::{ArticleSummary, Store, StoreError};
use serde::Serialize;

/// How many matches a query ranks: the newest (highest id) this many that pass its
/// filters. Results past them are not offered (the reader site stops at 50 pages of 10).
pub const RANKED_MATCHES: i64 = 500;

/// The most words of a query we search for; the rest is ignored.
pub const MAX_TERMS: usize = 12;
const MAX_TERM_CHARS: usize = 40;

/// What a reader searched for, and where in the results they are.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    pub section_id: Option<i64>,
    /// Published at or after (Unix seconds).
    pub from: Option<i64>,
    /// Published before (Unix seconds).
    pub until: Option<i64>,
    /// Zero-based page number.
    pub page: i64,
    pub per_page: i64,
}

/// One result: the summary plus the body, for the snippet.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SearchHit {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub body_md: String,
}

/// Lower-cases for search, folding Turkish dotted and dotless I to a plain `i` so that
/// either spelling (and either case) finds the other.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ı' | 'İ' | 'I' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded word tokens of a query: letters and digits only, at most `MAX_TERMS`.
pub fn search_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
        let word: String = word.chars().take(MAX_TERM_CHARS).collect();
        if !word.is_empty() && !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// The section and date filters, on `articles a`. Their placeholders are fixed: $2
/// section, $3 from, $4 until.
const DATE_SECTION_FILTERS: &str = "AND ($2 IS NULL OR a.section_id = $2) \
    AND ($3 IS NULL OR a.published_at >= $3) AND ($4 IS NULL OR a.published_at < $4)";

impl Store {
    /// Ranked results (headline above standfirst above body) among the newest
    /// [`RANKED_MATCHES`] matches, at most `per_page + 1` so the caller knows whether
    /// another page follows.
    pub async fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        let terms = search_terms(&q.text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let per_page = q.per_page.clamp(1, 50);
        let offset = q.page.clamp(0, 50) * per_page;
        if offset >= RANKED_MATCHES {
            return Ok(Vec::new());
        }
        let hits = match &self.db {
            Db::Sqlite(pool) => sqlite::search(pool, &terms, q, per_page + 1, offset).await?,
            Db::Postgres(pool) => {
                let newest = postgres::newest_matches(pool, &terms, q).await?;
                postgres::ranked(pool, &terms, &newest, per_page + 1, offset).await?
            }
        };
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_i_folds_both_ways() {
        assert_eq!(fold("İSTANBUL ılık Işık"), "istanbul ilik işik");
        assert_eq!(search_terms("Balık HALİ"), ["balik", "hali"]);
    }

    #[test]
    fn query_syntax_becomes_plain_words() {
        let terms = search_terms(r#""harbour" OR NEAR(a b) -x * ^col: 'quay'"#);
        assert_eq!(
            terms,
            ["harbour", "or", "near", "a", "b", "x", "col", "quay"]
        );
        assert!(search_terms(&"x".repeat(10_000))[0].len() <= MAX_TERM_CHARS);
        assert_eq!(search_terms(&"a b ".repeat(5000)).len(), 2);
        assert!(search_terms("\"'*()-:^").is_empty());
    }
}
