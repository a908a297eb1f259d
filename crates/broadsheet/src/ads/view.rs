//! What templates see of ads: the slots for a place on a page, the article body cut
//! where in-article slots go, and the generated stylesheet reserving every slot's space.

use super::slot::{Placement, Slot};
use super::{Ads, Table, body};
use minijinja::{Environment, Error, ErrorKind, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::sync::Arc;

/// One slot as the `ads/slot.html` macro renders it.
#[derive(Clone, Debug, Serialize)]
pub struct SlotView {
    pub id: i64,
    pub name: String,
    pub placement: &'static str,
    pub page: String,
    pub section: String,
    pub article: i64,
    pub margin: String,
    pub width: u32,
    pub height: u32,
    pub fallback: Option<FallbackView>,
}

/// A creative rendered on the server for readers without JavaScript.
#[derive(Clone, Debug, Serialize)]
pub struct FallbackView {
    pub href: String,
    pub src: String,
    pub alt: String,
    /// Sanitized when the campaign was saved.
    pub html: String,
}

/// Where a slot is being placed.
pub struct PageSpot<'a> {
    pub page: &'a str,
    pub section: Option<&'a str>,
    pub article: Option<i64>,
}

impl Table {
    /// Slots of `placement` for this page, none on an ad-free article.
    pub fn slots_for(&self, placement: Placement, spot: &PageSpot) -> Vec<SlotView> {
        if spot.article.is_some_and(|id| self.ad_free.contains(&id)) {
            return Vec::new();
        }
        self.slots
            .iter()
            .filter(|s| s.placement == placement && s.shows_on(spot.page, spot.section))
            .map(|s| self.view(s, spot))
            .collect()
    }

    fn view(&self, s: &Slot, spot: &PageSpot) -> SlotView {
        let base = s.sizes.base();
        let fallback = self
            .settings
            .fallback_campaign
            .filter(|_| self.settings.noscript_fallback && !s.is_tag())
            .and_then(|id| self.campaign(id))
            .map(|(c, row)| FallbackView {
                href: format!("/ads/click/{}?slot={}", c.id, s.id),
                src: if row.kind == "image" {
                    format!("/ads/image/{}", c.id)
                } else {
                    String::new()
                },
                alt: row.image_alt.clone(),
                html: row.html.clone(),
            });
        SlotView {
            id: s.id,
            name: s.name.clone(),
            placement: s.placement.as_str(),
            page: spot.page.to_string(),
            section: spot.section.unwrap_or("").to_string(),
            article: spot.article.unwrap_or(0),
            margin: format!("{}px", self.settings.root_margin_px),
            width: base.width,
            height: base.height,
            fallback,
        }
    }
}

/// Reserves each slot's box per breakpoint with `aspect-ratio` and a max width, so the
/// page lays out at its final size before any creative arrives.
pub fn slot_css(slots: &[Slot]) -> String {
    let mut css = String::from("/* generated from the ad slots */\n");
    for s in slots {
        for (bp, size) in &s.sizes.0 {
            let rule = format!(
                ".ad-slot-{id} .ad-box{{max-width:{w}px;aspect-ratio:{w}/{h}}}",
                id = s.id,
                w = size.width,
                h = size.height
            );
            match bp.min_width_rem() {
                None => writeln!(css, "{rule}"),
                Some(rem) => writeln!(css, "@media (min-width:{rem}rem){{{rule}}}"),
            }
            .expect("write to string");
        }
    }
    css
}

pub fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Adds `ad_slots(placement, page, section, article)`, `ad_article_body(article)`,
/// `ad_slots_after_item(page, section, index)` and `ads_stylesheet()` to templates.
pub fn install(env: &mut Environment<'static>, ads: Arc<Ads>) {
    let for_slots = ads.clone();
    env.add_function(
        "ad_slots",
        move |placement: &str,
              page: &str,
              section: Option<String>,
              article: Option<i64>|
              -> Result<Value, Error> {
            let placement = Placement::parse(placement)
                .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "unknown ad placement"))?;
            let spot = PageSpot {
                page,
                section: section.as_deref().filter(|s| !s.is_empty()),
                article,
            };
            Ok(Value::from(minijinja::value::Serde(
                for_slots.table().slots_for(placement, &spot),
            )))
        },
    );
    let for_body = ads.clone();
    env.add_function(
        "ad_article_body",
        move |article: Value| -> Result<Value, Error> {
            let html = article.get_attr("body_html")?;
            let html = html.as_str().unwrap_or("");
            let section = article.get_attr("section_slug")?;
            let spot = PageSpot {
                page: "article",
                section: section.as_str(),
                article: article.get_attr("id")?.as_i64(),
            };
            let table = for_body.table();
            let slots = table.slots_for(Placement::InArticle, &spot);
            let ends = body::paragraph_ends(html);
            let paragraphs = ends.len();
            let wanted: Vec<(usize, SlotView)> = table
                .slots
                .iter()
                .filter_map(|s| slots.iter().find(|v| v.id == s.id).map(|v| (s, v)))
                .flat_map(|(s, v)| {
                    body::insertion_points(s.paragraph, s.repeat_every, paragraphs)
                        .into_iter()
                        .map(move |p| (p, v.clone()))
                })
                .collect();
            let pieces: Vec<Value> = body::split_after(html, &ends, &wanted)
                .into_iter()
                .map(|(piece, slots)| {
                    minijinja::context! {
                        html => Value::from_safe_string(piece),
                        slots => Value::from(minijinja::value::Serde(slots)),
                    }
                })
                .collect();
            Ok(Value::from(pieces))
        },
    );
    let for_items = ads.clone();
    env.add_function(
        "ad_slots_after_item",
        move |page: &str, section: Option<String>, index: usize| -> Value {
            let table = for_items.table();
            let spot = PageSpot {
                page,
                section: section.as_deref().filter(|s| !s.is_empty()),
                article: None,
            };
            let views: Vec<SlotView> = table
                .slots_for(Placement::BetweenItems, &spot)
                .into_iter()
                .filter(|v| {
                    table
                        .slot(v.id)
                        .is_some_and(|s| body::follows(s.paragraph, s.repeat_every, index))
                })
                .collect();
            Value::from(minijinja::value::Serde(views))
        },
    );
    env.add_function("ads_stylesheet", move || -> Value {
        Value::from_safe_string(format!("/ads/slots.css?v={}", ads.table().css_version))
    });
}
