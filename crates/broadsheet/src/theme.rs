//! Themes: the default theme is embedded; a theme directory overrides any file of it.
//!
//! Templates live under `templates/`, assets under `static/` (served at content-hashed
//! URLs so they can be cached forever).

use crate::i18n::I18n;
use anyhow::Context;
use minijinja::Environment;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::DEMO as DEMO_FILES;

/// A hashed static asset ready to serve.
pub struct Asset {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub hash: String,
}

/// The active theme: templates compiled into an environment, assets indexed by path.
pub struct Theme {
    pub env: Environment<'static>,
    pub assets: HashMap<String, Asset>,
}

impl Theme {
    /// Loads the default theme, with files from `dir` taking precedence.
    pub fn load(dir: Option<&Path>, i18n: Arc<I18n>) -> anyhow::Result<Arc<Theme>> {
        let dir = dir.map(Path::to_path_buf);
        if let Some(d) = &dir {
            anyhow::ensure!(
                d.is_dir(),
                "the theme directory {} does not exist",
                d.display()
            );
        }
        let mut assets = HashMap::new();
        for (name, _) in embedded::THEME
            .iter()
            .filter(|(n, _)| n.starts_with("static/"))
        {
            let bytes = read(dir.as_deref(), name).with_context(|| format!("theme file {name}"))?;
            let rel = name.trim_start_matches("static/").to_string();
            let hash = hex_prefix(&Sha256::digest(&bytes));
            assets.insert(
                rel.clone(),
                Asset {
                    bytes: bytes.into_owned(),
                    content_type: content_type(&rel),
                    hash,
                },
            );
        }
        let mut env = Environment::new();
        // Plain-text templates (mail bodies) are not HTML: no escaping there.
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".txt") {
                minijinja::AutoEscape::None
            } else {
                minijinja::AutoEscape::Html
            }
        });
        // Printing or looping over a missing value is a template bug: fail loudly.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        let loader_dir = dir.clone();
        env.set_loader(move |name| {
            let path = format!("templates/{name}");
            Ok(
                read(loader_dir.as_deref(), &path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned()),
            )
        });
        let urls: HashMap<String, String> = assets
            .iter()
            .map(|(k, a)| (k.clone(), format!("/static/{}/{k}", a.hash)))
            .collect();
        env.add_function(
            "asset",
            move |path: &str| -> Result<minijinja::Value, minijinja::Error> {
                urls.get(path)
                    .map(|u| minijinja::Value::from_safe_string(u.clone()))
                    .ok_or_else(|| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("no asset {path}"),
                        )
                    })
            },
        );
        crate::theme_fns::install(&mut env, i18n);
        Ok(Arc::new(Theme { env, assets }))
    }

    /// Names of every embedded template, for the test that renders them all.
    pub fn template_names() -> impl Iterator<Item = &'static str> {
        embedded::THEME
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("templates/"))
    }
}

/// Embedded theme files under a folder prefix, with the prefix removed.
pub fn embedded_files(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::THEME
        .iter()
        .filter_map(move |(n, b)| n.strip_prefix(prefix).map(|rest| (rest, *b)))
}

/// A theme file: from the override directory if present there, else embedded.
pub fn read(dir: Option<&Path>, name: &str) -> Option<Cow<'static, [u8]>> {
    if let Some(bytes) = dir
        .and_then(|d| safe_join(d, name))
        .and_then(|p| std::fs::read(p).ok())
    {
        return Some(Cow::Owned(bytes));
    }
    embedded::THEME
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| Cow::Borrowed(*b))
}

/// Joins a relative path under `base`, refusing anything that climbs out of it.
fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| base.join(rel))
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_paths_cannot_escape_the_theme_dir() {
        assert!(safe_join(Path::new("/t"), "templates/a.html").is_some());
        assert!(safe_join(Path::new("/t"), "../etc/passwd").is_none());
        assert!(safe_join(Path::new("/t"), "/etc/passwd").is_none());
    }
}
