//! UI translations from Fluent files: `locales/<lang>/*.ftl` in the theme. Adding a
//! language is adding a folder; a theme directory may override or add files.

use anyhow::{Context, bail};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use parking_lot::RwLock;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use unic_langid::LanguageIdentifier;

/// Every loaded language's messages.
pub struct I18n {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    /// Per language, every message that needs no arguments, formatted once at load: a
    /// page asks for dozens (hundreds under a busy comment section) on every render.
    plain: HashMap<String, HashMap<String, String>>,
    /// Messages formatted with template arguments (a like count, a name), by language,
    /// key and arguments: a comment section asks for the same few again and again.
    formatted: RwLock<HashMap<String, String>>,
    pub default_locale: String,
}

/// Formatted messages remembered at most; when full, the memory starts again.
const MAX_FORMATTED: usize = 8192;

impl I18n {
    /// Loads the embedded locales, then any `locales/<lang>/*.ftl` in the theme directory
    /// (a file with the same name replaces the embedded one).
    pub fn load(theme_dir: Option<&Path>, default_locale: &str) -> anyhow::Result<I18n> {
        let mut files: BTreeMap<(String, String), String> = BTreeMap::new();
        for (name, bytes) in crate::theme_files::embedded_files("locales/") {
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
        let mut keys: Vec<String> = Vec::new();
        for ((lang, file), text) in files {
            keys.extend(message_keys(&text).map(str::to_string));
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
        let plain = bundles
            .iter()
            .map(|(lang, bundle)| (lang.clone(), plain_messages(bundle, &keys)))
            .collect();
        Ok(I18n {
            bundles,
            plain,
            formatted: RwLock::default(),
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
            if args.is_none()
                && let Some(text) = self.plain.get(lang).and_then(|m| m.get(key))
            {
                return text.clone();
            }
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

    /// A message with template keyword arguments, formatted once per distinct set.
    pub fn t_with(&self, locale: &str, key: &str, pairs: &[(&str, minijinja::Value)]) -> String {
        let mut memo_key = format!("{locale}\u{1f}{key}");
        for (k, v) in pairs {
            // Numbers select plural forms; the same digits as text do not.
            let kind = if v.as_i64().is_some() { '#' } else { '=' };
            memo_key.push('\u{1f}');
            memo_key.push_str(k);
            memo_key.push(kind);
            memo_key.push_str(&v.to_string());
        }
        let read = self.formatted.read();
        if let Some(text) = read.get(&memo_key) {
            return text.clone();
        }
        drop(read);
        let args = args_from(pairs.iter().cloned());
        let text = self.t(locale, key, Some(&args));
        let mut memo = self.formatted.write();
        if memo.len() >= MAX_FORMATTED {
            memo.clear();
        }
        memo.insert(memo_key, text.clone());
        text
    }

    /// Message keys of a locale, for the test that checks every language is complete.
    pub fn keys(&self, locale: &str) -> Vec<String> {
        let Some(bundle) = self.bundles.get(locale) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = Vec::new();
        for (name, bytes) in crate::theme_files::embedded_files("locales/") {
            if name.starts_with(&format!("{locale}/")) {
                let text = String::from_utf8_lossy(bytes);
                keys.extend(
                    message_keys(&text)
                        .filter(|k| bundle.has_message(k))
                        .map(str::to_string),
                );
            }
        }
        keys.sort();
        keys
    }
}

/// The message names a Fluent file defines (`key = …` at the start of a line).
fn message_keys(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        line.split_once(" =")
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with(['#', ' ', '.', '-']))
            .map(str::trim)
    })
}

/// Every message among `keys` that formats without arguments and without errors.
fn plain_messages(
    bundle: &FluentBundle<FluentResource>,
    keys: &[String],
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for key in keys {
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            out.insert(key.clone(), text.into_owned());
        }
    }
    out
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
