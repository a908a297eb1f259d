//! Direct looks into a test database, on either engine, to check what the server wrote.

use sqlx::Connection;

/// One integer from a query with one integer parameter.
pub async fn scalar(url: &str, sql: &'static str, param: i64) -> Option<i64> {
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql)
            .bind(param)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql)
            .bind(param)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    }
}

/// The oldest published article: its id and public path.
pub async fn first_article(url: &str) -> (i64, String) {
    const SQL: &str = "SELECT a.id, s.slug || '/' || a.slug FROM articles a JOIN sections s ON s.id = a.section_id \
                       WHERE a.status = 'published' AND a.id > $1 ORDER BY a.id LIMIT 1";
    let row: (i64, String) = if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_as(SQL)
            .bind(0i64)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_as(SQL)
            .bind(0i64)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    (row.0, format!("/{}", row.1))
}

/// One text value from a query with one text parameter.
pub async fn text(url: &str, sql: &'static str, param: &str) -> Option<String> {
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql)
            .bind(param)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql)
            .bind(param)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    }
}
