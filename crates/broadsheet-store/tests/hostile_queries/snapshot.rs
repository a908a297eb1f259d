//! The database before and after: a snapshot of every table, and its comparison.

use broadsheet_testkit::{Engine, TestDb};
use sqlx::Connection;
use std::collections::BTreeMap;

/// Every table's rows as text, sorted: equal snapshots mean nothing was written.
pub async fn snapshot(db: &TestDb) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    match db.engine {
        Engine::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for t in tables {
                let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{t}')"
                )))
                .fetch_all(&mut conn)
                .await
                .unwrap();
                let row = cols
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let mut rows: Vec<String> =
                    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT {row} FROM \"{t}\"")))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                rows.sort();
                out.insert(t, rows);
            }
            let _ = conn.close().await;
        }
        Engine::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for t in tables {
                let mut rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT t::text FROM \"{t}\" t"
                )))
                .fetch_all(&mut conn)
                .await
                .unwrap();
                rows.sort();
                out.insert(t, rows);
            }
            let _ = conn.close().await;
        }
    }
    out
}

pub fn assert_unchanged(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in before {
        assert!(
            rows == &after[table],
            "table {table} changed: {} rows before, {} after",
            rows.len(),
            after[table].len()
        );
    }
    assert!(before.values().map(Vec::len).sum::<usize>() > 50);
}
