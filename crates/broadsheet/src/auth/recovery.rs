//! Two-step recovery codes: ten single-use codes shown once when two-step sign-in is
//! turned on (or the codes are made anew), kept only as hashes, each standing in for
//! one authenticator code.

use broadsheet_store::secret::hash_token;

/// How many codes an account holds at once.
pub const COUNT: usize = 10;
/// Base32 characters per code: 50 random bits, far past guessing within the rate limits.
const CHARS: usize = 10;
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Fresh codes as the account sees them (`abcde-fghij`), and their stored hashes.
pub fn new_codes() -> (Vec<String>, Vec<String>) {
    let codes: Vec<String> = (0..COUNT).map(|_| new_code()).collect();
    let hashes = codes.iter().map(|c| hash(c)).collect();
    (codes, hashes)
}

fn new_code() -> String {
    let mut bytes = [0u8; CHARS];
    getrandom::fill(&mut bytes).expect("the system's random source");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect();
    format!("{}-{}", &chars[..CHARS / 2], &chars[CHARS / 2..])
}

/// The stored hash of a typed code: case, spaces and dashes do not matter.
pub fn hash(typed: &str) -> String {
    hash_token(&normalized(typed))
}

fn normalized(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `typed` has the shape of a recovery code rather than a six-digit one.
pub fn looks_like_one(typed: &str) -> bool {
    let n = normalized(typed);
    n.len() == CHARS && n.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_readable_and_typed_loosely() {
        let (codes, hashes) = new_codes();
        assert_eq!(codes.len(), COUNT);
        let unique: std::collections::BTreeSet<_> = hashes.iter().collect();
        assert_eq!(unique.len(), COUNT);
        let code = &codes[0];
        assert_eq!(code.len(), CHARS + 1);
        assert!(looks_like_one(code));
        assert_eq!(hash(&code.to_uppercase().replace('-', " ")), hashes[0]);
        assert!(!looks_like_one("123456"));
    }
}
