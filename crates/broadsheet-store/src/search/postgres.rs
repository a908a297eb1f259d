//! PostgreSQL's half of search: finding a query's newest matches without visiting every
//! match, then ranking only those. A GIN index cannot hand out its matches newest first,
//! so its key also holds each article's id bucket (`#<id / 1000>`, migration 0019): a
//! query asks for its words *and* one of a few recent buckets, and widens to older
//! buckets only while it has found too few; when what it found says the words are rare,
//! it asks once for all their older matches instead.

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

/// Below this many expected matches among the older articles, one query without
/// buckets is cheaper than widening further: GIN hands over every match of the words at
/// once, and there are few (the rarest queries otherwise widened through four rounds).
const SPARSE_MATCHES: usize = 1500;

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
    let text = terms.join(" ");
    let mut found = Vec::new();
    let mut top = newest / BUCKET_IDS;
    let mut span = 1;
    loop {
        let low = (top - span + 1).max(0);
        let buckets: Vec<String> = (low..=top).map(|b| format!("'#{b}'")).collect();
        let missing = RANKED_MATCHES - found.len() as i64;
        let buckets = Older::InBuckets(buckets.join(" | "));
        found.extend(matches_in(pool, &text, q, buckets, missing).await?);
        if found.len() as i64 >= RANKED_MATCHES || low == 0 {
            return Ok(found);
        }
        // Matches so far per id looked at, times the ids still to look at.
        let looked_at = (newest - low * BUCKET_IDS + 1).max(1) as usize;
        let expected = found.len() * (low * BUCKET_IDS) as usize / looked_at;
        // The newest bucket may hold a handful of ids: judge from a few thousand.
        if looked_at >= 4 * BUCKET_IDS as usize && expected <= SPARSE_MATCHES {
            let missing = RANKED_MATCHES - found.len() as i64;
            let older = Older::Than(low * BUCKET_IDS);
            found.extend(matches_in(pool, &text, q, older, missing).await?);
            return Ok(found);
        }
        top = low - 1;
        span *= 4;
    }
}

/// Where [`matches_in`] looks: some id buckets (a tsquery of `#n` lexemes), or every
/// id below one.
enum Older {
    InBuckets(String),
    Than(i64),
}

/// Up to `limit` matches, newest first, among the ids `older` names.
async fn matches_in(
    pool: &PgPool,
    text: &str,
    q: &SearchQuery,
    older: Older,
    limit: i64,
) -> Result<Vec<i64>, StoreError> {
    // The expression is the index's, so the index answers words and buckets together. A
    // query without lexemes (only stop words) stays empty, matching nothing, rather than
    // becoming "any article in these buckets".
    let (words, ids) = match older {
        Older::InBuckets(_) => (
            "CASE WHEN numnode(w.q) = 0 THEN w.q ELSE w.q && $5::tsquery END",
            "",
        ),
        Older::Than(_) => ("w.q", "AND a.id < $5"),
    };
    let sql = format!(
        "SELECT a.id FROM articles a, (SELECT {words} AS q FROM (SELECT {WORDS} AS q) w) tsq \
         WHERE (a.search_vector || array_to_tsvector(ARRAY['#' || (a.id / 1000)::text])) @@ tsq.q \
         AND a.status = 'published' {DATE_SECTION_FILTERS} {ids} \
         ORDER BY a.id DESC LIMIT $6"
    );
    let query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(text)
        .bind(q.section_id)
        .bind(q.from)
        .bind(q.until);
    let query = match older {
        Older::InBuckets(buckets) => query.bind(buckets),
        Older::Than(id) => query.bind(id),
    };
    Ok(query.bind(limit).fetch_all(pool).await?)
}

/// One page of `ids` ranked: headline (weight A) above standfirst (B), then body-only
/// matches; newer first on a tie. Ranked on `title_vector` (migration 0022): the whole
/// `search_vector` would be read out of TOAST storage for every one of the ids.
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
         ORDER BY ts_rank(a.title_vector, tsq.q, 1) DESC, a.id DESC LIMIT $3 OFFSET $4"
    ));
    Ok(sqlx::query_as::<_, SearchHit>(sql)
        .bind(terms.join(" "))
        .bind(ids)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
}
