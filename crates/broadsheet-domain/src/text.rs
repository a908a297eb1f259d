//! Parsed text types: a value of these types has already been checked.

use serde::Serialize;
use std::fmt;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error(
        "a slug may use only lower-case letters a–z, digits and single hyphens, 1–120 characters"
    )]
    BadSlug,
    #[error("'{0}' is not a valid email address")]
    BadEmail(String),
}

/// A URL path segment: lower-case ASCII letters, digits and single inner hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, TextError> {
        let ok = !s.is_empty()
            && s.len() <= 120
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(TextError::BadSlug)
        }
    }

    /// Builds a slug from a title in any language: letters of every script are
    /// transliterated to ASCII ("École" → "ecole", "Şehir" → "sehir", Greek and Cyrillic
    /// to Latin), apostrophes vanish, everything else separates words. Falls back to
    /// `"untitled"` only when nothing usable is left. Stored slugs never change: only
    /// new ones are made here.
    pub fn from_title(title: &str) -> Slug {
        let mut out = String::with_capacity(title.len());
        let mut push = |ch: char| {
            if ch.is_ascii_alphanumeric() {
                out.push(ch.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        };
        for c in title.chars() {
            if matches!(c, '\'' | '’' | 'ʼ') {
                continue;
            }
            if c.is_ascii() || !c.is_alphanumeric() {
                // Symbols and emoji separate words; they are not spelled out.
                push(c);
                continue;
            }
            match deunicode::deunicode_char(c) {
                Some(latin) => latin.chars().for_each(&mut push),
                None => push(' '),
            }
        }
        let mut slug = out.trim_end_matches('-').to_string();
        if slug.len() > 80 {
            // Cut at the last word boundary before 80 characters (all ASCII by now).
            let cut = slug[..80].rfind('-').unwrap_or(80);
            slug.truncate(cut);
        }
        if slug.is_empty() {
            slug.push_str("untitled");
        }
        Slug(slug)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address in a plausible shape, stored lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<EmailAddress, TextError> {
        let s = s.trim();
        let bad = || TextError::BadEmail(s.chars().take(80).collect());
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && domain.len() <= 190
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
            && !domain.contains('@');
        if ok {
            Ok(EmailAddress(s.to_lowercase()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_titles_in_english_and_turkish() {
        assert_eq!(
            Slug::from_title("Ferry Timetable: Winter 2026!").as_str(),
            "ferry-timetable-winter-2026"
        );
        assert_eq!(
            Slug::from_title("İskele'de Çığ Gibi Büyüyen Kuyruk").as_str(),
            "iskelede-cig-gibi-buyuyen-kuyruk"
        );
        assert_eq!(Slug::from_title("¿¡!?").as_str(), "untitled");
        assert_eq!(Slug::from_title("🎉 ✓").as_str(), "untitled");
        let long = Slug::from_title(&"harbour ".repeat(20));
        assert!(
            long.as_str().len() <= 80 && long.as_str().ends_with("harbour"),
            "{long}"
        );
    }

    #[test]
    fn slugs_are_readable_in_every_script() {
        for (title, slug) in [
            ("École d’été à Genève", "ecole-dete-a-geneve"),
            ("Şehir Meclisi", "sehir-meclisi"),
            ("IĞDIR'DA ÇİFTÇİLER", "igdirda-ciftciler"),
            ("Straße über Ærø", "strasse-uber-aero"),
            ("Λιμάνι της Θεσσαλονίκης", "limani-tes-thessalonikes"),
            ("Новый паром в Одессе", "novyi-parom-v-odesse"),
            ("Zürich 2026 🎉 Łódź", "zurich-2026-lodz"),
        ] {
            let got = Slug::from_title(title);
            assert_eq!(got.as_str(), slug, "{title}");
            assert!(Slug::parse(got.as_str()).is_ok(), "{got} is a valid slug");
        }
    }

    #[test]
    fn slug_parse_rejects_bad_shapes() {
        assert!(Slug::parse("good-slug-1").is_ok());
        for bad in ["", "-x", "x-", "a--b", "Upper", "sp ace", "../etc"] {
            assert_eq!(Slug::parse(bad), Err(TextError::BadSlug), "{bad}");
        }
    }

    #[test]
    fn emails_are_checked_and_lowercased() {
        assert_eq!(
            EmailAddress::parse(" Ada@Example.ORG ").unwrap().as_str(),
            "ada@example.org"
        );
        for bad in [
            "",
            "nobody",
            "a@b",
            "a b@c.org",
            "<x>@y.org",
            "a@.org",
            "a@b@c.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
