//! Settings shared by every command that touches data: where the data lives.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// The data directory and database URL every data-touching command agrees on.
#[derive(Clone, Debug)]
pub struct DataConfig {
    pub data_dir: PathBuf,
    pub database_url: String,
}

impl DataConfig {
    /// Resolves the database URL: the one given, or a SQLite file in the data directory.
    pub fn new(data_dir: PathBuf, database_url: Option<String>) -> anyhow::Result<DataConfig> {
        let database_url = match database_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => url,
            None => format!("sqlite://{}", data_dir.join("broadsheet.db").display()),
        };
        broadsheet_store::Backend::of_url(&database_url).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(DataConfig {
            data_dir,
            database_url,
        })
    }

    /// Makes sure the data directory exists and is writable. Returns true if this call
    /// created it, so a failed start can remove what it made.
    pub fn prepare_data_dir(&self) -> anyhow::Result<bool> {
        let created = !self.data_dir.exists();
        if created {
            std::fs::create_dir_all(&self.data_dir).with_context(|| {
                format!(
                    "cannot create the data directory {}",
                    self.data_dir.display()
                )
            })?;
        } else if !self.data_dir.is_dir() {
            bail!(
                "the data directory {} is not a directory",
                self.data_dir.display()
            );
        }
        if let Err(e) = probe_writable(&self.data_dir) {
            if created {
                let _ = std::fs::remove_dir(&self.data_dir);
            }
            bail!(
                "the data directory {} is not writable ({e})",
                self.data_dir.display()
            );
        }
        Ok(created)
    }
}

fn probe_writable(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(".broadsheet-write-probe");
    std::fs::write(&probe, b"ok")?;
    std::fs::remove_file(probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_in_the_data_dir_is_the_default() {
        let c = DataConfig::new(PathBuf::from("/srv/bs"), None).unwrap();
        assert_eq!(c.database_url, "sqlite:///srv/bs/broadsheet.db");
        let c = DataConfig::new(PathBuf::from("d"), Some("postgres://h/db".into())).unwrap();
        assert_eq!(c.database_url, "postgres://h/db");
        let err = DataConfig::new(PathBuf::from("d"), Some("mysql://h/db".into())).unwrap_err();
        assert!(
            err.to_string().contains("sqlite:// or postgres://"),
            "{err}"
        );
    }
}
