//! Secrets sealed at rest: two-step secrets are stored encrypted (ChaCha20-Poly1305) with
//! a key kept outside the database, so a leaked database or backup does not hand over
//! anyone's second factor. The key is `BROADSHEET_SECRET_KEY` (64 hex digits) or else the
//! file `secret.key` in the data directory, created readable by its owner only.

use super::totp::{base32, unbase32};
use anyhow::{Context, bail};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use std::io::Write;
use std::path::Path;

/// Marks a sealed value, and its format, in the database.
const PREFIX: &str = "sealed1:";
const NONCE_LEN: usize = 12;
pub const KEY_FILE: &str = "secret.key";
pub const KEY_ENV: &str = "BROADSHEET_SECRET_KEY";

pub struct SecretBox {
    cipher: ChaCha20Poly1305,
}

/// A stored value that cannot be opened: the wrong key, or tampered with.
#[derive(Debug, thiserror::Error)]
#[error(
    "a sealed secret could not be opened: is {KEY_FILE} (or {KEY_ENV}) the key this database was written with?"
)]
pub struct WrongKey;

impl SecretBox {
    pub fn from_key(key: &[u8; 32]) -> SecretBox {
        SecretBox {
            cipher: ChaCha20Poly1305::new_from_slice(key).expect("a 32-byte key"),
        }
    }

    /// The site's key: `from_env` when given, else the data directory's key file,
    /// created with a fresh random key the first time.
    pub fn load(data_dir: &Path, from_env: Option<&str>) -> anyhow::Result<SecretBox> {
        if let Some(text) = from_env.filter(|t| !t.trim().is_empty()) {
            let key = parse_key(text).with_context(|| format!("{KEY_ENV} is not usable"))?;
            return Ok(SecretBox::from_key(&key));
        }
        let path = data_dir.join(KEY_FILE);
        if !path.exists() {
            create_key_file(&path)?;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let key = parse_key(&text).with_context(|| format!("{} is damaged", path.display()))?;
        Ok(SecretBox::from_key(&key))
    }

    /// Encrypts `plain`, bound to `context` (the row it belongs to), for storing.
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the system's random source");
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: context.as_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), payload)
            .expect("a short secret encrypts");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{}", base32(&bytes))
    }

    /// The plain value of a stored one. Values stored before sealing existed are read
    /// as they are (and sealed on the next start).
    pub fn open(&self, context: &str, stored: &str) -> Result<String, WrongKey> {
        let Some(encoded) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let bytes = unbase32(encoded).ok_or(WrongKey)?;
        if bytes.len() <= NONCE_LEN {
            return Err(WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| WrongKey)?;
        let payload = Payload {
            msg: sealed,
            aad: context.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| WrongKey)?;
        String::from_utf8(plain).map_err(|_| WrongKey)
    }
}

/// What a two-step secret is bound to: its account (a sealed secret copied onto another
/// account does not open).
pub fn totp_context(user_id: i64) -> String {
    format!("totp:{user_id}")
}

/// Seals the two-step secrets stored in clear before sealing existed (run at start);
/// how many values were sealed.
pub async fn seal_plain_two_step_secrets(
    store: &broadsheet_store::Store,
    sealed: &SecretBox,
) -> anyhow::Result<usize> {
    let mut done = 0;
    for (user_id, values) in store.two_step_values().await? {
        for (column, value) in values.into_iter().enumerate() {
            let Some(plain) = value.filter(|v| !is_sealed(v)) else {
                continue;
            };
            let new = sealed.seal(&totp_context(user_id), &plain);
            if store
                .reseal_two_step(user_id, column == 0, &plain, &new)
                .await?
            {
                done += 1;
            }
        }
    }
    Ok(done)
}

/// Whether a stored value is sealed already.
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("the key must be 64 hexadecimal digits (32 bytes)");
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16)?;
    }
    Ok(key)
}

/// Writes a fresh key, owner-only, without ever replacing one another process made
/// first: written to a private temporary file, then linked into place.
fn create_key_file(path: &Path) -> anyhow::Result<()> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("the system's random source");
    let text: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let temp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&temp)
        .with_context(|| format!("cannot create {}", temp.display()))?;
    file.write_all(format!("{text}\n").as_bytes())?;
    file.sync_all()?;
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let a = SecretBox::from_key(&[7; 32]);
        let sealed = a.seal("totp:1", "JBSWY3DPEHPK3PXP");
        assert!(is_sealed(&sealed) && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            sealed,
            a.seal("totp:1", "JBSWY3DPEHPK3PXP"),
            "a fresh nonce each time"
        );
        assert_eq!(a.open("totp:1", &sealed).unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(a.open("totp:2", &sealed).is_err(), "bound to its row");
        assert!(
            SecretBox::from_key(&[8; 32])
                .open("totp:1", &sealed)
                .is_err()
        );
        assert_eq!(a.open("totp:1", "PLAINOLD").unwrap(), "PLAINOLD");
    }

    #[test]
    fn the_key_file_is_made_once_owner_only_and_the_environment_overrides_it() {
        let dir = std::env::temp_dir().join(format!("bs-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = SecretBox::load(&dir, None).unwrap();
        let sealed = first.seal("c", "secret");
        let again = SecretBox::load(&dir, None).unwrap();
        assert_eq!(
            again.open("c", &sealed).unwrap(),
            "secret",
            "same key on restart"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let from_env = SecretBox::load(&dir, Some(&"ab".repeat(32))).unwrap();
        assert!(
            from_env.open("c", &sealed).is_err(),
            "the variable's key is used"
        );
        assert!(SecretBox::load(&dir, Some("short")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
