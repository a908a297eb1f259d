//! `migrate` and `check`: database housekeeping commands.

use crate::config::DataConfig;
use anyhow::Context;
use broadsheet_store::{Backend, Store};

/// Opens the configured database (creating the data directory for SQLite) and migrates.
pub async fn open_store(data: &DataConfig) -> anyhow::Result<Store> {
    let mut created_dir = false;
    if Backend::of_url(&data.database_url)? == Backend::Sqlite {
        created_dir = data.prepare_data_dir()?;
    }
    match Store::open(&data.database_url).await {
        Ok(store) => Ok(store),
        Err(e) => {
            if created_dir {
                let _ = std::fs::remove_dir_all(&data.data_dir);
            }
            Err(anyhow::Error::new(e)).with_context(|| {
                format!("cannot open the database at {}", redact(&data.database_url))
            })
        }
    }
}

pub async fn migrate(data: DataConfig) -> anyhow::Result<()> {
    let store = open_store(&data).await?;
    println!(
        "database is at schema version {} ({})",
        Store::latest_migration(),
        redact(&data.database_url)
    );
    store.close().await;
    Ok(())
}

pub async fn check(data: DataConfig) -> anyhow::Result<()> {
    let store = Store::connect(&data.database_url).await.with_context(|| {
        format!(
            "cannot reach the database at {}",
            redact(&data.database_url)
        )
    })?;
    store.ping().await.context("the database does not answer")?;
    println!("ok: database reachable at {}", redact(&data.database_url));
    store.close().await;
    Ok(())
}

/// A database URL with any password replaced, safe for logs and messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
