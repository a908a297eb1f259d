//! Test databases: every test gets its own SQLite file or PostgreSQL database.
//!
//! PostgreSQL comes from `BROADSHEET_TEST_POSTGRES_URL` (a server URL whose user may
//! create databases). Without it the PostgreSQL half of a test is skipped loudly, and
//! `BROADSHEET_REQUIRE_POSTGRES=1` turns that skip into a failure.

use sqlx::Connection;
use std::path::PathBuf;

/// Which engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub url: String,
    pub engine: Engine,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

/// A fresh, empty database on `engine`, or `None` when PostgreSQL is not configured
/// (after printing why; panics instead under `BROADSHEET_REQUIRE_POSTGRES=1`).
pub async fn fresh(engine: Engine) -> Option<TestDb> {
    match engine {
        Engine::Sqlite => Some(sqlite()),
        Engine::Postgres => postgres().await,
    }
}

/// A fresh SQLite file in its own temporary folder.
pub fn sqlite() -> TestDb {
    let dir = temp_dir("broadsheet-test");
    let url = format!("sqlite://{}", dir.join("broadsheet.db").display());
    TestDb {
        url,
        engine: Engine::Sqlite,
        cleanup: Cleanup::Dir(dir),
    }
}

/// A fresh PostgreSQL database, created on the configured server.
pub async fn postgres() -> Option<TestDb> {
    let Some(admin_url) = std::env::var("BROADSHEET_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        let msg = "PostgreSQL test SKIPPED: set BROADSHEET_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)";
        if require_postgres() {
            panic!("{msg}, and BROADSHEET_REQUIRE_POSTGRES=1 forbids skipping");
        }
        eprintln!("{msg}");
        return None;
    };
    let name = format!("bs_test_{}", random_hex(8));
    let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if !require_postgres() => {
            eprintln!("PostgreSQL test SKIPPED: cannot reach {admin_url}: {e}");
            return None;
        }
        Err(e) => panic!("cannot reach the test PostgreSQL server at {admin_url}: {e}"),
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let _ = conn.close().await;
    let url = with_database(&admin_url, &name);
    Some(TestDb {
        url,
        engine: Engine::Postgres,
        cleanup: Cleanup::PgDatabase { admin_url, name },
    })
}

fn require_postgres() -> bool {
    std::env::var("BROADSHEET_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// Replaces the database name in a PostgreSQL URL, keeping any query string.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

/// A new empty folder under the system temp dir.
pub fn temp_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", random_hex(8)));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("random");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PgDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let mut conn = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await
                            .ok()
                    })
                })
                .join();
            }
        }
    }
}

/// Declares one test per engine around a scenario `async fn(TestDb)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::fresh($crate::Engine::Sqlite).await.unwrap();
                    super::$scenario(&db).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(db) = $crate::fresh($crate::Engine::Postgres).await {
                        super::$scenario(&db).await;
                    }
                }
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_swapped_in_urls() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
