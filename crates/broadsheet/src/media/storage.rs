//! Where media files live. Local disk now; an S3-compatible store can implement the
//! same trait later.

use std::io;
use std::path::PathBuf;

/// A flat store of files grouped by upload key. Calls block: use them off the runtime.
pub trait MediaStorage: Send + Sync {
    fn put(&self, key: &str, file: &str, bytes: &[u8]) -> io::Result<()>;
    /// The file's bytes, or `None` when there is no such file.
    fn get(&self, key: &str, file: &str) -> io::Result<Option<Vec<u8>>>;
    /// Removes every file of an upload (after a failed store, say); missing is fine.
    fn delete(&self, key: &str) -> io::Result<()>;
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
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
                && !s.starts_with('.')
        };
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
