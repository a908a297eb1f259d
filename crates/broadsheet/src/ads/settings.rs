//! Site-wide ad settings, kept as `ads.*` rows of the settings table.

use super::creative::is_https_origin;
use super::slot::split_list;
use serde::Serialize;

/// What a slot does when no campaign is eligible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WhenEmpty {
    /// The slot folds away (it was fetched before it came into view, so nothing visible moves).
    Collapse,
    /// The house fallback campaign shows, whatever its caps and targeting.
    House,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AdSettings {
    /// How far below the viewport a slot starts loading, in CSS pixels.
    pub root_margin_px: u32,
    pub when_empty: WhenEmpty,
    pub fallback_campaign: Option<i64>,
    /// Articles with any of these tags show no ads.
    pub no_ads_tags: Vec<String>,
    /// Origins a network tag's frame may load script, images and connections from.
    pub frame_origins: Vec<String>,
    /// Without JavaScript, show the fallback campaign instead of the placeholder.
    pub noscript_fallback: bool,
}

impl Default for AdSettings {
    fn default() -> Self {
        AdSettings {
            root_margin_px: 200,
            when_empty: WhenEmpty::Collapse,
            fallback_campaign: None,
            no_ads_tags: Vec::new(),
            frame_origins: Vec::new(),
            noscript_fallback: false,
        }
    }
}

/// The settings keys, in the order `pairs()` returns them.
pub const KEYS: [&str; 6] = [
    "ads.root_margin",
    "ads.when_empty",
    "ads.fallback_campaign",
    "ads.no_ads_tags",
    "ads.frame_origins",
    "ads.noscript_fallback",
];

/// An invalid setting: the form field and the message key explaining it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingError {
    pub field: &'static str,
    pub key: &'static str,
}

impl AdSettings {
    /// Reads stored values; anything missing or unreadable keeps its default.
    pub fn from_stored(get: impl Fn(&str) -> Option<String>) -> AdSettings {
        let d = AdSettings::default();
        AdSettings {
            root_margin_px: get(KEYS[0])
                .and_then(|v| v.parse().ok())
                .unwrap_or(d.root_margin_px),
            when_empty: match get(KEYS[1]).as_deref() {
                Some("house") => WhenEmpty::House,
                _ => WhenEmpty::Collapse,
            },
            fallback_campaign: get(KEYS[2]).and_then(|v| v.parse().ok()),
            no_ads_tags: get(KEYS[3]).map(|v| split_list(&v)).unwrap_or_default(),
            frame_origins: get(KEYS[4]).map(|v| split_list(&v)).unwrap_or_default(),
            noscript_fallback: get(KEYS[5]).as_deref() == Some("true"),
        }
    }

    /// Parses the settings form. `campaign_exists` tells whether a fallback id is real.
    pub fn parse_form(
        root_margin: &str,
        when_empty: &str,
        fallback: &str,
        no_ads_tags: &str,
        frame_origins: &str,
        noscript_fallback: bool,
        campaign_exists: impl Fn(i64) -> bool,
    ) -> Result<AdSettings, SettingError> {
        let err = |field, key| SettingError { field, key };
        let root_margin_px = root_margin
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| *m <= 5000)
            .ok_or(err("root_margin", "ads-error-margin"))?;
        let when_empty = match when_empty {
            "collapse" => WhenEmpty::Collapse,
            "house" => WhenEmpty::House,
            _ => return Err(err("when_empty", "ads-error-when-empty")),
        };
        let fallback_campaign = match fallback.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .ok()
                    .filter(|id| campaign_exists(*id))
                    .ok_or(err("fallback_campaign", "ads-error-unknown-campaign"))?,
            ),
        };
        if (when_empty == WhenEmpty::House || noscript_fallback) && fallback_campaign.is_none() {
            return Err(err("fallback_campaign", "ads-error-fallback-needed"));
        }
        let no_ads_tags = split_list(no_ads_tags);
        if no_ads_tags.iter().any(|t| !is_slug(t)) {
            return Err(err("no_ads_tags", "ads-error-tags"));
        }
        let frame_origins = split_list(frame_origins);
        if frame_origins.iter().any(|o| !is_https_origin(o)) {
            return Err(err("frame_origins", "ads-error-origins"));
        }
        Ok(AdSettings {
            root_margin_px,
            when_empty,
            fallback_campaign,
            no_ads_tags,
            frame_origins,
            noscript_fallback,
        })
    }

    /// (key, value) rows to store.
    pub fn pairs(&self) -> [(&'static str, String); 6] {
        [
            (KEYS[0], self.root_margin_px.to_string()),
            (
                KEYS[1],
                match self.when_empty {
                    WhenEmpty::Collapse => "collapse".into(),
                    WhenEmpty::House => "house".into(),
                },
            ),
            (
                KEYS[2],
                self.fallback_campaign
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            ),
            (KEYS[3], self.no_ads_tags.join(", ")),
            (KEYS[4], self.frame_origins.join(" ")),
            (KEYS[5], self.noscript_fallback.to_string()),
        ]
    }
}

fn is_slug(s: &str) -> bool {
    s.len() <= 80
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_refuse_bad_values() {
        let s = AdSettings::parse_form(
            "300",
            "house",
            "4",
            "sponsored, obituary",
            "https://ads.example",
            true,
            |id| id == 4,
        )
        .unwrap();
        let stored: std::collections::HashMap<_, _> = s.pairs().into_iter().collect();
        assert_eq!(AdSettings::from_stored(|k| stored.get(k).cloned()), s);
        assert_eq!(AdSettings::from_stored(|_| None), AdSettings::default());
        let bad = |m, w, f, t, o| {
            AdSettings::parse_form(m, w, f, t, o, false, |id| id == 4)
                .unwrap_err()
                .key
        };
        assert_eq!(bad("-1", "collapse", "", "", ""), "ads-error-margin");
        assert_eq!(bad("10", "maybe", "", "", ""), "ads-error-when-empty");
        assert_eq!(
            bad("10", "collapse", "9", "", ""),
            "ads-error-unknown-campaign"
        );
        assert_eq!(bad("10", "house", "", "", ""), "ads-error-fallback-needed");
        assert_eq!(bad("10", "collapse", "", "a b/c", ""), "ads-error-tags");
        assert_eq!(bad("10", "collapse", "", "", "*"), "ads-error-origins");
        assert_eq!(
            bad("10", "collapse", "", "", "http://x.example"),
            "ads-error-origins"
        );
    }
}
