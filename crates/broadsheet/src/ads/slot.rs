//! Slots as rules: where a slot goes, at which sizes per breakpoint, on which pages.

use broadsheet_store::AdSlot;
use serde::Serialize;

/// Where on a page a slot is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    Top,
    Sidebar,
    InArticle,
    EndOfArticle,
    BetweenItems,
}

impl Placement {
    pub const ALL: [Placement; 5] = [
        Placement::Top,
        Placement::Sidebar,
        Placement::InArticle,
        Placement::EndOfArticle,
        Placement::BetweenItems,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Top => "top",
            Placement::Sidebar => "sidebar",
            Placement::InArticle => "in_article",
            Placement::EndOfArticle => "end_of_article",
            Placement::BetweenItems => "between_items",
        }
    }

    pub fn parse(s: &str) -> Option<Placement> {
        Placement::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Page types a slot may appear on.
pub const PAGE_TYPES: [&str; 3] = ["article", "home", "section"];

/// Viewport classes a size applies from (min-width in rem; mobile is the base).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Breakpoint {
    Mobile,
    Tablet,
    Desktop,
}

impl Breakpoint {
    pub const ALL: [Breakpoint; 3] = [Breakpoint::Mobile, Breakpoint::Tablet, Breakpoint::Desktop];

    pub fn as_str(self) -> &'static str {
        match self {
            Breakpoint::Mobile => "mobile",
            Breakpoint::Tablet => "tablet",
            Breakpoint::Desktop => "desktop",
        }
    }

    /// The CSS media query the size applies under, or none for the base size.
    pub fn min_width_rem(self) -> Option<u32> {
        match self {
            Breakpoint::Mobile => None,
            Breakpoint::Tablet => Some(48),
            Breakpoint::Desktop => Some(64),
        }
    }
}

/// A creative size in CSS pixels; never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// The largest side we accept; anything bigger is a typo.
pub const MAX_SIDE: u32 = 2000;

impl Size {
    /// Parses `300x250`. Zero, huge or malformed sizes are refused.
    pub fn parse(s: &str) -> Option<Size> {
        let (w, h) = s
            .trim()
            .to_ascii_lowercase()
            .split_once('x')
            .map(|(w, h)| (w.trim().parse::<u32>().ok(), h.trim().parse::<u32>().ok()))?;
        let size = Size {
            width: w?,
            height: h?,
        };
        let ok = (1..=MAX_SIDE).contains(&size.width) && (1..=MAX_SIDE).contains(&size.height);
        ok.then_some(size)
    }

    pub fn text(self) -> String {
        format!("{}x{}", self.width, self.height)
    }
}

/// A size per breakpoint; the mobile size is required, larger ones inherit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlotSizes(pub Vec<(Breakpoint, Size)>);

impl SlotSizes {
    /// Parses the stored form `mobile=300x250 desktop=728x90`.
    pub fn parse(s: &str) -> Option<SlotSizes> {
        let mut sizes = Vec::new();
        for part in s.split_whitespace() {
            let (bp, size) = part.split_once('=')?;
            let bp = Breakpoint::ALL.into_iter().find(|b| b.as_str() == bp)?;
            sizes.push((bp, Size::parse(size)?));
        }
        sizes.sort_by_key(|(bp, _)| *bp as u8);
        sizes.dedup_by_key(|(bp, _)| *bp);
        (sizes.first().map(|(bp, _)| *bp) == Some(Breakpoint::Mobile)).then_some(SlotSizes(sizes))
    }

    pub fn text(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(bp, s)| format!("{}={}", bp.as_str(), s.text()))
            .collect();
        parts.join(" ")
    }

    pub fn contains(&self, size: Size) -> bool {
        self.0.iter().any(|(_, s)| *s == size)
    }

    /// The size shown on the smallest screens.
    pub fn base(&self) -> Size {
        self.0[0].1
    }
}

/// A stored slot parsed into rules. Rows that no longer parse are skipped by callers.
#[derive(Clone, Debug, Serialize)]
pub struct Slot {
    pub id: i64,
    pub name: String,
    pub placement: Placement,
    pub paragraph: u32,
    pub repeat_every: u32,
    pub sizes: SlotSizes,
    pub page_types: Vec<String>,
    pub sections: Vec<String>,
    /// A third-party network's tag; such a slot never shows house campaigns.
    #[serde(skip)]
    pub tag_html: String,
    pub enabled: bool,
}

impl Slot {
    pub fn from_row(row: &AdSlot) -> Option<Slot> {
        Some(Slot {
            id: row.id,
            name: row.name.clone(),
            placement: Placement::parse(&row.placement)?,
            paragraph: u32::try_from(row.paragraph).ok()?,
            repeat_every: u32::try_from(row.repeat_every).ok()?,
            sizes: SlotSizes::parse(&row.sizes)?,
            page_types: split_list(&row.page_types),
            sections: split_list(&row.sections),
            tag_html: row.tag_html.clone(),
            enabled: row.enabled,
        })
    }

    pub fn is_tag(&self) -> bool {
        !self.tag_html.trim().is_empty()
    }

    /// True when this slot shows on a page of `page_type` in `section` (if any).
    pub fn shows_on(&self, page_type: &str, section: Option<&str>) -> bool {
        self.enabled
            && self.page_types.iter().any(|p| p == page_type)
            && (self.sections.is_empty()
                || section.is_some_and(|s| self.sections.iter().any(|x| x == s)))
    }
}

/// A comma- or space-separated list, trimmed, without empties or repeats.
pub fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in s
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_refuse_zero_or_huge() {
        assert_eq!(
            Size::parse("300x250"),
            Some(Size {
                width: 300,
                height: 250
            })
        );
        for bad in ["0x250", "300x0", "x", "300", "99999x1", "-1x5", "axb"] {
            assert_eq!(Size::parse(bad), None, "{bad}");
        }
        let s = SlotSizes::parse("desktop=728x90 mobile=300x250").unwrap();
        assert_eq!(s.text(), "mobile=300x250 desktop=728x90");
        assert_eq!(
            SlotSizes::parse("desktop=728x90"),
            None,
            "mobile is required"
        );
        assert_eq!(SlotSizes::parse("tv=1x1"), None);
    }

    #[test]
    fn slots_show_only_on_their_pages_and_sections() {
        let row = AdSlot {
            id: 1,
            name: "s".into(),
            placement: "sidebar".into(),
            paragraph: 0,
            repeat_every: 0,
            sizes: "mobile=300x250".into(),
            page_types: "article".into(),
            sections: "city, sport".into(),
            tag_html: String::new(),
            enabled: true,
        };
        let slot = Slot::from_row(&row).unwrap();
        assert!(slot.shows_on("article", Some("city")));
        assert!(!slot.shows_on("article", Some("arts")));
        assert!(!slot.shows_on("article", None));
        assert!(!slot.shows_on("home", Some("city")));
        let everywhere = Slot::from_row(&AdSlot {
            sections: String::new(),
            ..row.clone()
        })
        .unwrap();
        assert!(everywhere.shows_on("article", None));
        let off = Slot::from_row(&AdSlot {
            enabled: false,
            ..row
        })
        .unwrap();
        assert!(!off.shows_on("article", Some("city")));
    }
}
