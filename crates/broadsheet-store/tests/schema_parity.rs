//! Schema parity: the SQLite and PostgreSQL migration trees must build the same schema.
//!
//! A fresh database of each engine is migrated with `Store::open`, its catalog is read and
//! normalised into the same facts — tables; columns with a type family, nullability and
//! id generation; primary keys; named indexes (columns, order, uniqueness, partial);
//! unique constraints; foreign keys with their ON DELETE rule — and the two sets must
//! match but for the documented entries below. An entry that no longer matches a
//! difference fails the test too, so the lists shrink as differences go away.

use broadsheet_store::Store;
use sqlx::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// Tables left out on purpose: engine internals and search indexes.
const EXCLUDED_TABLES: &[(&str, &str)] = &[
    ("sqlite_sequence", "SQLite internal: AUTOINCREMENT state"),
    ("article_search", "SQLite FTS5 index (PG: search_vector)"),
    ("article_search_config", "FTS5 shadow table"),
    ("article_search_data", "FTS5 shadow table"),
    ("article_search_docsize", "FTS5 shadow table"),
    ("article_search_idx", "FTS5 shadow table"),
];

/// Intended dialect differences: (table, item, why).
const DIALECT: &[(&str, &str, &str)] = &[
    ("articles", "column search_vector", "PG search: tsvector"),
    (
        "articles",
        "column title_vector",
        "PG search ranking: headline and standfirst",
    ),
    ("articles", "index articles_search", "PG search: GIN index"),
];

/// Real drift, reported and awaiting a migration fix: delete an entry once fixed.
const KNOWN_DRIFT: &[(&str, &str, &str)] = &[
    ("schema_migrations", "column version", PK_NULL),
    ("setup_tokens", "column token_hash", PK_NULL),
    ("sessions", "column id_hash", PK_NULL),
    ("settings", "column key", PK_NULL),
    ("author_profiles", "column user_id", PK_NULL),
    ("job_leases", "column name", PK_NULL),
    ("account_tokens", "column token_hash", PK_NULL),
    ("ad_images", "column campaign_id", PK_NULL),
    ("ad_suppressed_articles", "column article_id", PK_NULL),
];
/// SQLite's documented quirk: a PRIMARY KEY other than INTEGER may hold NULL.
const PK_NULL: &str = "SQLite key lacks NOT NULL: accepts NULL";

/// (table, item) → description; the item is "" for the table itself.
type Facts = BTreeMap<(String, String), String>;
/// (table, column, declared or catalogued type, NOT NULL, id generation).
type Column = (String, String, String, bool, String);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_schemas_match() {
    let lite = broadsheet_testkit::sqlite();
    let Some(pg) = broadsheet_testkit::postgres().await else {
        return; // skipped loudly by the testkit; BROADSHEET_REQUIRE_POSTGRES=1 panics instead
    };
    for db in [&lite, &pg] {
        Store::open(&db.url).await.expect("migrate").close().await;
    }
    let sqlite = catalog!(SqliteConnection, &lite.url, SQLITE_COLUMNS, SQLITE_OTHERS);
    let postgres = catalog!(PgConnection, &pg.url, PG_COLUMNS, PG_OTHERS);

    let keys: BTreeSet<_> = (sqlite.keys().chain(postgres.keys()))
        .filter(|(table, _)| !EXCLUDED_TABLES.iter().any(|(t, _)| t == table))
        .collect();
    // A table on one side only is one line of the diff, not one line per column.
    let one_sided: BTreeSet<&String> = (keys.iter())
        .filter(|k| k.1.is_empty() && sqlite.contains_key(k) != postgres.contains_key(k))
        .map(|k| &k.0)
        .collect();
    let (mut unexpected, mut used) = (Vec::new(), BTreeSet::new());
    for key @ (table, item) in keys {
        let (s, p) = (sqlite.get(key), postgres.get(key));
        if s == p || (!item.is_empty() && one_sided.contains(table)) {
            continue;
        }
        let mut listed = DIALECT.iter().chain(KNOWN_DRIFT);
        if let Some(&(t, i, _)) = listed.find(|(t, i, _)| t == table && i == item) {
            used.insert((t, i));
            continue;
        }
        unexpected.push(format!(
            "  {table}{}{item}: sqlite = {}, postgres = {}",
            if item.is_empty() { "" } else { ": " },
            s.map_or("(absent)", String::as_str),
            p.map_or("(absent)", String::as_str),
        ));
    }
    let mut stale: Vec<String> = (DIALECT.iter().chain(KNOWN_DRIFT))
        .filter(|(t, i, _)| !used.contains(&(*t, *i)))
        .map(|(t, i, why)| format!("  {t}: {i} ({why})"))
        .collect();
    for (t, why) in EXCLUDED_TABLES {
        let key = (t.to_string(), String::new());
        if !sqlite.contains_key(&key) && !postgres.contains_key(&key) {
            stale.push(format!("  excluded table {t} ({why})"));
        }
    }
    let mut report = String::new();
    if !unexpected.is_empty() {
        report += &format!(
            "schemas differ (table: item: what):\n{}\n",
            unexpected.join("\n")
        );
    }
    if !stale.is_empty() {
        report += &format!(
            "stale allow-list entries, remove them:\n{}\n",
            stale.join("\n")
        );
    }
    assert!(
        report.is_empty(),
        "SQLite and PostgreSQL schemas drifted:\n{report}"
    );
}

