//! Ads: hostile campaign names, advertisers, HTML creatives, slot names and network tags.

use super::hostile::{Hostile, line_ok};
use super::http::{Http, Resp};
use super::staff::Staff;
use crate::common::server::Server;
use broadsheet_store::Store;
use serde_json::Value;

/// A network tag runs script by design, but only inside its sandboxed frame: it tries
/// to reach the page around it and reports that it ran.
pub const TAG: &str = "<script>parent.postMessage('tag-ran', '*'); try { parent.__xss = 1 } catch (e) {} \
    try { top.document.body.setAttribute('data-xss', '1') } catch (e) {}</script>\
    <img src=x onerror=\"try { parent.__xss = 1 } catch (e) {}\">";

/// What the administrator stored, and where it shows.
pub struct Ads {
    /// The hostile texts accepted as HTML creatives.
    pub accepted: Vec<String>,
    /// Each stored campaign's name, then its advertiser (and the image campaign's).
    pub ad_texts: Vec<String>,
    pub campaign_ids: Vec<String>,
    pub live_id: String,
    pub live_name: String,
    /// The image campaign's hostile alt text.
    pub image_alt: String,
    pub inline: i64,
    pub sidebar: i64,
    pub tag_slot: i64,
    pub tag_slot_name: String,
    pub slot_names: Vec<String>,
}

/// The campaign form, filled in by the administrator.
struct Campaigns<'a> {
    admin: &'a Http,
    today: time::Date,
    inline: String,
    sidebar: String,
}

impl Campaigns<'_> {
    /// `d` days from today, as the form takes a date.
    fn day(&self, d: i64) -> String {
        (self.today + time::Duration::days(d)).to_string()
    }

    /// An HTML campaign: live for a month from yesterday and in the sidebar only, or
    /// starting next year in both slots (an image campaign takes the in-article slot).
    async fn html(&self, name: String, advertiser: String, html: String, live: bool) -> Resp {
        let (starts, ends) = if live {
            (self.day(-1), self.day(30))
        } else {
            (self.day(400), self.day(430))
        };
        let inline = if live { &self.sidebar } else { &self.inline };
        let fields = [
            ("name", name.as_str()),
            ("advertiser", advertiser.as_str()),
            ("starts", starts.as_str()),
            ("ends", ends.as_str()),
            ("kind", "html"),
            ("html", html.as_str()),
            ("size", "300x250"),
            ("click_url", "https://example.org/offer?from='ledger'"),
            ("weight", "1000"),
            ("slots", inline.as_str()),
            ("slots", self.sidebar.as_str()),
        ];
        self.admin
            .multipart("/newsroom/ads/campaigns", &fields, None)
            .await
    }
}

