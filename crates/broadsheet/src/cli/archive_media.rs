//! The media part of an archive: after the tables, a `{"files": "media"}` line and one
//! `[key, file, base64]` line per stored file of every upload, read through
//! `MediaStorage`. Restore stores each file as it is read, inside the database's
//! restore, and removes what it stored if the archive is refused.

use crate::media::MediaStorage;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use broadsheet_store::{FILES_KEY, Store};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

/// What the files part of an archive holds.
const PART: &str = "media";

/// Appends the media part: every file of every upload the database records. Returns
/// how many files went in.
pub async fn write(
    store: &Store,
    storage: &Arc<dyn MediaStorage>,
    out: &mut dyn Write,
) -> anyhow::Result<u64> {
    writeln!(out, "{}", json!({ FILES_KEY: PART }))?;
    let mut written = 0;
    for key in store.media_keys().await? {
        let (storage, k) = (storage.clone(), key.clone());
        let files = tokio::task::spawn_blocking(move || -> std::io::Result<_> {
            let mut files = Vec::new();
            for name in storage.files(&k)? {
                if let Some(bytes) = storage.get(&k, &name)? {
                    files.push((name, bytes));
                }
            }
            Ok(files)
        })
        .await??;
        if files.is_empty() {
            tracing::warn!(key, "an upload has no stored files; the backup lacks them");
        }
        for (name, bytes) in files {
            serde_json::to_writer(&mut *out, &json!([key, name, STANDARD.encode(bytes)]))?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    Ok(written)
}

/// Takes the media lines of an archive being restored into `storage`.
pub struct Restore {
    storage: Arc<dyn MediaStorage>,
    keys: Vec<String>,
    pub files: u64,
}

impl Restore {
    pub fn new(storage: Arc<dyn MediaStorage>) -> Restore {
        Restore {
            storage,
            keys: Vec::new(),
            files: 0,
        }
    }

    /// Stores one `[key, file, base64]` line (the storage checks key and file names).
    pub fn take(&mut self, line: &[Value]) -> Result<(), String> {
        let [Value::String(key), Value::String(file), Value::String(data)] = line else {
            return Err("a media line must be [key, file name, base64 bytes]".into());
        };
        let bytes = STANDARD
            .decode(data)
            .map_err(|e| format!("media file {key}/{file} is not base64: {e}"))?;
        tokio::task::block_in_place(|| self.storage.put(key, file, &bytes))
            .map_err(|e| format!("media file {key}/{file} could not be stored: {e}"))?;
        // An upload's files come together, so a new key is a new upload.
        if self.keys.last() != Some(key) {
            self.keys.push(key.clone());
        }
        self.files += 1;
        Ok(())
    }

    /// Removes every upload this restore stored (the archive was refused).
    pub fn undo(&self) {
        for key in &self.keys {
            if let Err(e) = tokio::task::block_in_place(|| self.storage.delete(key)) {
                tracing::warn!(key, error = %e, "a restored media file could not be removed");
            }
        }
    }
}