/// Reads one engine's catalog: its columns query, then (table, item, description) queries.
macro_rules! catalog {
    ($conn:ident, $url:expr, $columns:expr, $others:expr) => {{
        let mut conn = sqlx::$conn::connect($url).await.expect("connect");
        let cols = sqlx::query_as($columns).fetch_all(&mut conn).await;
        let mut others = Vec::new();
        for sql in $others {
            others.extend(sqlx::query_as(sql).fetch_all(&mut conn).await.expect(sql));
        }
        facts(cols.expect($columns), others)
    }};
}
use catalog;

/// The engine-neutral family of a declared (SQLite) or catalogued (PostgreSQL) type.
fn family(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    let family = match t.as_str() {
        _ if t.contains("int") || t.contains("serial") => "integer",
        _ if t.contains("char") || t.contains("text") || t.contains("clob") => "text",
        "boolean" | "bool" => "boolean",
        "blob" | "bytea" => "binary",
        "real" | "double" | "double precision" | "float" => "float",
        _ => return format!("other({t})"),
    };
    family.to_string()
}

fn facts(columns: Vec<Column>, others: Vec<(String, String, String)>) -> Facts {
    let mut facts = Facts::new();
    for (table, name, ty, not_null, id) in columns {
        let null = if not_null { "NOT NULL" } else { "NULL" };
        let desc = format!("{} {null}{id}", family(&ty));
        facts.insert((table.clone(), String::new()), "table".into());
        facts.insert((table, format!("column {name}")), desc);
    }
    for (table, item, desc) in others {
        facts.insert((table, item), desc);
    }
    facts
}

/// INTEGER PRIMARY KEY aliases the rowid: never NULL, numbered by the engine.
const SQLITE_COLUMNS: &str = "SELECT t, name, type, \"notnull\" OR alias, iif(alias, ' generated', '') \
    FROM (SELECT m.name AS t, c.name, c.type, c.\"notnull\", c.pk = 1 AND upper(c.type) = 'INTEGER' \
      AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) o WHERE o.pk > 1) AS alias \
    FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table')";

const SQLITE_OTHERS: [&str; 3] = [SQLITE_PRIMARY_KEYS, SQLITE_INDEXES, SQLITE_FOREIGN_KEYS];
const PG_OTHERS: [&str; 2] = [PG_INDEXES, PG_FOREIGN_KEYS];

const SQLITE_PRIMARY_KEYS: &str = "SELECT m.name, 'primary key', \
      '(' || group_concat(c.name, ', ' ORDER BY c.pk) || ')' \
    FROM sqlite_master m JOIN pragma_table_info(m.name) c \
    WHERE m.type = 'table' AND c.pk > 0 GROUP BY m.name";

