//! Admin forms parsed into slots and campaigns. Every problem names its field and a
//! message key, and nothing is saved unless the whole form is valid.

use super::creative::{self, CheckedImage, MAX_HTML_BYTES};
use super::slot::{Breakpoint, PAGE_TYPES, Placement, Size, SlotSizes};
use broadsheet_store::{NewAdCampaign, NewAdSlot};

/// A submitted form: every (name, value) pair, repeats kept (checkbox groups).
#[derive(Clone, Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn one(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.one(name).is_empty()
    }
}

/// What is wrong with a form: the field and the message key that explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputError {
    pub field: &'static str,
    pub key: &'static str,
}

fn err(field: &'static str, key: &'static str) -> InputError {
    InputError { field, key }
}

fn text(f: &Fields, name: &'static str, max: usize) -> Result<String, InputError> {
    let v = f.one(name);
    if v.is_empty() {
        return Err(err(name, "ads-error-required"));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(err(name, "ads-error-too-long"));
    }
    Ok(v.to_string())
}

fn number(f: &Fields, name: &'static str, max: i64) -> Result<i64, InputError> {
    match f.one(name) {
        "" => Ok(0),
        v => v
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or(err(name, "ads-error-number")),
    }
}

/// Sections picked from the known ones; an unknown one is an error.
fn sections(f: &Fields, known: &[String]) -> Result<String, InputError> {
    let picked = f.all("sections");
    if picked.iter().any(|s| !known.iter().any(|k| k == s)) {
        return Err(err("sections", "ads-error-unknown-section"));
    }
    Ok(picked.join(","))
}

pub fn parse_slot(f: &Fields, known_sections: &[String]) -> Result<NewAdSlot, InputError> {
    let name = text(f, "name", 80)?;
    let placement =
        Placement::parse(f.one("placement")).ok_or(err("placement", "ads-error-placement"))?;
    let paragraph = number(f, "paragraph", 200)?;
    let repeat_every = number(f, "repeat_every", 200)?;
    if placement == Placement::InArticle && paragraph == 0 {
        return Err(err("paragraph", "ads-error-paragraph"));
    }
    let mut sizes = Vec::new();
    for bp in Breakpoint::ALL {
        let field = match bp {
            Breakpoint::Mobile => "size_mobile",
            Breakpoint::Tablet => "size_tablet",
            Breakpoint::Desktop => "size_desktop",
        };
        match f.one(field) {
            "" if bp != Breakpoint::Mobile => {}
            v => sizes.push((bp, Size::parse(v).ok_or(err(field, "ads-error-size"))?)),
        }
    }
    let page_types: Vec<&str> = f.all("page_types");
    if page_types.is_empty() || page_types.iter().any(|p| !PAGE_TYPES.contains(p)) {
        return Err(err("page_types", "ads-error-page-types"));
    }
    let tag_html = f.one("tag_html");
    if tag_html.len() > MAX_HTML_BYTES {
        return Err(err("tag_html", "ads-error-too-long"));
    }
    Ok(NewAdSlot {
        name,
        placement: placement.as_str().into(),
        paragraph,
        repeat_every,
        sizes: SlotSizes(sizes).text(),
        page_types: page_types.join(","),
        sections: sections(f, known_sections)?,
        tag_html: tag_html.to_string(),
        enabled: f.checked("enabled"),
    })
}

/// A `YYYY-MM-DD` date as Unix seconds at its start (UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(s.trim(), &format).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// An uploaded image: the bytes and what checking them found.
pub struct Upload {
    pub bytes: Vec<u8>,
    pub checked: Option<CheckedImage>,
}

