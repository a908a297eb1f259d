//! One cached page: its bytes in every encoding offered, with validators made once.

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::time::{Instant, SystemTime};

/// One rendered page in every encoding we offer.
pub struct CachedPage {
    pub content_type: HeaderValue,
    pub identity: Bytes,
    pub gzip: Bytes,
    pub brotli: Bytes,
    pub etag: HeaderValue,
    pub last_modified: HeaderValue,
    pub modified_at: SystemTime,
    /// The route that rendered it, so hits are counted under it in the metrics.
    pub route: std::sync::Arc<str>,
    /// Kept only briefly (search results): shared caches are told the same.
    pub short_lived: bool,
    pub(super) stored_at: Instant,
    pub(super) generation: u64,
}

impl CachedPage {
    /// Compresses `body` both ways and fingerprints it; done once per cache fill.
    pub fn build(content_type: HeaderValue, body: Bytes, generation: u64) -> CachedPage {
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        let now = SystemTime::now();
        CachedPage {
            content_type,
            gzip: gzip(&body),
            brotli: brotli(&body),
            identity: body,
            // Weak: the same validator stands for every encoding of the page.
            etag: HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex"),
            last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(now)).expect("date"),
            modified_at: now,
            route: "unmatched".into(),
            short_lived: false,
            stored_at: Instant::now(),
            generation,
        }
    }

    /// The same page, noted as rendered by `route`.
    pub fn for_route(mut self, route: std::sync::Arc<str>) -> CachedPage {
        self.route = route;
        self
    }

    /// The same page, noted as kept only briefly.
    pub fn short_lived(mut self, short_lived: bool) -> CachedPage {
        self.short_lived = short_lived;
        self
    }

    pub(super) fn bytes(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }
}

fn gzip(body: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(body);
    Bytes::from(enc.finish().unwrap_or_default())
}

fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::new();
    // A window just large enough for the page: the encoder's memory follows the window.
    let lgwin = (usize::BITS - body.len().max(1).leading_zeros()).clamp(16, 22) as i32;
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    Bytes::from(out)
}