/// Origin 'c' is CREATE INDEX, 'u' a UNIQUE constraint (engine-named), 'pk' the primary key.
const SQLITE_INDEXES: &str = "SELECT t, iif(origin = 'u', 'unique (' || cols || ')', 'index ' || name), \
      iif(origin = 'u', 'constraint', \
        iif(uniq, 'UNIQUE ', '') || '(' || cols || ')' || iif(partial, ' PARTIAL', '')) \
    FROM (SELECT m.name AS t, l.name, l.origin, l.\"unique\" AS uniq, l.partial, group_concat( \
        coalesce(x.name, '<expression>') || iif(x.\"desc\", ' DESC', ''), ', ' ORDER BY x.seqno) AS cols \
      FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x \
      WHERE m.type = 'table' AND l.origin <> 'pk' AND x.key GROUP BY m.name, l.name)";

/// `REFERENCES t` without columns names t's primary key.
const SQLITE_FOREIGN_KEYS: &str = "SELECT m.name, \
      'foreign key (' || group_concat(f.\"from\", ', ' ORDER BY f.seq) || ')', \
      f.\"table\" || '(' || group_concat(coalesce(f.\"to\", (SELECT p.name \
        FROM pragma_table_info(f.\"table\") p WHERE p.pk = f.seq + 1)), ', ' ORDER BY f.seq) \
      || ') ON DELETE ' || f.on_delete \
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
    WHERE m.type = 'table' GROUP BY m.name, f.id";

const PG_COLUMNS: &str = "SELECT table_name::text, column_name::text, data_type::text, \
      is_nullable = 'NO', CASE WHEN is_identity = 'YES' THEN ' generated' \
        WHEN column_default LIKE 'nextval(%' THEN ' serial' ELSE '' END \
    FROM information_schema.columns WHERE table_schema = current_schema()";

/// Primary keys, UNIQUE constraints and named indexes, told apart as on SQLite.
const PG_INDEXES: &str = "SELECT t, CASE WHEN indisprimary THEN 'primary key' \
        WHEN contype = 'u' THEN 'unique (' || cols || ')' ELSE 'index ' || name END, \
      CASE WHEN indisprimary THEN '(' || cols || ')' WHEN contype = 'u' THEN 'constraint' \
        ELSE CASE WHEN indisunique THEN 'UNIQUE ' ELSE '' END || '(' || cols || ')' \
          || CASE WHEN partial THEN ' PARTIAL' ELSE '' END END \
    FROM (SELECT t.relname::text AS t, i.relname::text AS name, x.indisprimary, x.indisunique, \
        c.contype, x.indpred IS NOT NULL AS partial, \
        (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true) \
          || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END, ', ' ORDER BY k) \
         FROM generate_series(1, x.indnkeyatts::int) AS k) AS cols \
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
      JOIN pg_class t ON t.oid = x.indrelid \
      LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('p', 'u') \
      WHERE t.relnamespace = current_schema()::regnamespace) AS idx";

const PG_FOREIGN_KEYS: &str = "SELECT k.table_name::text, \
      'foreign key (' || string_agg(k.column_name::text, ', ' ORDER BY k.ordinal_position) || ')', \
      r.table_name::text || '(' || string_agg(r.column_name::text, ', ' ORDER BY k.ordinal_position) \
      || ') ON DELETE ' || c.delete_rule::text \
    FROM information_schema.referential_constraints c \
    JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema \
      AND k.constraint_name = c.constraint_name \
    JOIN information_schema.key_column_usage r ON r.constraint_schema = c.unique_constraint_schema \
      AND r.constraint_name = c.unique_constraint_name \
      AND r.ordinal_position = k.position_in_unique_constraint \
    WHERE k.table_schema = current_schema() \
    GROUP BY k.table_name, k.constraint_name, r.table_name, c.delete_rule";
