//! PostgreSQL's half of search: finding a query's newest matches without visiting every
//! match, then ranking only those. A GIN index cannot hand out its matches newest first,
//! so its key also holds each article's id bucket (`#<id / 1000>`, migration 0019): a
//! query asks for its words *and* one of a few recent buckets, and widens to older
//! buckets only while it has found too few.

use super::{DATE_SECTION_FILTERS, RANKED_MATCHES, SearchHit, SearchQuery};
use crate::StoreError;
use crate::articles::SUMMARY_SELECT;
use sqlx::postgres::PgPool;

/// Article ids per bucket: `id / BUCKET_IDS`, as in the index expression of migration 0019.
const BUCKET_IDS: i64 = 1000;

/// The words as a query, stemmed both ways: each article is stemmed in its own language.
/// plainto_tsquery ANDs the words and knows no operators (websearch syntax would read a
/// searched "or" as OR and widen the results).
const WORDS: &str = "plainto_tsquery('english', $1) || plainto_tsquery('turkish', $1)";

/// The newest (highest id) published matches of the query that pass its filters, at
/// most [`RANKED_MATCHES`], newest first.
pub(super) async fn newest_matches(
    pool: &PgPool,
    terms: &[String],
    q: &SearchQuery,
) -> Result<Vec<i64>, StoreError> {
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM articles")
        .fetch_one(pool)
        .await?;
    let Some(newest) = newest else {
        return Ok(Vec::new());
    };
    // The expression is the index's, so the index answers words and buckets together. A
    // query without lexemes (only stop words) stays empty, matching nothing, rather than
    // becoming "any article in these buckets".
    let sql = format!(
        "SELECT a.id FROM articles a, \
           (SELECT CASE WHEN numnode(w.q) = 0 THEN w.q ELSE w.q && $5::tsquery END AS q \
            FROM (SELECT {WORDS} AS q) w) tsq \
         WHERE (a.search_vector || array_to_tsvector(ARRAY['#' || (a.id / 1000)::text])) @@ tsq.q \
         AND a.status = 'published' {DATE_SECTION_FILTERS} \
         ORDER BY a.id DESC LIMIT $6"
    );
    let text = terms.join(" ");
    let mut found = Vec::new();
    let mut top = newest / BUCKET_IDS;
    let mut span = 1;
    loop {
        let low = (top - span + 1).max(0);
        let buckets: Vec<String> = (low..=top).map(|b| format!("'#{b}'")).collect();
        let more: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&text)
            .bind(q.section_id)
            .bind(q.from)
            .bind(q.until)
            .bind(buckets.join(" | "))
            .bind(RANKED_MATCHES - found.len() as i64)
            .fetch_all(pool)
            .await?;
        found.extend(more);
        if found.len() as i64 >= RANKED_MATCHES || low == 0 {
            return Ok(found);
        }
        top = low - 1;
        span *= 4;
    }
}

/// One page of `ids` ranked: headline (weight A) above standfirst (B) above body (C),
/// newer first on a tie.
pub(super) async fn ranked(
    pool: &PgPool,
    terms: &[String],
    ids: &[i64],
    limit: i64,
    offset: i64,
) -> Result<Vec<SearchHit>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "{SUMMARY_SELECT}, a.body_md FROM articles a \
         JOIN sections s ON s.id = a.section_id, (SELECT {WORDS} AS q) tsq \
         WHERE a.id = ANY($2) \
         ORDER BY ts_rank(a.search_vector, tsq.q, 1) DESC, a.id DESC LIMIT $3 OFFSET $4"
    ));
    Ok(sqlx::query_as::<_, SearchHit>(sql)
        .bind(terms.join(" "))
        .bind(ids)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
}
