//! Where media files live: local disk here, an S3-compatible bucket in `storage_s3`. Backups read and restore uploads through it (`files`, `get`, `put`).

use std::io;
use std::path::PathBuf;

/// A flat store of files grouped by upload key. Calls block: use them off the runtime.
pub trait MediaStorage: Send + Sync {
    fn put(&self, key: &str, file: &str, bytes: &[u8]) -> io::Result<()>;
    /// The file's bytes, or `None` when there is no such file.
    fn get(&self, key: &str, file: &str) -> io::Result<Option<Vec<u8>>>;
    /// Removes every file of an upload (after a failed store, say); missing is fine.
    fn delete(&self, key: &str) -> io::Result<()>;
    /// The names of an upload's files, sorted (none for an unknown key): what a backup
    /// copies, whatever variants the upload has.
    fn files(&self, key: &str) -> io::Result<Vec<String>>;
}

/// A key or file name that can be no path but its own: letters, digits and dots, not
/// leading.
pub(super) fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && !s.starts_with('.')
}

/// Files under `<root>/<key>/<file>`. Keys and file names are checked by the callers
/// (hex keys, fixed file names), and checked again here so no path can climb out.
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn new(root: PathBuf) -> LocalDisk {
        LocalDisk { root }
    }

    fn path(&self, key: &str, file: &str) -> io::Result<PathBuf> {
        if plain(key) && plain(file) {
            Ok(self.root.join(key).join(file))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "bad media path",
            ))
        }
    }
}

impl MediaStorage for LocalDisk {
    fn put(&self, key: &str, file: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key, file)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Write, flush to disk, then rename: a reader never sees half a file, and an
        // acknowledged upload survives a crash.
        let tmp = path.with_extension("part");
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            io::Write::write_all(&mut f, bytes)?;
            f.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(tmp, path)
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        let dir = self.path(key, "x")?;
        match std::fs::remove_dir_all(dir.parent().unwrap_or(&self.root)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn get(&self, key: &str, file: &str) -> io::Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(key, file)?) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn files(&self, key: &str) -> io::Result<Vec<String>> {
        let dir = self.path(key, "x")?;
        let entries = match std::fs::read_dir(dir.parent().unwrap_or(&self.root)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut names = Vec::new();
        for entry in entries {
            let name = entry?.file_name().to_string_lossy().into_owned();
            // A `.part` file is a write cut short, never a finished upload.
            if !name.ends_with(".part") && self.path(key, &name).is_ok() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploads_files_are_listed_without_unfinished_ones() {
        let root = std::env::temp_dir().join(format!("bs-disk-{}", std::process::id()));
        let disk = LocalDisk::new(root.clone());
        assert!(disk.files("abc123").unwrap().is_empty());
        disk.put("abc123", "w320.jpg", b"small").unwrap();
        disk.put("abc123", "original.jpg", b"big").unwrap();
        std::fs::write(root.join("abc123/w640.part"), b"half").unwrap();
        assert_eq!(disk.files("abc123").unwrap(), ["original.jpg", "w320.jpg"]);
        disk.delete("abc123").unwrap();
        assert!(disk.files("abc123").unwrap().is_empty());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn paths_cannot_climb_out() {
        let disk = LocalDisk::new(PathBuf::from("/srv/media"));
        assert!(disk.path("abc123", "original.png").is_ok());
        for (k, f) in [
            ("..", "x.png"),
            ("abc", "../x"),
            ("abc", ".hidden"),
            ("a/b", "x.png"),
            ("", "x"),
        ] {
            assert!(disk.path(k, f).is_err(), "{k} {f}");
        }
    }
}
