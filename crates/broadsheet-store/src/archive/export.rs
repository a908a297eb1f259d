//! Writing an archive: every table from one read snapshot, streamed row by row.

use super::value::{postgres_row, sqlite_row};
use super::{ArchiveError, ArchiveSummary, FORMAT, Progress, TABLES};
use crate::db::{Db, Store};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use std::io::Write;

/// Columns the archive carries: stored ones only (PostgreSQL's generated search column
/// is rebuilt by the target).
const SQLITE_COLUMNS: &str = "SELECT name FROM pragma_table_info($1) ORDER BY cid";
const POSTGRES_COLUMNS: &str = "SELECT column_name::text FROM information_schema.columns \
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' \
     ORDER BY ordinal_position";

fn line(out: &mut dyn Write, value: &Value) -> Result<(), ArchiveError> {
    serde_json::to_writer(&mut *out, value).map_err(|e| ArchiveError::Write(e.into()))?;
    out.write_all(b"\n").map_err(ArchiveError::Write)
}

/// Writes each table of `TABLES` from the open read transaction `$tx`.
macro_rules! export_tables {
    ($tx:ident, $columns_sql:expr, $decode:path, $out:expr, $progress:expr) => {{
        let mut summary = ArchiveSummary::default();
        for table in TABLES {
            let columns: Vec<String> = sqlx::query_scalar($columns_sql)
                .bind(*table)
                .fetch_all(&mut *$tx)
                .await?;
            line($out, &json!({ "table": table, "columns": columns }))?;
            let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            let sql = format!("SELECT {} FROM {table} ORDER BY 1", quoted.join(", "));
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *$tx);
            let mut n = 0u64;
            while let Some(row) = rows.try_next().await? {
                line($out, &Value::Array($decode(&row)?))?;
                n += 1;
                if n.is_multiple_of(1000) {
                    ($progress)(table, n);
                }
            }
            ($progress)(table, n);
            summary.tables.push((table.to_string(), n));
        }
        summary
    }};
}

impl Store {
    /// Writes the whole site to `out` as an archive, from one consistent snapshot taken
    /// while the site keeps serving.
    pub async fn export_archive(
        &self,
        out: &mut dyn Write,
        progress: Progress<'_>,
    ) -> Result<ArchiveSummary, ArchiveError> {
        let header = json!({
            "broadsheet_archive": FORMAT,
            "schema": Store::latest_migration(),
            "created_at": crate::now(),
        });
        line(out, &header)?;
        let summary = match &self.db {
            Db::Sqlite(pool) => {
                // A read transaction in WAL mode sees one snapshot until it ends.
                let mut tx = pool.begin().await?;
                let summary = export_tables!(tx, SQLITE_COLUMNS, sqlite_row, out, progress);
                tx.rollback().await?;
                summary
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await?;
                let summary = export_tables!(tx, POSTGRES_COLUMNS, postgres_row, out, progress);
                tx.rollback().await?;
                summary
            }
        };
        out.flush().map_err(ArchiveError::Write)?;
        Ok(summary)
    }
}
