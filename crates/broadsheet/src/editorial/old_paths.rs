//! Keys of old addresses: how a path of the site a newsroom moved from is written in the
//! `old_paths` table, the same for the importer that records it, the reader's not-found
//! path that answers it with a 301, and the Disqus importer that matches threads by it.

/// Longest path worth a lookup; anything longer is no old permalink.
const MAX_KEY_BYTES: usize = 1000;

/// The key of a WordPress post id: `?p=`, `?page_id=` and `?attachment_id=` share one
/// id space in WordPress, so all three name the same key.
pub fn id_key(id: i64) -> String {
    format!("/?p={id}")
}

/// The key for a request path and query (or an old link's): percent-decoded, lower-case,
/// without trailing slashes. On the front page (or `/index.php`) a WordPress id in the
/// query gives [`id_key`]; any other query is ignored. `None` for the front page itself
/// and for paths too long to be a permalink.
pub fn key(path: &str, query: Option<&str>) -> Option<String> {
    if path.len() + query.map_or(0, str::len) > MAX_KEY_BYTES {
        return None;
    }
    let decoded = percent_decode(path).to_lowercase();
    let trimmed = decoded.trim_end_matches('/');
    let path = if trimmed.is_empty() { "/" } else { trimmed };
    if path == "/" || path == "/index.php" {
        return query.and_then(wordpress_id).map(id_key);
    }
    path.starts_with('/').then(|| path.to_string())
}

/// `p`, `page_id` or `attachment_id` in a query, when it is a plain number.
fn wordpress_id(query: &str) -> Option<i64> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        let id_param = matches!(name, "p" | "page_id" | "attachment_id");
        let digits =
            !value.is_empty() && value.len() <= 18 && value.bytes().all(|b| b.is_ascii_digit());
        (id_param && digits).then(|| value.parse().ok()).flatten()
    })
}

/// The key of an absolute `link` on the old site whose address is one of `bases`
/// (e.g. `https://courier.example` or `https://example.org/blog`); `None` for a link
/// elsewhere. Scheme and host case do not matter.
pub fn key_of_link(link: &str, bases: &[&str]) -> Option<String> {
    let link = strip_scheme(link.trim())?;
    bases.iter().find_map(|base| {
        let base = strip_scheme(base.trim())?.trim_end_matches('/');
        let (base_host, base_path) = base.split_once('/').unwrap_or((base, ""));
        let (host, rest) = split_host(link);
        if base_host.is_empty() || !host.eq_ignore_ascii_case(base_host) {
            return None;
        }
        let rest = if base_path.is_empty() {
            rest
        } else {
            let after = rest.strip_prefix('/')?.strip_prefix(base_path)?;
            if !(after.is_empty() || after.starts_with(['/', '?', '#'])) {
                return None;
            }
            after
        };
        let rest = rest.split('#').next().unwrap_or("");
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        key(if path.is_empty() { "/" } else { path }, query)
    })
}

/// A link's host and the rest (starting at `/`, `?` or `#`, or empty).
fn split_host(link: &str) -> (&str, &str) {
    match link.find(['/', '?', '#']) {
        Some(i) => (&link[..i], &link[i..]),
        None => (link, ""),
    }
}

fn strip_scheme(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") {
        Some(&url[8..])
    } else if lower.starts_with("http://") {
        Some(&url[7..])
    } else {
        url.strip_prefix("//")
    }
}

/// `%xx` escapes decoded (as UTF-8, invalid bytes replaced); `+` stays as it is.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_become_keys() {
        assert_eq!(
            key("/2013/01/10/Ferry/", None).as_deref(),
            Some("/2013/01/10/ferry")
        );
        assert_eq!(
            key("/category/%C3%A7ar%c5%9f%C4%B1/", None).as_deref(),
            Some("/category/çarşı")
        );
        assert_eq!(key("/", Some("p=101")).as_deref(), Some("/?p=101"));
        assert_eq!(
            key("/index.php", Some("utm=x&page_id=7")).as_deref(),
            Some("/?p=7")
        );
        assert_eq!(key("/", Some("attachment_id=9")).as_deref(), Some("/?p=9"));
        for (path, query) in [
            ("/", None),
            ("/", Some("p=abc")),
            ("/", Some("after=xyz")),
            ("/", Some("p=")),
        ] {
            assert_eq!(key(path, query), None, "{path}?{query:?}");
        }
        assert_eq!(
            key("/feed/", Some("p=1")).as_deref(),
            Some("/feed"),
            "only the front page takes ids"
        );
        assert_eq!(key(&"/a".repeat(600), None), None);
    }

    #[test]
    fn links_are_keyed_relative_to_the_old_site() {
        let bases = ["https://courier.example"];
        assert_eq!(
            key_of_link("http://Courier.example/2025/02/14/ferry/#c", &bases).as_deref(),
            Some("/2025/02/14/ferry")
        );
        assert_eq!(
            key_of_link("https://courier.example/?p=101", &bases).as_deref(),
            Some("/?p=101")
        );
        assert_eq!(
            key_of_link("https://elsewhere.example/2025/x/", &bases),
            None
        );
        let blog = ["https://example.org/blog/"];
        assert_eq!(
            key_of_link("https://example.org/blog/2013/x/", &blog).as_deref(),
            Some("/2013/x")
        );
        assert_eq!(
            key_of_link("https://example.org/blog?p=3", &blog).as_deref(),
            Some("/?p=3")
        );
        assert_eq!(key_of_link("https://example.org/blogger/x", &blog), None);
        assert_eq!(key_of_link("https://example.org/other/x", &blog), None);
        assert_eq!(key_of_link("javascript:alert(1)", &bases), None);
    }
}
