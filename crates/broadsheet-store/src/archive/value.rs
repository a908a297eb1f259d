//! Column values in and out of archives: decoding a row of either engine to JSON, and
//! the kind of a target column that says how to bind a JSON value back.

use serde_json::Value;
use sqlx::{Column, Row, TypeInfo, ValueRef};

/// How a column stores its values, whatever the engine calls the type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
    Text,
    Bytes,
    Float,
}

impl Kind {
    /// From a declared type (SQLite) or `information_schema` data type (PostgreSQL).
    pub fn of(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_lowercase();
        Some(match t.as_str() {
            "integer" | "bigint" | "smallint" | "int" | "int8" | "int4" => Kind::Int,
            "boolean" | "bool" => Kind::Bool,
            "text" | "character varying" | "varchar" => Kind::Text,
            "blob" | "bytea" => Kind::Bytes,
            "real" | "double precision" | "float8" => Kind::Float,
            _ => return None,
        })
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A SQLite row as JSON values, by each value's storage class.
pub fn sqlite_row(row: &sqlx::sqlite::SqliteRow) -> Result<Vec<Value>, sqlx::Error> {
    (0..row.columns().len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Value::Null);
            }
            Ok(match raw.type_info().name() {
                "INTEGER" | "BOOLEAN" => Value::from(row.try_get_unchecked::<i64, _>(i)?),
                "REAL" => Value::from(row.try_get_unchecked::<f64, _>(i)?),
                "BLOB" => Value::from(hex(&row.try_get_unchecked::<Vec<u8>, _>(i)?)),
                _ => Value::from(row.try_get_unchecked::<String, _>(i)?),
            })
        })
        .collect()
}

/// A PostgreSQL row as JSON values, by each column's type.
pub fn postgres_row(row: &sqlx::postgres::PgRow) -> Result<Vec<Value>, sqlx::Error> {
    (0..row.columns().len())
        .map(|i| {
            if row.try_get_raw(i)?.is_null() {
                return Ok(Value::Null);
            }
            let name = row.columns()[i].type_info().name().to_string();
            Ok(match name.as_str() {
                "INT8" => Value::from(row.try_get::<i64, _>(i)?),
                "INT4" => Value::from(row.try_get::<i32, _>(i)?),
                "INT2" => Value::from(row.try_get::<i16, _>(i)?),
                "BOOL" => Value::from(row.try_get::<bool, _>(i)?),
                "FLOAT8" => Value::from(row.try_get::<f64, _>(i)?),
                "BYTEA" => Value::from(hex(&row.try_get::<Vec<u8>, _>(i)?)),
                _ => Value::from(row.try_get::<String, _>(i)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_junk() {
        let bytes = [0u8, 1, 127, 128, 255];
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("é1"), None);
    }

    #[test]
    fn both_engines_type_names_map_to_kinds() {
        assert_eq!(Kind::of("BIGINT"), Some(Kind::Int));
        assert_eq!(Kind::of("bigint"), Some(Kind::Int));
        assert_eq!(Kind::of("BOOLEAN"), Some(Kind::Bool));
        assert_eq!(Kind::of("bytea"), Some(Kind::Bytes));
        assert_eq!(Kind::of("tsvector"), None);
    }
}
