//! WordPress attachments into the media library: each file found in a local copy of
//! `wp-content/uploads` goes through the media service (checks, variants, alt text), its
//! old address is recorded (so a re-run finds it and old image links answer 301), and
//! body links to it, size variants like `photo-300x200.jpg` included, are rewritten.

use super::ImportReport;
use super::wxr::Post;
use crate::editorial::old_paths;
use crate::media::Media;
use broadsheet_store::Store;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

const UPLOADS: &str = "/wp-content/uploads/";
const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "gif", "webp"];

/// An attachment of the export and, once imported, its address here.
pub struct Attachment {
    pub id: i64,
    pub parent: i64,
    pub old_url: String,
    pub alt: String,
    pub caption: String,
    /// `/media/<key>/original.<ext>` once in the media library.
    pub url: Option<String>,
}

/// Every attachment by id, and the imported ones by file (their key under uploads/).
#[derive(Default)]
pub struct Library {
    pub by_id: HashMap<i64, Attachment>,
    by_file: HashMap<String, String>,
}

/// Where an import finds its files and puts them.
pub struct Source<'a> {
    pub uploads: Option<&'a Path>,
    pub media: &'a Media,
    pub dry_run: bool,
}

/// The path under uploads/ of a WordPress file address, as written ("2025/02/quay.jpg").
fn under_uploads(url: &str) -> Option<String> {
    let at = url.find(UPLOADS)? + UPLOADS.len();
    let rest = url[at..].split(['?', '#']).next().unwrap_or("");
    let decoded = old_paths::percent_decode(rest);
    (!decoded.is_empty()).then_some(decoded)
}

/// A file key without WordPress's size suffix or `-scaled`/`-rotated` mark:
/// `2025/02/quay-300x200.jpg` → `2025/02/quay.jpg`.
fn without_size(file: &str) -> Option<String> {
    let (stem, ext) = file.rsplit_once('.')?;
    let plain = ["-scaled", "-rotated"]
        .iter()
        .find_map(|m| stem.strip_suffix(m));
    let sized = stem.rsplit_once('-').and_then(|(base, size)| {
        let (w, h) = size.split_once('x')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(w) && digits(h)).then_some(base)
    });
    plain.or(sized).map(|base| format!("{base}.{ext}"))
}

/// `rel` under `root`, refusing anything that could leave it (`..`, absolute parts).
fn inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| root.join(rel))
}

impl Library {
    /// The new address of a file under uploads/ (a size variant finds its original).
    pub fn new_url_of(&self, old_url: &str) -> Option<&str> {
        let file = under_uploads(old_url)?.to_lowercase();
        let found = self.by_file.get(&file);
        found
            .or_else(|| self.by_file.get(&without_size(&file)?))
            .map(String::as_str)
    }

    fn remember(&mut self, file: &str, url: &str) {
        let file = file.to_lowercase();
        if let Some(plain) =
            without_size(&file).filter(|_| file.contains("-scaled.") || file.contains("-rotated."))
        {
            self.by_file.insert(plain, url.to_string());
        }
        self.by_file.insert(file, url.to_string());
    }

