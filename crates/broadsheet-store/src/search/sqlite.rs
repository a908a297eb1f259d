//! SQLite's half of search (FTS5): whole words first, word beginnings only when whole
//! words are too few to fill the ranked set.
//!
//! FTS5 reads a whole-word term's doclist lazily, newest first, so a query for common
//! words stops after the newest [`RANKED_MATCHES`] matches. A prefix term (`"harbour"*`)
//! cannot: FTS5 first merges the doclists of every word starting so, over the whole
//! archive (at 100,000 articles, 3–5× the time of the whole-word query). The porter
//! tokenizer already folds English endings ("harbours" finds "harbour"); prefixes add
//! longer words ("harbourside") and Turkish suffixes, which matter most when a query
//! finds little, so they widen only such queries (decision 0042).

use super::{DATE_SECTION_FILTERS, RANKED_MATCHES, SearchHit, SearchQuery};
use crate::StoreError;
use crate::articles::SUMMARY_SELECT;
use sqlx::sqlite::SqlitePool;

/// An FTS5 query from plain tokens, all required, each quoted; with `prefixes`, words of
/// three letters or more also match longer words they begin.
pub(super) fn fts5_query(terms: &[String], prefixes: bool) -> String {
    terms
        .iter()
        .map(|t| {
            if prefixes && t.chars().count() >= 3 {
                format!("\"{t}\"*")
            } else {
                format!("\"{t}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index holds published articles only (its triggers see to that), so no status is
/// read: that column sits behind the bodies in each row. CROSS JOIN keeps the full-text
/// index as the outer loop, walked newest (highest rowid) first, instead of probing it
/// per article.
fn newest_matches(select: &str) -> String {
    format!(
        "SELECT {select} FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid \
         WHERE article_search MATCH $1 {DATE_SECTION_FILTERS} \
         ORDER BY article_search.rowid DESC LIMIT $5"
    )
}

/// One page of ranked results among the newest matches.
pub(super) async fn search(
    pool: &SqlitePool,
    terms: &[String],
    q: &SearchQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<SearchHit>, StoreError> {
    let whole = fts5_query(terms, false);
    let count = format!("SELECT COUNT(*) FROM ({})", newest_matches("1"));
    let found: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(&whole)
        .bind(q.section_id)
        .bind(q.from)
        .bind(q.until)
        .bind(RANKED_MATCHES)
        .fetch_one(pool)
        .await?;
    let query = if found >= RANKED_MATCHES {
        whole
    } else {
        fts5_query(terms, true)
    };
    let inner =
        newest_matches("article_search.rowid AS id, bm25(article_search, 10.0, 4.0, 1.0) AS score");
    let sql = sqlx::AssertSqlSafe(format!(
        "{SUMMARY_SELECT}, a.body_md FROM ({inner}) r \
         CROSS JOIN articles a ON a.id = r.id \
         JOIN sections s ON s.id = a.section_id \
         ORDER BY r.score, a.id DESC LIMIT $6 OFFSET $7"
    ));
    Ok(sqlx::query_as::<_, SearchHit>(sql)
        .bind(query)
        .bind(q.section_id)
        .bind(q.from)
        .bind(q.until)
        .bind(RANKED_MATCHES)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_only_when_asked_and_only_for_longer_words() {
        let terms = ["harbour".to_string(), "or".to_string()];
        assert_eq!(fts5_query(&terms, true), r#""harbour"* "or""#);
        assert_eq!(fts5_query(&terms, false), r#""harbour" "or""#);
    }
}
