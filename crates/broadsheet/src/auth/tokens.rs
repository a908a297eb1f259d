//! API token lifetimes shared by the account page and `broadsheet token`: how long a new
//! token lives, who may make one, and how a token's dates read in a list.

use broadsheet_store::{ApiToken, Store, StoreError};
use time::OffsetDateTime;

/// The longest lifetime a token can be given, in days (ten years).
pub const MAX_DAYS: u32 = 3650;

/// The expiry (Unix seconds) of a token made now to live `days`; `None` never expires.
/// Refuses 0 and more than [`MAX_DAYS`].
pub fn expiry_after_days(days: Option<u32>, now: i64) -> Result<Option<i64>, String> {
    match days {
        None => Ok(None),
        Some(d) if (1..=MAX_DAYS).contains(&d) => Ok(Some(now + i64::from(d) * 86_400)),
        Some(d) => Err(format!(
            "a token lives 1 to {MAX_DAYS} days, not {d} (leave the expiry out for none)"
        )),
    }
}

/// True when the user may make API tokens: their email address is verified (staff
/// made by an administrator or the CLI are). Unknown users may not.
pub async fn may_create(store: &Store, user_id: i64) -> Result<bool, StoreError> {
    match store.account_flags(user_id).await {
        Ok(flags) => Ok(!flags.unverified),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A time as `2026-12-02 22:40 UTC`, or `never` for none.
pub fn utc_or_never(ts: Option<i64>) -> String {
    let Some(dt) = ts.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok()) else {
        return "never".into();
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// One line of `broadsheet token list`: id, state, label, expiry and last use, by tabs.
pub fn list_line(token: &ApiToken, now: i64) -> String {
    format!(
        "{}\t{}\t{}\texpires {}\tlast used {}",
        token.id,
        token.state(now),
        token.label,
        utc_or_never(token.expires_at),
        utc_or_never(token.last_used_at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_are_bounded_and_dates_read_plainly() {
        assert_eq!(expiry_after_days(None, 100), Ok(None));
        assert_eq!(expiry_after_days(Some(2), 100), Ok(Some(100 + 2 * 86_400)));
        assert!(expiry_after_days(Some(0), 100).is_err());
        assert!(expiry_after_days(Some(MAX_DAYS + 1), 100).is_err());
        assert_eq!(utc_or_never(None), "never");
        assert_eq!(utc_or_never(Some(86_400 + 3_660)), "1970-01-02 01:01 UTC");
    }
}