    /// `html` with every link to an imported upload pointing at the media library.
    pub fn rewrite(&self, html: &str) -> String {
        let stop = |c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '<' | '>' | '[' | ']' | '=')
        };
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find(UPLOADS) {
            let start = rest[..at].rfind(stop).map_or(0, |i| i + 1);
            let end = rest[at..].find(stop).map_or(rest.len(), |i| at + i);
            let url = &rest[start..end];
            out.push_str(&rest[..start]);
            out.push_str(self.new_url_of(url).unwrap_or(url));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// Imports the attachments of `posts` (when `source.uploads` is set) and returns them all.
pub async fn import(
    store: &Store,
    posts: &[Post],
    uploader: &dyn Fn(&str) -> Option<i64>,
    source: &Source<'_>,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<Library> {
    let attachments: Vec<&Post> = posts
        .iter()
        .filter(|p| p.post_type == "attachment")
        .collect();
    let mut library = Library::default();
    for (done, p) in attachments.iter().enumerate() {
        progress(done + 1, attachments.len());
        let mut a = Attachment {
            id: p.id,
            parent: p.parent,
            old_url: p.attachment_url.clone(),
            alt: super::plain(p.meta("_wp_attachment_image_alt"), 300),
            caption: super::plain(&p.excerpt, 500),
            url: None,
        };
        if a.alt.is_empty() {
            a.alt = super::plain(&p.title, 300);
        }
        if let Some(file) = under_uploads(&p.attachment_url) {
            a.url = bring(store, p, &file, &a.alt, uploader, source, report).await?;
            if let Some(url) = &a.url {
                library.remember(&file, url);
            }
        }
        library.by_id.insert(p.id, a);
    }
    Ok(library)
}

/// One attachment's file into the media library, unless it is there already; its new
/// address, or `None` when it stays where it was (missing, not an image, unusable).
async fn bring(
    store: &Store,
    p: &Post,
    file: &str,
    alt: &str,
    uploader: &dyn Fn(&str) -> Option<i64>,
    source: &Source<'_>,
    report: &mut ImportReport,
) -> anyhow::Result<Option<String>> {
    let key = old_paths::key(&format!("{UPLOADS}{file}"), None).unwrap_or_default();
    if let Some(known) = store.old_path(&key).await? {
        report.media_already_there += 1;
        return Ok(Some(known.target));
    }
    let Some(root) = source.uploads else {
        return Ok(None);
    };
    let ext = file
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        report.media_not_images += 1;
        return Ok(None);
    }
    let Some(path) = inside(root, file).filter(|p| p.is_file()) else {
        report.media_missing.push(file.to_string());
        return Ok(None);
    };
    let bytes =
        std::fs::read(&path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if source.dry_run {
        report.media += 1;
        report.count_redirect("upload");
        return Ok(None);
    }
    let Some(uploader_id) = uploader(&p.creator) else {
        report
            .media_failed
            .push(format!("{file}: no author to file it under"));
        return Ok(None);
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let record =
        match crate::media::add_image(source.media, store, uploader_id, name, bytes, alt).await {
            Ok(r) => r,
            Err(e) => {
                report.media_failed.push(format!("{file}: {e}"));
                return Ok(None);
            }
        };
    report.media += 1;
    let url = crate::media::url(&record);
    if store.add_old_path(&key, None, &url).await? {
        report.count_redirect("upload");
    }
    store
        .add_old_path(&old_paths::id_key(p.id), None, &url)
        .await?;
    Ok(Some(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_variants_find_their_original() {
        assert_eq!(
            without_size("2025/02/quay-300x200.jpg").as_deref(),
            Some("2025/02/quay.jpg")
        );
        assert_eq!(
            without_size("2025/02/big-scaled.jpeg").as_deref(),
            Some("2025/02/big.jpeg")
        );
        assert_eq!(without_size("2025/02/x-ray.png"), None);
        let mut lib = Library::default();
        lib.remember("2025/02/Quay.jpg", "/media/k/original.jpg");
        lib.remember("2025/03/big-scaled.jpg", "/media/b/original.jpg");
        let html = r#"<img src="https://courier.example/wp-content/uploads/2025/02/quay-300x200.jpg" alt="q"> <a href='/wp-content/uploads/2025/03/big-1024x683.jpg'>x</a> https://other.example/wp-content/uploads/2025/02/none.jpg"#;
        assert_eq!(
            lib.rewrite(html),
            r#"<img src="/media/k/original.jpg" alt="q"> <a href='/media/b/original.jpg'>x</a> https://other.example/wp-content/uploads/2025/02/none.jpg"#
        );
    }

    #[test]
    fn files_never_leave_the_uploads_folder() {
        let root = Path::new("/srv/uploads");
        assert_eq!(
            inside(root, "2025/02/a.jpg"),
            Some(root.join("2025/02/a.jpg"))
        );
        for bad in ["../etc/passwd", "/etc/passwd", "2025/../../x.jpg"] {
            assert_eq!(inside(root, bad), None, "{bad}");
        }
    }
}
