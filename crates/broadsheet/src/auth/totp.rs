//! Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, six digits), the
//! kind every authenticator app reads from an `otpauth://` link.

use hmac::{Hmac, KeyInit, Mac};

const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let bits = block.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            out.push(BASE32[(bits >> (35 - i * 5) & 31) as usize] as char);
        }
    }
    out
}

/// Decodes base32 (any case, spaces ignored); `None` for other characters.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u64;
    let mut held = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let v = BASE32
            .iter()
            .position(|b| *b as char == c.to_ascii_uppercase())?;
        bits = bits << 5 | v as u64;
        held += 5;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
        }
    }
    Some(out)
}

/// A new random 160-bit secret, in base32.
pub fn new_secret() -> String {
    let mut key = [0u8; 20];
    getrandom::fill(&mut key).expect("the system's random source");
    base32(&key)
}

/// The code for time step `step` (HOTP of RFC 4226 over the step counter).
pub fn code(key: &[u8], step: i64) -> u32 {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let window = u32::from_be_bytes(digest[offset..offset + 4].try_into().expect("4 bytes"));
    (window & 0x7fff_ffff) % 10u32.pow(DIGITS)
}

/// The time step of `code` if it is right for `secret` at `now`, allowing one step of
/// clock drift either way. The caller must still spend the step (single use).
pub fn check(secret: &str, code_text: &str, now: i64) -> Option<i64> {
    let key = unbase32(secret)?;
    let typed: String = code_text.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = typed.parse().ok()?;
    let now_step = now.div_euclid(STEP_SECS);
    // Compare every candidate, so timing does not tell which step matched.
    (now_step - 1..=now_step + 1).fold(None, |found, step| {
        let matches = code(&key, step) == typed;
        if matches { Some(step) } else { found }
    })
}

/// The current code for `secret` (for tests and tools).
pub fn current(secret: &str, now: i64) -> Option<String> {
    let key = unbase32(secret)?;
    Some(format!("{:06}", code(&key, now.div_euclid(STEP_SECS))))
}

/// The `otpauth://` link an authenticator app scans or opens.
pub fn link(issuer: &str, account: &str, secret: &str) -> String {
    let enc = crate::http::errors::encode_component;
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890", last six digits.
        let key = b"12345678901234567890";
        for (time, expected) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
        ] {
            assert_eq!(code(key, time / 30), expected, "t={time}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(unbase32("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(unbase32("0189"), None);
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert_eq!(unbase32(&secret).unwrap().len(), 20);
    }

    #[test]
    fn codes_are_checked_with_one_step_of_drift() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = current(&secret, now).unwrap();
        assert_eq!(check(&secret, &code, now), Some(now / 30));
        assert_eq!(check(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(check(&secret, &code, now + 90), None);
        assert_eq!(check(&secret, "12345", now), None);
        assert_eq!(check(&secret, "abcdef", now), None);
    }
}
