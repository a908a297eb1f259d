//! Themes: the default theme is embedded; a theme directory overrides any file of it.
//!
//! Templates live under `templates/`, assets under `static/` (served at content-hashed
//! URLs so they can be cached forever).

use crate::i18n::I18n;
use anyhow::Context;
use minijinja::Environment;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::theme_files::THEME_FILES;
pub use crate::theme_files::read;

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
        for (name, _) in THEME_FILES.iter().filter(|(n, _)| n.starts_with("static/")) {
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
        THEME_FILES
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("templates/"))
    }
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
