//! `--media-public-url`: where pages link uploaded images instead of this site's
//! `/media` (a CDN, or the bucket's public address), checked once at start, with the
//! Content-Security-Policy that lets browsers load images from it.

use axum::http::HeaderValue;

/// A checked public base for media addresses: `<base>/<key>/<file>`.
#[derive(Clone, Debug)]
pub struct PublicUrl {
    base: String,
    policy: HeaderValue,
}

impl PublicUrl {
    /// An absolute `http(s)://host[:port][/path]` without query, fragment or
    /// credentials; a trailing slash is dropped.
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let refuse = || {
            format!(
                "{text:?} is not an absolute http(s) address such as \
                 https://cdn.example.net/media (no query, fragment or password)"
            )
        };
        let url = url::Url::parse(text.trim()).map_err(|_| refuse())?;
        let plain = url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || !plain {
            return Err(refuse());
        }
        let origin = url.origin().ascii_serialization();
        let policy = crate::http::security::policy_with_images_from(&origin).ok_or_else(refuse)?;
        Ok(PublicUrl {
            base: url.as_str().trim_end_matches('/').to_string(),
            policy,
        })
    }

    /// The base without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The site's Content-Security-Policy with this address's origin in `img-src`.
    pub fn policy(&self) -> &HeaderValue {
        &self.policy
    }
}

#[cfg(test)]
mod tests {
    use super::PublicUrl;

    #[test]
    fn only_plain_absolute_web_addresses_are_taken() {
        let cdn = PublicUrl::parse("https://cdn.example.net/site/").unwrap();
        assert_eq!(cdn.base(), "https://cdn.example.net/site");
        let policy = cdn.policy().to_str().unwrap();
        assert!(
            policy.contains("img-src 'self' https://cdn.example.net data:"),
            "{policy}"
        );
        let local = PublicUrl::parse("http://127.0.0.1:9000/bucket").unwrap();
        assert_eq!(local.base(), "http://127.0.0.1:9000/bucket");
        for bad in [
            "",
            "cdn.example.net",
            "/media",
            "ftp://cdn.example.net",
            "https://cdn.example.net/?v=1",
            "https://cdn.example.net/#x",
            "https://user:pw@cdn.example.net",
            "javascript:alert(1)",
        ] {
            let err = PublicUrl::parse(bad).unwrap_err();
            assert!(err.contains("absolute http(s) address"), "{bad}: {err}");
        }
    }
}
