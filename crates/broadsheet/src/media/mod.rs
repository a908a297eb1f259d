//! Images: upload checks, metadata stripping, responsive variants, storage behind a
//! trait (local disk or an S3-compatible bucket), and serving them at `/media/<key>/<file>`.

mod picture;
mod process;
mod public_url;
mod serve;
mod sigv4;
mod storage;
mod storage_s3;
mod upload;

pub use picture::{Picture, picture, pictures, sized_images};
pub use process::{MediaError, Processed, process};
pub use public_url::PublicUrl;
pub use serve::serve;
pub use sigv4::Credentials;
pub use storage::{LocalDisk, MediaStorage};
pub use storage_s3::S3Storage;
pub use upload::{remove, upload};

use crate::error::AppError;
use broadsheet_store::{MediaRecord, NewMedia, Store};
use std::path::Path;
use std::sync::Arc;

/// Widths of the responsive variants, in pixels.
pub const WIDTHS: [u32; 4] = [320, 640, 1024, 1600];

/// Media settings and storage of the running site.
pub struct Media {
    pub storage: Arc<dyn MediaStorage>,
    /// Largest upload accepted, in bytes (default 20 MB).
    pub max_bytes: usize,
    /// Largest decoded image accepted, in pixels: the decompression-bomb guard.
    pub max_pixels: u64,
}

impl Media {
    /// Media on the local disk under `<data_dir>/media`.
    pub fn local(data_dir: &Path) -> Media {
        Media {
            storage: Arc::new(LocalDisk::new(data_dir.join("media"))),
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 40_000_000,
        }
    }
}

/// Checks, strips, resizes and stores an upload into `media`, then records it in
/// `store`. Decoding runs on a blocking thread so the server keeps answering meanwhile.
pub async fn add_image(
    media: &Media,
    store: &Store,
    uploader_id: i64,
    name: &str,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<MediaRecord, AppError> {
    if alt.contains('\0') {
        return Err(AppError::field(
            "alt",
            "text may not contain NUL characters",
        ));
    }
    if bytes.len() > media.max_bytes {
        return Err(AppError::field(
            "file",
            format!(
                "the image is larger than {} MB",
                media.max_bytes / (1024 * 1024)
            ),
        ));
    }
    let (max_pixels, storage) = (media.max_pixels, media.storage.clone());
    let key = broadsheet_store::secret::new_token("")[..24].to_string();
    let stored_key = key.clone();
    let done = tokio::task::spawn_blocking(move || -> Result<Processed, MediaError> {
        let processed = process(&bytes, max_pixels, &WIDTHS)?;
        let stored = processed
            .files
            .iter()
            .try_for_each(|(file, data)| storage.put(&stored_key, file, data));
        if let Err(e) = stored {
            // No half-stored upload is left behind on a full or failing disk.
            let _ = storage.delete(&stored_key);
            return Err(MediaError::Storage(e));
        }
        Ok(processed)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("image task failed: {e}")))?;
    let p = match done {
        Ok(p) => p,
        Err(MediaError::Storage(e)) => return Err(AppError::from(e)),
        Err(e) => return Err(AppError::field("file", e.to_string())),
    };
    let record = NewMedia {
        key,
        uploader_id,
        original_name: name.chars().filter(|c| !c.is_control()).take(200).collect(),
        format: p.ext.to_string(),
        width: i64::from(p.width),
        height: i64::from(p.height),
        bytes: p.original_len as i64,
        variants: p
            .variants
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        alt: alt.trim().chars().take(300).collect(),
    };
    match store.record_media(&record).await {
        Ok(recorded) => Ok(recorded),
        Err(e) => {
            // Unrecorded files would never be served or cleaned up: remove them now.
            let storage = media.storage.clone();
            let _ = tokio::task::spawn_blocking(move || storage.delete(&record.key)).await;
            Err(e.into())
        }
    }
}

/// Routes that accept image uploads (and so a larger request body).
pub fn takes_uploads(path: &str) -> bool {
    matches!(path, "/newsroom/media" | "/api/v1/images")
}

/// The public URL of an upload's original file.
pub fn url(record: &MediaRecord) -> String {
    format!("/media/{}/original.{}", record.key, record.format)
}
