//! Password hashing with argon2id, off the async threads.

use anyhow::{Context, bail};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 256;

/// Rejects passwords too short to resist guessing or long enough to be a DoS.
pub fn check_strength(password: &str) -> anyhow::Result<()> {
    let n = password.chars().count();
    if n < MIN_LEN {
        bail!("the password must be at least {MIN_LEN} characters");
    }
    if n > MAX_LEN {
        bail!("the password must be at most {MAX_LEN} characters");
    }
    Ok(())
}

/// Hashes with argon2id's recommended parameters (a PHC string with its own salt).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await
    .context("password hashing task failed")?
}

/// A real argon2id hash of a random secret. Checking a password against it when an
/// account does not exist makes "no such user" cost as much as "wrong password".
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let secret = broadsheet_store::secret::new_token("");
        Argon2::default()
            .hash_password(secret.as_bytes())
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery".into(), h.clone()).await);
        assert!(!verify("wrong horse battery".into(), h).await);
        assert!(!verify("x".into(), "not a hash".into()).await);
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough here").is_ok());
    }
}
