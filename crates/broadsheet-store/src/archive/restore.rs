//! Restoring an archive into an empty database, all or nothing: one transaction, and
//! any bad line rolls back everything with its line number.

use super::value::{Kind, unhex};
use super::{ArchiveError, ArchiveSummary, FILES_KEY, FORMAT, Files, Progress, TABLES};
use crate::db::{Db, Store};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;

const SQLITE_KINDS: &str = "SELECT name, type FROM pragma_table_info($1)";
const POSTGRES_KINDS: &str = "SELECT column_name::text, data_type::text FROM information_schema.columns \
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'";

/// A JSON value ready to bind to a column of a known kind.
enum Bound {
    Int(Option<i64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Float(Option<f64>),
}

fn bound(kind: Kind, v: &Value) -> Option<Bound> {
    let null = v.is_null();
    Some(match kind {
        Kind::Int if null => Bound::Int(None),
        Kind::Int => Bound::Int(Some(v.as_i64().or_else(|| v.as_bool().map(i64::from))?)),
        Kind::Bool if null => Bound::Bool(None),
        Kind::Bool => Bound::Bool(Some(v.as_bool().or_else(|| v.as_i64().map(|n| n != 0))?)),
        Kind::Text if null => Bound::Text(None),
        Kind::Text => Bound::Text(Some(v.as_str()?.to_string())),
        Kind::Bytes if null => Bound::Bytes(None),
        Kind::Bytes => Bound::Bytes(Some(unhex(v.as_str()?)?)),
        Kind::Float if null => Bound::Float(None),
        Kind::Float => Bound::Float(Some(v.as_f64()?)),
    })
}

/// One table's part of the archive as the target database will take it.
struct Target {
    table: String,
    insert: String,
    kinds: Vec<Kind>,
}

/// Reads the archive line by line; `$insert_prefix` is what PostgreSQL needs to keep ids.
macro_rules! restore_rows {
    ($tx:ident, $kinds_sql:expr, $overriding:expr, $lines:expr, $progress:expr, $files:expr) => {{
        for table in TABLES.iter().rev() {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *$tx)
                .await?;
        }
        let mut summary = ArchiveSummary::default();
        let mut target: Option<Target> = None;
        let mut in_files = false;
        for (number, text) in $lines {
            let bad = |message: String| ArchiveError::Invalid {
                line: number,
                message,
            };
            let value: Value =
                serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
            if let (true, Value::Array(values)) = (in_files, &value) {
                ($files)(values).map_err(bad)?;
                continue;
            }
            if value.get(FILES_KEY).is_some() {
                in_files = true;
                continue;
            }
            if let Value::Array(values) = value {
                let t = target
                    .as_ref()
                    .ok_or_else(|| bad("a row before any table".into()))?;
                if values.len() != t.kinds.len() {
                    return Err(bad(format!(
                        "{} values for {} columns",
                        values.len(),
                        t.kinds.len()
                    )));
                }
                let mut query = sqlx::query(sqlx::AssertSqlSafe(t.insert.clone()));
                for (kind, v) in t.kinds.iter().zip(&values) {
                    query = match bound(*kind, v).ok_or_else(|| {
                        bad(format!("{v} does not fit a {kind:?} column of {}", t.table))
                    })? {
                        Bound::Int(x) => query.bind(x),
                        Bound::Bool(x) => query.bind(x),
                        Bound::Text(x) => query.bind(x),
                        Bound::Bytes(x) => query.bind(x),
                        Bound::Float(x) => query.bind(x),
                    };
                }
                query
                    .execute(&mut *$tx)
                    .await
                    .map_err(|e| bad(format!("{}: {e}", t.table)))?;
                let n = &mut summary.tables.last_mut().expect("a table is open").1;
                *n += 1;
                if n.is_multiple_of(1000) {
                    ($progress)(&t.table, *n);
                }
                continue;
            }
            let table = value["table"]
                .as_str()
                .ok_or_else(|| bad("expected a table or a row".into()))?;
            if !TABLES.contains(&table) {
                return Err(bad(format!("unknown table {table:?}")));
            }
            if let Some((done, n)) = summary.tables.last() {
                ($progress)(done, *n);
            }
            let stored: Vec<(String, String)> = sqlx::query_as($kinds_sql)
                .bind(table)
                .fetch_all(&mut *$tx)
                .await?;
            let stored: HashMap<String, String> = stored.into_iter().collect();
            let columns = value["columns"]
                .as_array()
                .ok_or_else(|| bad("no column list".into()))?;
            let mut names = Vec::new();
            let mut kinds = Vec::new();
            for c in columns {
                let name = c.as_str().unwrap_or_default();
                let kind = stored.get(name).and_then(|t| Kind::of(t));
                kinds.push(kind.ok_or_else(|| {
                    bad(format!(
                        "column {name:?} of {table} is not in this database"
                    ))
                })?);
                names.push(format!("\"{name}\""));
            }
            let insert = format!(
                "INSERT INTO {table} ({}) {} VALUES ({})",
                names.join(", "),
                $overriding,
                crate::db::placeholders(1, names.len())
            );
            target = Some(Target {
                table: table.to_string(),
                insert,
                kinds,
            });
            summary.tables.push((table.to_string(), 0));
        }
        if let Some((done, n)) = summary.tables.last() {
            ($progress)(done, *n);
        }
        summary
    }};
}

