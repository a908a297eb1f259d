//! Direct looks into a test database, on either engine, to check what the server wrote.

use sqlx::Connection;

/// Runs one query on a fresh connection to whichever engine `$url` names.
macro_rules! on_engine {
    ($url:expr, $conn:ident => $body:expr) => {
        if $url.starts_with("sqlite:") {
            let mut $conn = sqlx::SqliteConnection::connect($url).await.unwrap();
            $body
        } else {
            let mut $conn = sqlx::PgConnection::connect($url).await.unwrap();
            $body
        }
    };
}

/// One integer from a query with one integer parameter.
pub async fn scalar(url: &str, sql: &'static str, param: i64) -> Option<i64> {
    on_engine!(url, conn => sqlx::query_scalar(sql).bind(param).fetch_optional(&mut conn).await.unwrap())
}

/// One text value from a query with one text parameter.
pub async fn text(url: &str, sql: &'static str, param: &str) -> Option<String> {
    on_engine!(url, conn => sqlx::query_scalar(sql).bind(param).fetch_optional(&mut conn).await.unwrap())
}

/// The oldest published article: its id and public path.
pub async fn first_article(url: &str) -> (i64, String) {
    const SQL: &str = "SELECT a.id, s.slug || '/' || a.slug FROM articles a JOIN sections s ON s.id = a.section_id \
                       WHERE a.status = 'published' AND a.id > $1 ORDER BY a.id LIMIT 1";
    let row: (i64, String) =
        on_engine!(url, conn => sqlx::query_as(SQL).bind(0i64).fetch_one(&mut conn).await.unwrap());
    (row.0, format!("/{}", row.1))
}
