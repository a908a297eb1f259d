//! Demo ads for the first start: an in-article and a sidebar slot, and house campaigns
//! with original creatives (HTML using the theme's house classes, and a PNG drawn here).

use broadsheet_store::{NewAdCampaign, NewAdSlot, Store};

/// A simple banner: horizontal waves in two tones of `rgb`, encoded as PNG.
pub fn banner_png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let wave = ((x as f32 / 18.0).sin() * 6.0) as i64;
        let band = ((i64::from(y) + wave).rem_euclid(40)) < 20;
        let shade = |c: u8| if band { c } else { c.saturating_add(60) };
        image::Rgb([shade(rgb[0]), shade(rgb[1]), shade(rgb[2])])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode a PNG in memory");
    out
}

/// Creates the demo slots and house campaigns; returns how many campaigns were made.
pub async fn seed(store: &Store, base_url: &str) -> anyhow::Result<usize> {
    let inline = store
        .create_ad_slot(&NewAdSlot {
            name: "Article inline".into(),
            placement: "in_article".into(),
            paragraph: 3,
            repeat_every: 6,
            sizes: "mobile=300x250 tablet=600x200".into(),
            page_types: "article".into(),
            enabled: true,
            ..NewAdSlot::default()
        })
        .await?;
    let sidebar = store
        .create_ad_slot(&NewAdSlot {
            name: "Sidebar".into(),
            placement: "sidebar".into(),
            sizes: "mobile=300x250".into(),
            page_types: "article,home,section".into(),
            enabled: true,
            ..NewAdSlot::default()
        })
        .await?;
    let now = broadsheet_store::now();
    let both = format!("{inline},{sidebar}");
    let house = |name: &str, html: &str, path: &str| NewAdCampaign {
        name: name.into(),
        advertiser: "The Harbour Ledger".into(),
        starts_at: now - 86_400,
        ends_at: now + 365 * 86_400,
        kind: "html".into(),
        html: super::creative::sanitize_html(html),
        click_url: format!("{base_url}{path}"),
        width: 300,
        height: 250,
        slot_ids: both.clone(),
        weight: 2,
        ..NewAdCampaign::default()
    };
    let campaigns = [
        house(
            "Crossword",
            "<div class=\"ad-house ad-house-ink\" lang=\"en\"><p class=\"ad-house-title\">The Ledger Crossword</p>\
             <p class=\"ad-house-text\">A fresh cryptic every Saturday, set in Port Alder.</p>\
             <p class=\"ad-house-cta\">Sharpen your pencil</p></div>",
            "/",
        ),
        house(
            "Morning Tide newsletter",
            "<div class=\"ad-house ad-house-sea\" lang=\"en\"><p class=\"ad-house-title\">Morning Tide</p>\
             <p class=\"ad-house-text\">The harbour's news before the first ferry leaves.</p>\
             <p class=\"ad-house-cta\">Read today's edition</p></div>",
            "/",
        ),
        NewAdCampaign {
            name: "Ferry winter sailings".into(),
            kind: "image".into(),
            html: String::new(),
            image_alt: "Port Alder ferries: winter sailings from the Saltmarsh Quay".into(),
            image: Some(("image/png".into(), banner_png(300, 250, [20, 70, 110]))),
            weight: 1,
            ..house("", "", "/")
        },
    ];
    for c in &campaigns {
        store.create_ad_campaign(c).await?;
    }
    Ok(campaigns.len())
}