/// Numbered lines of `input`, stopping at the first read error (kept in `failed`).
fn numbered<'a>(
    input: &'a mut dyn BufRead,
    failed: &'a mut Option<std::io::Error>,
) -> impl Iterator<Item = (u64, String)> + 'a {
    input
        .lines()
        .zip(2u64..)
        .map_while(move |(l, n)| match l {
            Ok(text) => Some((n, text)),
            Err(e) => {
                *failed = Some(e);
                None
            }
        })
        .filter(|(_, text)| !text.trim().is_empty())
}

impl Store {
    /// Restores an archive written by `export_archive` into this database, which must
    /// hold no users and no articles. The lines of its files part go to `files`, inside
    /// the transaction. Nothing is kept if any line is refused (by `files` too).
    pub async fn restore_archive(
        &self,
        input: &mut dyn BufRead,
        progress: Progress<'_>,
        files: Files<'_>,
    ) -> Result<ArchiveSummary, ArchiveError> {
        let mut first = String::new();
        input.read_line(&mut first).map_err(ArchiveError::Read)?;
        let header: Value = serde_json::from_str(&first).unwrap_or_default();
        if header["broadsheet_archive"].as_i64() != Some(FORMAT) {
            return Err(ArchiveError::Invalid {
                line: 1,
                message: "not a Broadsheet archive".into(),
            });
        }
        let schema = header["schema"].as_i64().unwrap_or(0);
        if schema != Store::latest_migration() {
            return Err(ArchiveError::SchemaMismatch {
                archive: schema,
                database: Store::latest_migration(),
            });
        }
        let (users, articles) = (self.count_users().await?, self.count_articles().await?);
        if users + articles > 0 {
            return Err(ArchiveError::NotEmpty(format!(
                "{users} users and {articles} articles"
            )));
        }
        let mut failed = None;
        let summary = match &self.db {
            Db::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let lines = numbered(input, &mut failed);
                let summary = restore_rows!(tx, SQLITE_KINDS, "", lines, progress, files);
                if let Some(e) = failed {
                    return Err(ArchiveError::Read(e));
                }
                tx.commit().await?;
                summary
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let lines = numbered(input, &mut failed);
                let summary = restore_rows!(
                    tx,
                    POSTGRES_KINDS,
                    "OVERRIDING SYSTEM VALUE",
                    lines,
                    progress,
                    files
                );
                if let Some(e) = failed {
                    return Err(ArchiveError::Read(e));
                }
                // Identity columns continue after the restored ids.
                let identities: Vec<(String, String)> = sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND is_identity = 'YES'",
                )
                .fetch_all(&mut *tx)
                .await?;
                for (table, column) in identities {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                         GREATEST(COALESCE(MAX({column}), 0), 1), COALESCE(MAX({column}), 0) > 0) FROM {table}"
                    );
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                summary
            }
        };
        Ok(summary)
    }
}
