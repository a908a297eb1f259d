//! The script-injection corpus and the DOM check shared by the browser XSS sweeps.

/// Every vector of `reliability/xss/vectors.txt` (comments and blank lines skipped,
/// `\n` read as a line break); the corpus must hold at least a hundred.
pub fn vectors() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reliability/xss/vectors.txt"
    ))
    .unwrap();
    let list: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.replace("\\n", "\n"))
        .collect();
    assert!(list.len() >= 100, "the corpus has {} vectors", list.len());
    list
}

/// The corpus split in two: the vectors with a NUL character (the site refuses those
/// outright with a 400) and the rest, which it stores.
pub fn vectors_by_nul() -> (Vec<String>, Vec<String>) {
    vectors().into_iter().partition(|v| v.contains('\0'))
}

/// Percent-encodes a path or query component: every byte but ASCII letters and digits
/// (unlike `common::enc`, which leaves `-`, `_`, `.` and `~` as they are).
pub fn enc_all(s: &str) -> String {
    super::enc(s)
        .chars()
        .map(|c| match c {
            '-' | '_' | '.' | '~' => format!("%{:02X}", c as u8),
            c => c.to_string(),
        })
        .collect()
}

/// True when no script ran (`window.__xss` unset) and no event handler, inline script,
/// or script URL in a link or frame reached the DOM.
pub const CLEAN: &str = "return window.__xss === undefined && document.querySelectorAll('[onerror],[onload],[onfocus],[onmouseover],[ontoggle],[onbegin],script:not([src]):not([type=\"application/ld+json\"]),a[href^=\"javascript\" i],iframe[src^=\"javascript\" i]').length === 0";
