//! UI translations from Fluent files: `locales/<lang>/*.ftl` in the theme. Adding a
//! language is adding a folder; a theme directory may override or add files.

use anyhow::{Context, bail};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::path::Path;
use unic_langid::LanguageIdentifier;

/// Every loaded language's messages.
pub struct I18n {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    pub default_locale: String,
}

impl I18n {
    /// Loads the embedded locales, then any `locales/<lang>/*.ftl` in the theme directory
    /// (a file with the same name replaces the embedded one).
    pub fn load(theme_dir: Option<&Path>, default_locale: &str) -> anyhow::Result<I18n> {
        let mut files: BTreeMap<(String, String), String> = BTreeMap::new();
        for (name, bytes) in crate::theme::embedded_files("locales/") {
            if let Some((lang, file)) = name.split_once('/') {
                let text = std::str::from_utf8(bytes)
                    .with_context(|| format!("locales/{name} is not UTF-8"))?;
                files.insert((lang.to_string(), file.to_string()), text.to_string());
            }
        }
        if let Some(dir) = theme_dir.map(|d| d.join("locales")).filter(|d| d.is_dir()) {
            for lang_dir in std::fs::read_dir(&dir)?
                .flatten()
                .filter(|e| e.path().is_dir())
            {
                let lang = lang_dir.file_name().to_string_lossy().into_owned();
                for f in std::fs::read_dir(lang_dir.path())?.flatten() {
                    let file = f.file_name().to_string_lossy().into_owned();
                    if file.ends_with(".ftl") {
                        files.insert((lang.clone(), file), std::fs::read_to_string(f.path())?);
                    }
                }
            }
        }
        let mut bundles = BTreeMap::new();
        for ((lang, file), text) in files {
            let id: LanguageIdentifier = lang
                .parse()
                .with_context(|| format!("'{lang}' is not a language tag"))?;
            let bundle = bundles.entry(lang.clone()).or_insert_with(|| {
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // Bidi isolation marks would show up inside HTML attributes and URLs.
                b.set_use_isolating(false);
                b
            });
            let resource = FluentResource::try_new(text)
                .map_err(|(_, errs)| anyhow::anyhow!("locales/{lang}/{file}: {errs:?}"))?;
            bundle.add_resource(resource).map_err(|errs| {
                anyhow::anyhow!("locales/{lang}/{file}: duplicate messages {errs:?}")
            })?;
        }
        if !bundles.contains_key(default_locale) {
            bail!(
                "the default locale '{default_locale}' has no translations (have: {})",
                bundles.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        Ok(I18n {
            bundles,
            default_locale: default_locale.to_string(),
        })
    }

    /// The languages the UI is available in.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.bundles.keys().map(String::as_str)
    }

    pub fn has(&self, locale: &str) -> bool {
        self.bundles.contains_key(locale)
    }

    /// A message in `locale`, falling back to the default locale, then to the key itself.
    pub fn t(&self, locale: &str, key: &str, args: Option<&FluentArgs>) -> String {
        for lang in [locale, self.default_locale.as_str(), "en"] {
            let Some(bundle) = self.bundles.get(lang) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
        key.to_string()
    }

    /// Message keys of a locale, for the test that checks every language is complete.
    pub fn keys(&self, locale: &str) -> Vec<String> {
        let Some(bundle) = self.bundles.get(locale) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = Vec::new();
        for (name, bytes) in crate::theme::embedded_files("locales/") {
            if name.starts_with(&format!("{locale}/")) {
                for line in String::from_utf8_lossy(bytes).lines() {
                    let key = line
                        .split_once(" =")
                        .map(|(k, _)| k)
                        .filter(|k| !k.starts_with(['#', ' ', '.']));
                    if let Some(k) = key.filter(|k| bundle.has_message(k.trim())) {
                        keys.push(k.trim().to_string());
                    }
                }
            }
        }
        keys.sort();
        keys
    }
}

/// Turns template keyword arguments into Fluent arguments.
pub fn args_from<'a>(pairs: impl Iterator<Item = (&'a str, minijinja::Value)>) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (k, v) in pairs {
        let value = match v.as_i64() {
            Some(n) => FluentValue::from(n),
            None => FluentValue::from(v.to_string()),
        };
        args.set(k, value);
    }
    args
}