/// Parses the campaign form. The end date is inclusive: the campaign runs through it.
pub fn parse_campaign(
    f: &Fields,
    upload: Option<Upload>,
    known_slots: &[i64],
    known_sections: &[String],
) -> Result<NewAdCampaign, InputError> {
    let name = text(f, "name", 120)?;
    let advertiser = text(f, "advertiser", 120)?;
    let starts_at = parse_date(f.one("starts")).ok_or(err("starts", "ads-error-date"))?;
    let ends_at = parse_date(f.one("ends")).ok_or(err("ends", "ads-error-date"))? + 86_400;
    if ends_at <= starts_at {
        return Err(err("ends", "ads-error-date-order"));
    }
    let click_url = f.one("click_url");
    if !creative::is_http_url(click_url) {
        return Err(err("click_url", "ads-error-url"));
    }
    let mut slot_ids = Vec::new();
    for s in f.all("slots") {
        let id = s.parse::<i64>().ok().filter(|id| known_slots.contains(id));
        slot_ids.push(
            id.ok_or(err("slots", "ads-error-unknown-slot"))?
                .to_string(),
        );
    }
    let weight = number(f, "weight", 1000)?;
    if weight == 0 {
        return Err(err("weight", "ads-error-weight"));
    }
    let mut c = NewAdCampaign {
        name,
        advertiser,
        starts_at,
        ends_at,
        click_url: click_url.to_string(),
        slot_ids: slot_ids.join(","),
        sections: sections(f, known_sections)?,
        weight,
        daily_cap: number(f, "daily_cap", 1_000_000_000)?,
        total_cap: number(f, "total_cap", 1_000_000_000)?,
        freq_cap: number(f, "freq_cap", 1000)?,
        ..NewAdCampaign::default()
    };
    match f.one("kind") {
        "image" => {
            let upload = upload.ok_or(err("image", "ads-error-image-missing"))?;
            let checked = upload.checked.ok_or(err("image", "ads-error-image"))?;
            c.kind = "image".into();
            c.image_alt = text(f, "image_alt", 200)?;
            c.width = checked.width.into();
            c.height = checked.height.into();
            c.image = Some((checked.content_type.into(), upload.bytes));
        }
        "html" => {
            let html = f.one("html");
            if html.is_empty() || html.len() > MAX_HTML_BYTES {
                return Err(err("html", "ads-error-required"));
            }
            if creative::carries_script(html) {
                return Err(err("html", "ads-error-html-script"));
            }
            let size = Size::parse(f.one("size")).ok_or(err("size", "ads-error-size"))?;
            c.kind = "html".into();
            c.html = creative::sanitize_html(html);
            c.width = size.width.into();
            c.height = size.height.into();
        }
        _ => return Err(err("kind", "ads-error-kind")),
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn campaign_form(extra: &[(&str, &str)]) -> Fields {
        let mut f = fields(&[
            ("name", "Crossword"),
            ("advertiser", "House"),
            ("starts", "2026-01-01"),
            ("ends", "2026-01-31"),
            ("click_url", "https://example.org/x"),
            ("weight", "2"),
            ("kind", "html"),
            ("html", "<div class=\"ad-house\">Puzzle</div>"),
            ("size", "300x250"),
        ]);
        for (k, v) in extra {
            f.0.retain(|(name, _)| name != k);
            f.0.push((k.to_string(), v.to_string()));
        }
        f
    }

    #[test]
    fn a_valid_campaign_parses_with_an_inclusive_end_date() {
        let c = parse_campaign(&campaign_form(&[]), None, &[1], &[]).unwrap();
        assert_eq!(c.ends_at - c.starts_at, 31 * 86_400);
        assert_eq!((c.width, c.height, c.weight), (300, 250, 2));
    }

    #[test]
    fn bad_campaigns_name_the_problem() {
        let key = |extra: &[(&str, &str)]| {
            parse_campaign(&campaign_form(extra), None, &[1], &["city".into()])
                .unwrap_err()
                .key
        };
        assert_eq!(key(&[("starts", "2026-02-30")]), "ads-error-date");
        assert_eq!(key(&[("ends", "2025-12-01")]), "ads-error-date-order");
        assert_eq!(
            key(&[("click_url", "javascript:alert(1)")]),
            "ads-error-url"
        );
        assert_eq!(
            key(&[("html", "<img src=x onerror=alert(1)>")]),
            "ads-error-html-script"
        );
        assert_eq!(key(&[("size", "0x250")]), "ads-error-size");
        assert_eq!(key(&[("slots", "99")]), "ads-error-unknown-slot");
        assert_eq!(key(&[("sections", "nowhere")]), "ads-error-unknown-section");
        assert_eq!(key(&[("weight", "0")]), "ads-error-weight");
        assert_eq!(key(&[("kind", "image")]), "ads-error-image-missing");
        let not_image = Upload {
            bytes: b"hello".to_vec(),
            checked: None,
        };
        let e = parse_campaign(
            &campaign_form(&[("kind", "image"), ("image_alt", "x")]),
            Some(not_image),
            &[],
            &[],
        );
        assert_eq!(e.unwrap_err().key, "ads-error-image");
    }

    #[test]
    fn slots_need_sizes_pages_and_a_paragraph_for_in_article() {
        let base = [
            ("name", "Inline"),
            ("placement", "in_article"),
            ("paragraph", "3"),
            ("size_mobile", "300x250"),
            ("size_desktop", "728x90"),
            ("page_types", "article"),
            ("enabled", "on"),
        ];
        let s = parse_slot(&fields(&base), &[]).unwrap();
        assert_eq!(s.sizes, "mobile=300x250 desktop=728x90");
        let with = |k: &str, v: &str| {
            let mut f = fields(&base);
            f.0.retain(|(name, _)| name != k);
            f.0.push((k.to_string(), v.to_string()));
            parse_slot(&f, &[]).map(|_| ()).unwrap_err().key
        };
        assert_eq!(with("size_mobile", "0x0"), "ads-error-size");
        assert_eq!(with("size_desktop", "wide"), "ads-error-size");
        assert_eq!(with("paragraph", "0"), "ads-error-paragraph");
        assert_eq!(with("placement", "floating"), "ads-error-placement");
        assert_eq!(with("page_types", "search"), "ads-error-page-types");
        assert_eq!(with("name", ""), "ads-error-required");
    }
}
