//! Embedded migrations, one tree per dialect with the same numbering and intent.

use crate::db::{Db, in_write_tx};
use crate::{Store, StoreError};

struct Migration {
    version: i64,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration, in order. Both dialects of one step land together or not at all.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        sqlite: include_str!("../migrations/sqlite/0002_reader_search.sql"),
        postgres: include_str!("../migrations/postgres/0002_reader_search.sql"),
    },
    Migration {
        version: 3,
        sqlite: include_str!("../migrations/sqlite/0003_newsroom.sql"),
        postgres: include_str!("../migrations/postgres/0003_newsroom.sql"),
    },
    Migration {
        version: 4,
        sqlite: include_str!("../migrations/sqlite/0004_accounts_comments.sql"),
        postgres: include_str!("../migrations/postgres/0004_accounts_comments.sql"),
    },
    Migration {
        version: 5,
        sqlite: include_str!("../migrations/sqlite/0005_ads.sql"),
        postgres: include_str!("../migrations/postgres/0005_ads.sql"),
    },
    Migration {
        version: 6,
        sqlite: include_str!("../migrations/sqlite/0006_moderation.sql"),
        postgres: include_str!("../migrations/postgres/0006_moderation.sql"),
    },
    Migration {
        version: 7,
        sqlite: include_str!("../migrations/sqlite/0007_two_step.sql"),
        postgres: include_str!("../migrations/postgres/0007_two_step.sql"),
    },
    Migration {
        version: 8,
        sqlite: include_str!("../migrations/sqlite/0008_screener_models.sql"),
        postgres: include_str!("../migrations/postgres/0008_screener_models.sql"),
    },
    Migration {
        version: 9,
        sqlite: include_str!("../migrations/sqlite/0009_token_lifetimes.sql"),
        postgres: include_str!("../migrations/postgres/0009_token_lifetimes.sql"),
    },
    Migration {
        version: 10,
        sqlite: include_str!("../migrations/sqlite/0010_report_weight.sql"),
        postgres: include_str!("../migrations/postgres/0010_report_weight.sql"),
    },
    Migration {
        version: 11,
        sqlite: include_str!("../migrations/sqlite/0011_recovery_codes.sql"),
        postgres: include_str!("../migrations/postgres/0011_recovery_codes.sql"),
    },
    Migration {
        version: 12,
        sqlite: include_str!("../migrations/sqlite/0012_mail_retries.sql"),
        postgres: include_str!("../migrations/postgres/0012_mail_retries.sql"),
    },
    Migration {
        version: 13,
        sqlite: include_str!("../migrations/sqlite/0013_pages.sql"),
        postgres: include_str!("../migrations/postgres/0013_pages.sql"),
    },
    Migration {
        version: 14,
        sqlite: include_str!("../migrations/sqlite/0014_webhooks.sql"),
        postgres: include_str!("../migrations/postgres/0014_webhooks.sql"),
    },
    Migration {
        version: 16,
        sqlite: include_str!("../migrations/sqlite/0016_old_paths.sql"),
        postgres: include_str!("../migrations/postgres/0016_old_paths.sql"),
    },
    Migration {
        version: 17,
        sqlite: include_str!("../migrations/sqlite/0017_newsletters.sql"),
        postgres: include_str!("../migrations/postgres/0017_newsletters.sql"),
    },
    Migration {
        version: 18,
        sqlite: include_str!("../migrations/sqlite/0018_old_page_paths.sql"),
        postgres: include_str!("../migrations/postgres/0018_old_page_paths.sql"),
    },
    Migration {
        version: 19,
        sqlite: include_str!("../migrations/sqlite/0019_search_buckets.sql"),
        postgres: include_str!("../migrations/postgres/0019_search_buckets.sql"),
    },
    Migration {
        version: 20,
        sqlite: include_str!("../migrations/sqlite/0020_outbox_unsubscribe.sql"),
        postgres: include_str!("../migrations/postgres/0020_outbox_unsubscribe.sql"),
    },
    Migration {
        version: 21,
        sqlite: include_str!("../migrations/sqlite/0021_sitemap_index.sql"),
        postgres: include_str!("../migrations/postgres/0021_sitemap_index.sql"),
    },
    Migration {
        version: 22,
        sqlite: include_str!("../migrations/sqlite/0022_search_title_vector.sql"),
        postgres: include_str!("../migrations/postgres/0022_search_title_vector.sql"),
    },
];

impl Store {
    /// Applies every migration not yet recorded, each in its own transaction.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        self.ensure_migration_table().await?;
        let mut applied = 0;
        for m in MIGRATIONS {
            let done = in_write_tx!(self, tx => {
                if matches!(self.db, Db::Postgres(_)) {
                    // Several nodes may start at once: one migrates, the others wait.
                    sqlx::query("SELECT pg_advisory_xact_lock(7263001)").execute(&mut *tx).await?;
                }
                let seen: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if seen.is_some() {
                    false
                } else {
                    let sql = match self.db { Db::Sqlite(_) => m.sqlite, Db::Postgres(_) => m.postgres };
                    sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(|source| {
                        StoreError::Migration { version: m.version, source }
                    })?;
                    sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                        .bind(m.version)
                        .bind(crate::now())
                        .execute(&mut *tx)
                        .await?;
                    true
                }
            });
            applied += usize::from(done);
        }
        Ok(applied)
    }

    async fn ensure_migration_table(&self) -> Result<(), StoreError> {
        const DDL: &str = "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
        crate::db::with_pool!(self, pool => sqlx::query(DDL).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The newest schema version this binary knows.
    pub fn latest_migration() -> i64 {
        MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
    }
}
