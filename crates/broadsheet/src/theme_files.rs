//! The theme's files: the default theme and the demo content embedded at build time,
//! and the reading rule (an override directory first, then the embedded copy). A leaf:
//! the theme, translations and demo content all read through it.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::DEMO as DEMO_FILES;
pub use embedded::THEME as THEME_FILES;

/// Embedded theme files under a folder prefix, with the prefix removed.
pub fn embedded_files(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    THEME_FILES
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
    THEME_FILES
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
