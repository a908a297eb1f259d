//! How a page shows an image: the stored variants as `srcset` entries (WebP ones for a
//! `<picture>` source), and the true width and height, from the upload's record. Every
//! address of an upload starts with the site's media base: `/media`, or the
//! `--media-public-url` that serves the same files.

use broadsheet_store::{MediaRecord, Store, StoreError};
use serde::Serialize;
use std::collections::HashMap;

/// What `<picture>`/`<img>` need for one image. An address outside the media library
/// has only `src`: its files and size are not known here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// The original, for browsers that read no `srcset`.
    pub src: String,
    /// The `<img>` candidates: each stored variant in the upload's own format, then the
    /// original at its width. Empty when there is nothing to choose from.
    pub srcset: String,
    /// The `type="image/webp"` source's candidates, when WebP variants sit beside a
    /// JPEG or PNG original.
    pub webp_srcset: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

impl Picture {
    /// The upload's files under `media_base` (`/media` or a public URL).
    pub fn of(m: &MediaRecord, media_base: &str) -> Picture {
        let base = format!("{media_base}/{}", m.key);
        let widths: Vec<&str> = m.variants.split_whitespace().collect();
        let list = |ext: &str| -> Vec<String> {
            widths
                .iter()
                .map(|w| format!("{base}/{w}.{ext} {w}w"))
                .collect()
        };
        let original = format!("{base}/original.{}", m.format);
        let (srcset, webp_srcset) = match m.format.as_str() {
            // Variants of a GIF are still frames: the original keeps its animation.
            "gif" => (Vec::new(), Vec::new()),
            "webp" => (list("webp"), Vec::new()),
            own => (list(own), list("webp")),
        };
        let srcset = match srcset.is_empty() {
            true => String::new(),
            false => [srcset, vec![format!("{original} {}w", m.width)]]
                .concat()
                .join(", "),
        };
        Picture {
            src: original,
            srcset,
            webp_srcset: webp_srcset.join(", "),
            width: Some(m.width).filter(|w| *w > 0),
            height: Some(m.height).filter(|h| *h > 0),
        }
    }

    /// An image at `url`, shown as the address says.
    pub fn external(url: &str) -> Picture {
        Picture {
            src: url.to_string(),
            ..Picture::default()
        }
    }
}

/// The upload key of a `/media/<key>/<file>` address of this site.
pub fn key_of(url: &str) -> Option<&str> {
    let (key, file) = url.strip_prefix("/media/")?.split_once('/')?;
    (!key.is_empty() && !file.contains('/')).then_some(key)
}

/// The picture of each non-empty address in `urls`, with one query for the uploads.
pub async fn pictures<'a>(
    store: &Store,
    media_base: &str,
    urls: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, Picture>, StoreError> {
    let urls: Vec<&str> = urls.into_iter().filter(|u| !u.is_empty()).collect();
    let keys: Vec<&str> = urls.iter().filter_map(|u| key_of(u)).collect();
    let records: HashMap<String, MediaRecord> = store
        .media_by_keys(&keys)
        .await?
        .into_iter()
        .map(|m| (m.key.clone(), m))
        .collect();
    Ok(urls
        .into_iter()
        .map(|url| {
            let picture = match key_of(url).and_then(|k| records.get(k)) {
                Some(m) => Picture::of(m, media_base),
                None => Picture::external(url),
            };
            (url.to_string(), picture)
        })
        .collect())
}

/// The picture of one address (`None` when it is empty).
pub async fn picture(
    store: &Store,
    media_base: &str,
    url: &str,
) -> Result<Option<Picture>, StoreError> {
    Ok(pictures(store, media_base, [url]).await?.remove(url))
}

/// What a sanitized body's image tags start with.
const IMG_SRC: &str = "<img src=\"";

/// Sanitized body HTML with the true size and the stored variants written onto each
/// `<img>` of an upload, so the page keeps its place and phones fetch small files, and
/// its `src` under the media base. Tags that already give a width are left as the
/// author wrote them.
pub async fn sized_images(
    store: &Store,
    media_base: &str,
    html: &str,
) -> Result<String, StoreError> {
    let src_at = |i: usize| html[i + IMG_SRC.len()..].split('"').next().unwrap_or("");
    let tags: Vec<usize> = html.match_indices(IMG_SRC).map(|(i, _)| i).collect();
    if !tags.iter().any(|&i| key_of(src_at(i)).is_some()) {
        return Ok(html.to_string());
    }
    let pictures = pictures(store, media_base, tags.iter().map(|&i| src_at(i))).await?;
    let mut out = String::with_capacity(html.len() + 200 * tags.len());
    let mut done = 0;
    for i in tags {
        let tag = html[i..].split('>').next().unwrap_or("");
        let Some(p) = pictures.get(src_at(i)).filter(|_| !tag.contains(" width=")) else {
            continue;
        };
        let (Some(w), Some(h)) = (p.width, p.height) else {
            continue;
        };
        out.push_str(&html[done..i]);
        out.push_str(&format!(
            "<img src=\"{}\" width=\"{w}\" height=\"{h}\"",
            p.src
        ));
        if !p.srcset.is_empty() {
            let sizes = "(min-width: 48rem) 42rem, 100vw";
            out.push_str(&format!(" srcset=\"{}\" sizes=\"{sizes}\"", p.srcset));
        }
        // The tag's own `src="…"` is replaced by the one above.
        done = i + IMG_SRC.len() + src_at(i).len() + 1;
    }
    out.push_str(&html[done..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(format: &str, variants: &str) -> MediaRecord {
        MediaRecord {
            id: 1,
            key: "k".into(),
            original_name: String::new(),
            format: format.into(),
            width: 2000,
            height: 1000,
            bytes: 1,
            variants: variants.into(),
            alt: String::new(),
            created_at: 0,
        }
    }

    #[test]
    fn every_candidate_is_a_stored_file() {
        let p = Picture::of(&record("jpg", "320 640"), "/media");
        assert_eq!(p.src, "/media/k/original.jpg");
        assert_eq!(
            p.srcset,
            "/media/k/320.jpg 320w, /media/k/640.jpg 640w, /media/k/original.jpg 2000w"
        );
        assert_eq!(
            p.webp_srcset,
            "/media/k/320.webp 320w, /media/k/640.webp 640w"
        );
        assert_eq!((p.width, p.height), (Some(2000), Some(1000)));
        let webp = Picture::of(&record("webp", "320"), "/media");
        assert_eq!(
            webp.srcset,
            "/media/k/320.webp 320w, /media/k/original.webp 2000w"
        );
        assert_eq!(webp.webp_srcset, "");
        assert_eq!(Picture::of(&record("gif", "320"), "/media").srcset, "");
        let small = Picture::of(&record("png", ""), "/media");
        assert_eq!(
            (small.srcset.as_str(), small.webp_srcset.as_str()),
            ("", "")
        );
    }

    #[test]
    fn only_media_paths_have_keys() {
        assert_eq!(key_of("/media/abc/original.jpg"), Some("abc"));
        for url in [
            "https://x.example/a.jpg",
            "/media//a.jpg",
            "/media/a/b/c.jpg",
            "/media/a",
        ] {
            assert_eq!(key_of(url), None, "{url}");
        }
    }
}
