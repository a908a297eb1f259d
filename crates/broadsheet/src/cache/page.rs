//! One cached page: its bytes in every encoding offered, with validators and the
//! response headers of each way of answering made once, when it is stored.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::time::{Instant, SystemTime};

/// Browsers revalidate each time (cheap with a 304); shared caches keep a page a
/// minute and may serve it stale for five while they fetch a new one.
const PUBLIC: &str = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";
/// Search pages: shared caches keep them no longer than we do.
const PUBLIC_SEARCH: &str = "public, max-age=0, s-maxage=10";
const VARY: &str = "Accept-Encoding, Cookie";
/// Says how the page cache answered: `hit`, `stale` or `miss`.
pub const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// The encodings a page is held in, in the order of [`CachedPage::answer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity = 0,
    Gzip = 1,
    Brotli = 2,
}

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
    /// The headers of a `200` cache hit in each [`Encoding`], then of a `304`: cloned
    /// per request instead of built, the busiest path there is.
    answers: [HeaderMap; 4],
}

impl CachedPage {
    /// Compresses `body` both ways and fingerprints it; done once per cache fill.
    pub fn build(content_type: HeaderValue, body: Bytes, generation: u64) -> CachedPage {
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        let now = SystemTime::now();
        let mut page = CachedPage {
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
            answers: Default::default(),
        };
        page.answers = [
            page.headers_for(Some(Encoding::Identity)),
            page.headers_for(Some(Encoding::Gzip)),
            page.headers_for(Some(Encoding::Brotli)),
            page.headers_for(None),
        ];
        page
    }

    /// What a hit answers with: the full page in `encoding`, or a `304` (`None`).
    fn headers_for(&self, encoding: Option<Encoding>) -> HeaderMap {
        let mut h = HeaderMap::with_capacity(16);
        h.insert(header::ETAG, self.etag.clone());
        h.insert(header::LAST_MODIFIED, self.last_modified.clone());
        h.insert(header::CACHE_CONTROL, self.cache_control());
        h.insert(header::VARY, HeaderValue::from_static(VARY));
        h.insert(X_CACHE, HeaderValue::from_static("hit"));
        let Some(encoding) = encoding else {
            return h;
        };
        match encoding {
            Encoding::Brotli => h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br")),
            Encoding::Gzip => h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            Encoding::Identity => None,
        };
        h.insert(header::CONTENT_TYPE, self.content_type.clone());
        h.insert(
            header::CONTENT_LENGTH,
            HeaderValue::from(self.body(encoding).len()),
        );
        h
    }

    fn cache_control(&self) -> HeaderValue {
        HeaderValue::from_static(if self.short_lived {
            PUBLIC_SEARCH
        } else {
            PUBLIC
        })
    }

    /// The page's bytes in `encoding`.
    pub fn body(&self, encoding: Encoding) -> &Bytes {
        match encoding {
            Encoding::Identity => &self.identity,
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        }
    }

    /// The headers of a hit in `encoding` (`None`: a `304`), to clone into a response.
    pub fn answer(&self, encoding: Option<Encoding>) -> &HeaderMap {
        &self.answers[encoding.map_or(3, |e| e as usize)]
    }

    /// The same page with `add` applied to every answer's headers (the security
    /// headers, which the fast path would otherwise add to each response).
    pub fn with_headers(mut self, add: impl Fn(&mut HeaderMap)) -> CachedPage {
        self.answers.iter_mut().for_each(add);
        self
    }

    /// The same page, noted as rendered by `route`.
    pub fn for_route(mut self, route: std::sync::Arc<str>) -> CachedPage {
        self.route = route;
        self
    }

    /// The same page, noted as kept only briefly.
    pub fn short_lived(mut self, short_lived: bool) -> CachedPage {
        self.short_lived = short_lived;
        let cache_control = self.cache_control();
        for h in &mut self.answers {
            h.insert(header::CACHE_CONTROL, cache_control.clone());
        }
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
    // Not below 17: at 16 the encoder asks for a small-window hasher it does not have
    // and falls back to one that zeroes 32 MB per page (5–8 ms for a 16.7 KB page,
    // against 0.4–0.7 ms at 17 for a page 17 bytes larger).
    let lgwin = (usize::BITS - body.len().max(1).leading_zeros()).clamp(17, 22) as i32;
    let params = brotli::enc::BrotliEncoderParams {
        // Quality 9 zeroed a large hash table per page (memset was 17% of the CPU of a
        // story taking 100 comments a second); on the 16.7 KB benchmark article 5 gives
        // 4,714 bytes against 9's 4,702, for far less work.
        quality: 5,
        lgwin,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    Bytes::from(out)
}