/// Every vector as a campaign name and advertiser, and as an HTML creative. Creatives
/// carrying script are refused with the form shown again; the rest are stored
/// sanitized. Those campaigns start next year; one live campaign carries every accepted
/// creative, the demo campaigns are paused, and it is also the fallback shown in
/// `<noscript>`. Then hostile slots and a network tag, and checks of what is served.
pub async fn seed(
    server: &Server,
    store: &Store,
    anon: &Http,
    staff: &Staff,
    hostile: &Hostile,
) -> Ads {
    let (admin, v) = (&staff.admin, move |i: usize| hostile.v(i));
    let slots = store.list_ad_slots().await.unwrap();
    let slot_id = |name: &str| slots.iter().find(|s| s.name == name).unwrap().id;
    let (inline, sidebar) = (slot_id("Article inline"), slot_id("Sidebar"));
    for c in store.list_ad_campaigns().await.unwrap() {
        let r = admin
            .form(
                &format!("/newsroom/ads/campaigns/{}/enabled", c.id),
                &[("enabled", "false")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let campaigns = Campaigns {
        admin,
        today: time::OffsetDateTime::now_utc().date(),
        inline: inline.to_string(),
        sidebar: sidebar.to_string(),
    };
    let mut accepted = Vec::new();
    let mut ad_texts = Vec::new();
    let mut campaign_ids = Vec::new();
    for (k, vector) in hostile.vectors.iter().enumerate() {
        let text = |s: &str, fallback: String| {
            if line_ok(s, 120) {
                s.trim().to_string()
            } else {
                fallback
            }
        };
        let name = text(vector, format!("Campaign {k}"));
        let advertiser = text(v(k + 1), format!("Advertiser {k}"));
        let mark = format!("<p class=\"ad-house-text\">creative-mark-{k}</p>");
        let html = format!("{vector}{mark}");
        let r = campaigns
            .html(name.clone(), advertiser.clone(), html, false)
            .await;
        let r = if r.status == 303 {
            accepted.push(vector.clone());
            r
        } else {
            assert_eq!(r.status, 400, "creative {vector:?}: {}", r.body);
            assert!(
                r.body.contains("id=\"form-error\""),
                "the refusal explains itself: {vector:?}"
            );
            campaigns
                .html(name.clone(), advertiser.clone(), mark, false)
                .await
        };
        assert_eq!(r.status, 303, "campaign {k}: {}", r.body);
        campaign_ids.push(r.location.rsplit('/').next().unwrap().to_string());
        ad_texts.push(name);
        ad_texts.push(advertiser);
    }
    assert!(!accepted.is_empty(), "no creative was accepted");
    for vector in &hostile.with_nul {
        let r = campaigns
            .html(vector.clone(), vector.clone(), vector.clone(), false)
            .await;
        assert_eq!(
            r.status, 400,
            "a campaign with NUL must be refused: {vector:?}"
        );
    }
    // The accepted creatives together; pieces that only carry script once joined to a
    // neighbour are left out.
    let mut combined = String::new();
    for piece in &accepted {
        let next = format!("{combined}<div class=\"ad-house\">{piece}</div>\n");
        if !broadsheet::ads::creative::carries_script(&next) {
            combined = next;
        }
    }
    combined.push_str("<p class=\"ad-house-title\">combined-mark</p>");
    let live_name = format!("Live {}", v(2));
    let r = campaigns
        .html(live_name.clone(), v(16).trim().to_string(), combined, true)
        .await;
    assert_eq!(r.status, 303, "the live campaign: {}", r.body);
    let live_id = r.location.rsplit('/').next().unwrap().to_string();
    let image_alt = v(31).trim().to_string();
    let png = broadsheet::ads::demo::banner_png(300, 250, [10, 60, 90]);
    let (starts, ends) = (campaigns.day(-1), campaigns.day(30));
    let r = admin
        .multipart(
            "/newsroom/ads/campaigns",
            &[
                ("name", v(32).trim()),
                ("advertiser", v(33).trim()),
                ("starts", &starts),
                ("ends", &ends),
                ("kind", "image"),
                ("image_alt", &image_alt),
                ("click_url", "https://example.org/image"),
                ("weight", "1000"),
                ("slots", &campaigns.inline),
            ],
            Some(("image", "banner.png", &png)),
        )
        .await;
    assert_eq!(r.status, 303, "the image campaign: {}", r.body);
    ad_texts.extend([v(32).trim().to_string(), v(33).trim().to_string()]);
    let r = admin
        .form(
            "/newsroom/ads/settings",
            &[
                ("root_margin", "200"),
                ("when_empty", "collapse"),
                ("fallback_campaign", &live_id),
                ("no_ads_tags", ""),
                ("frame_origins", ""),
                ("noscript_fallback", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "ad settings: {}", r.body);
    let (tag_slot_name, slot_names) = slots_named(admin, hostile).await;
    let tag_slot = store
        .list_ad_slots()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == tag_slot_name)
        .unwrap()
        .id;
    check_served(server, anon, tag_slot, sidebar).await;
    Ads {
        accepted,
        ad_texts,
        campaign_ids,
        live_id,
        live_name,
        image_alt,
        inline,
        sidebar,
        tag_slot,
        tag_slot_name,
        slot_names,
    }
}

/// The slot form's fields for a 300×250 slot on article pages, `enabled` or not.
fn slot_form<'a>(
    name: &'a str,
    placement: &'a str,
    tag_html: &'a str,
    enabled: bool,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", name),
        ("placement", placement),
        ("size_mobile", "300x250"),
        ("page_types", "article"),
        ("tag_html", tag_html),
    ];
    if enabled {
        fields.push(("enabled", "on"));
    }
    fields
}

/// A slot carrying the network tag, and slots with hostile names and tags: the tag
/// slot's name, and every new slot's name as shown.
async fn slots_named(admin: &Http, hostile: &Hostile) -> (String, Vec<String>) {
    let tag_slot_name = format!("Tag {}", hostile.v(17));
    let mut slot_names = vec![tag_slot_name.clone()];
    let fields = slot_form(&tag_slot_name, "top", TAG, true);
    let r = admin.form("/newsroom/ads/slots", &fields).await;
    assert_eq!(r.status, 303, "the tag slot: {}", r.body);
    for name in hostile
        .vectors
        .iter()
        .skip(1)
        .step_by(25)
        .filter(|s| line_ok(s, 80))
    {
        let fields = slot_form(name, "sidebar", name, false);
        let r = admin.form("/newsroom/ads/slots", &fields).await;
        assert_eq!(r.status, 303, "slot {name:?}: {}", r.body);
        slot_names.push(name.trim().to_string());
    }
    (tag_slot_name, slot_names)
}

/// The tag frame's own policy sandboxes it away from the site's origin, and the
/// creative endpoint answers JSON with the sanitized live creative.
async fn check_served(server: &Server, anon: &Http, tag_slot: i64, sidebar: i64) {
    let frame = reqwest::Client::new()
        .get(server.url(&format!("/ads/frame/{tag_slot}")))
        .send()
        .await
        .unwrap();
    assert_eq!(frame.status(), 200);
    let policy = frame
        .headers()
        .get("content-security-policy")
        .map(|h| h.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        policy.starts_with("sandbox allow-scripts allow-popups;")
            && !policy.contains("allow-same-origin"),
        "the tag frame must be sandboxed: {policy}"
    );
    let creative = anon.get(&format!("/ads/slot/{sidebar}/creative")).await;
    let ad: Value = serde_json::from_str(&creative.body).unwrap();
    let html = ad["html"].as_str().unwrap_or("").to_lowercase();
    assert!(
        html.contains("combined-mark"),
        "the live creative is served: {ad}"
    );
    assert!(
        !broadsheet::ads::creative::carries_script(&html),
        "the served creative carries script: {html}"
    );
}
