//! Three abuse paths of the accounts and the JSON API, each run on SQLite and PostgreSQL:
//!
//! - `tokens`: API tokens end with a password reset and with "log out everywhere", can
//!   expire (refused with 401 like unknown ones), record their last use at most once a
//!   minute, are listed with expiry and last use, and unverified accounts cannot make
//!   them (account page and `broadsheet token`);
//! - `csrf`: only a bearer token that authenticated the request skips the CSRF check of
//!   the comment API (`Authorization: Basic` beside a cookie does not), and JSON API
//!   writes need `Content-Type: application/json` (415 otherwise);
//! - `forgot`: "send me a reset link" answers a known and an unknown address alike and
//!   before any database write, and the known one still gets its mail.

mod cli;
mod csrf;
mod forgot;
mod tokens;

use broadsheet_testkit::{TestDb, on_both_engines};
use cli::*;
use csrf::*;
use forgot::*;
use tokens::*;

on_both_engines!(
    password_reset_revokes_api_tokens,
    logging_out_everywhere_revokes_api_tokens,
    expired_tokens_are_refused_like_unknown_ones,
    use_is_recorded_at_most_once_a_minute,
    account_page_sets_and_shows_lifetimes,
    unverified_accounts_cannot_make_tokens,
    cli_tokens_expire_and_list_their_use,
    basic_authorization_beside_a_cookie_still_needs_the_csrf_token,
    json_api_writes_need_a_json_content_type,
    known_and_unknown_addresses_get_the_same_answer,
);

/// Runs one statement with two integer parameters on a fresh connection to `db`.
pub async fn exec(db: &TestDb, sql: &'static str, a: i64, b: i64) {
    use sqlx::Connection;
    if db.url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql)
            .bind(a)
            .bind(b)
            .execute(&mut conn)
            .await
            .unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql)
            .bind(a)
            .bind(b)
            .execute(&mut conn)
            .await
            .unwrap();
    }
}
