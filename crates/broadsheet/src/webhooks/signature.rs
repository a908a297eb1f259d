//! Signing a delivery: HMAC-SHA256 over `"{timestamp}.{body}"` with the endpoint's
//! secret, sent as `Broadsheet-Signature: t={timestamp},v1={hex}`. Receivers recompute
//! it and refuse old timestamps (README, "Webhooks").

use hmac::{Hmac, KeyInit, Mac};
use sha256::Sha256;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Broadsheet-Signature";
/// How old a signed timestamp may be before [`verify`] refuses it.
pub const TOLERANCE_SECS: i64 = 300;

/// The hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex(&mac.finalize().into_bytes())
}

/// The value of the signature header for `body` sent at `timestamp`.
pub fn header_value(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", sign(secret, timestamp, body))
}

/// Why a signature was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    TooOld,
    Mismatch,
}

/// Checks a signature header as a receiver would: well formed, signed within
/// [`TOLERANCE_SECS`] of `now`, and matching `body` under `secret`.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> Result<(), Refused> {
    let mut timestamp = None;
    let mut given = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => given.push(v.to_string()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(Refused::Malformed)?;
    if given.is_empty() {
        return Err(Refused::Malformed);
    }
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(Refused::TooOld);
    }
    let expected = sign(secret, timestamp, body);
    // Compared in constant time, so timing tells an attacker nothing of the expected value.
    let same = |v: &String| {
        v.len() == expected.len()
            && v.bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    };
    if given.iter().any(same) {
        Ok(())
    } else {
        Err(Refused::Mismatch)
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_vector_matches_and_tampering_is_caught() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let body = br#"{"event":"article.published"}"#;
        let header = header_value("whsec_x", 1_000, body);
        assert!(header.starts_with("t=1000,v1="));
        assert_eq!(verify("whsec_x", &header, body, 1_100), Ok(()));
        assert_eq!(
            verify("whsec_y", &header, body, 1_100),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify("whsec_x", &header, b"{}", 1_100),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify("whsec_x", &header, body, 2_000),
            Err(Refused::TooOld)
        );
        assert_eq!(
            verify("whsec_x", "v1=ab", body, 1_000),
            Err(Refused::Malformed)
        );
    }
}
