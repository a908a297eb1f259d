//! Images, sections, tags and articles stored with hostile alt texts, names and fields.

use super::hostile::{Hostile, LEAD};
use super::http::Http;
use super::staff::Staff;
use serde_json::{Value, json};

/// What the editor stored through the API.
pub struct Articles {
    /// The images' alt texts, as stored.
    pub alts: Vec<String>,
    pub section_names: Vec<String>,
    pub tag_names: Vec<String>,
    /// P: published in "city", every vector in its body, revised once.
    pub p_id: i64,
    pub p_headline: String,
    /// H: published in the hostile section, where comments are held for review.
    pub h_id: i64,
    pub h_headline: String,
    /// D: a draft submitted for review.
    pub d_headline: String,
    /// The public paths of P and H.
    pub article_urls: Vec<String>,
}

/// An article's fields, every one of them hostile but `headline`, `section` and `body`.
fn article(hostile: &Hostile, headline: String, section: &str, body: String) -> Value {
    let v = move |i: usize| hostile.v(i);
    json!({
        "headline": headline, "standfirst": v(3), "body": body, "dateline": v(7),
        "section": section, "tags": [v(10), "harbour"], "seo_title": v(20),
        "seo_description": v(21), "lead_image": "https://img.example/lead.png", "image_alt": v(22),
        "image_caption": v(23), "image_credit": v(24),
    })
}

/// Has the editor upload images, name sections and tags, and write, revise, publish
/// and submit articles, all with hostile text.
pub async fn seed(anon: &Http, staff: &Staff, hostile: &Hostile) -> Articles {
    let (vectors, v) = (&hostile.vectors, move |i: usize| hostile.v(i));
    let token = &staff.editor_token;
    // Images uploaded with hostile alt text.
    let png = broadsheet::ads::demo::banner_png(40, 20, [200, 60, 20]);
    let mut alts = Vec::new();
    for alt in vectors.iter().skip(4).step_by(20) {
        let (status, json) = anon
            .api_multipart(
                token,
                "/api/v1/images",
                &[("alt", alt)],
                ("file", "lead.png", &png),
            )
            .await;
        assert_eq!(status, 201, "image with alt {alt:?}: {json}");
        alts.push(json["alt"].as_str().unwrap().to_string());
    }

    // Sections and tags named with vectors; articles carrying hostile fields.
    let (status, section) = anon
        .api(
            token,
            "/api/v1/sections",
            json!({"name": format!("Hostile {}", v(0)), "slug": "hostile"}),
        )
        .await;
    assert_eq!(status, 201, "{section}");
    let mut section_names = vec![format!("Hostile {}", v(0))];
    for (i, s) in vectors.iter().step_by(9).enumerate() {
        let name = s.trim();
        if name.chars().count() <= 80 && !name.contains('\n') {
            let body = json!({"name": name, "slug": format!("hostile-{i}")});
            let (status, json) = anon.api(token, "/api/v1/sections", body).await;
            assert_eq!(status, 201, "{json}");
            section_names.push(name.to_string());
        }
    }
    let mut tag_names = Vec::new();
    for t in vectors
        .iter()
        .filter(|t| t.trim().chars().count() <= 60 && !t.contains('\n'))
    {
        let (status, json) = anon.api(token, "/api/v1/tags", json!({"name": t})).await;
        assert!(status == 201 || status == 409, "tag {t:?}: {status} {json}");
        if status == 201 {
            tag_names.push(t.trim().to_string());
        }
    }
    let create = |body: Value| async move {
        let (status, json) = anon.api(token, "/api/v1/articles", body).await;
        assert_eq!(status, 201, "{json}");
        json["id"].as_i64().unwrap()
    };
    let p_headline = format!("Ferry P {}", v(5));
    let p_id = create(article(
        hostile,
        format!("Ferry draft {}", v(4)),
        "city",
        format!("{LEAD}{}", vectors.join("\n\n")),
    ))
    .await;
    let revised: Vec<&str> = vectors.iter().rev().map(String::as_str).collect();
    let (status, json) = anon
        .api_patch(
            token,
            &format!("/api/v1/articles/{p_id}"),
            json!({"version": 1, "headline": p_headline, "body": format!("{LEAD}{}", revised.join("\n\n"))}),
        )
        .await;
    assert_eq!(status, 200, "{json}");
    let h_headline = format!("Held H {}", v(8));
    let h_id = create(article(
        hostile,
        h_headline.clone(),
        "hostile",
        v(9).to_string(),
    ))
    .await;
    let d_headline = format!("Draft D {}", v(11));
    let d_id = create(article(
        hostile,
        d_headline.clone(),
        "city",
        v(12).to_string(),
    ))
    .await;
    // A workflow step through the API: publish or submit.
    let step = |id: i64, action: &'static str| async move {
        let path = format!("/api/v1/articles/{id}/{action}");
        let (status, json) = anon.api(token, &path, json!({})).await;
        assert_eq!(status, 200, "{json}");
        json
    };
    let mut article_urls = Vec::new();
    for id in [p_id, h_id] {
        let json = step(id, "publish").await;
        article_urls.push(json["url"].as_str().unwrap().to_string());
    }
    step(d_id, "submit").await;
    Articles {
        alts,
        section_names,
        tag_names,
        p_id,
        p_headline,
        h_id,
        h_headline,
        d_headline,
        article_urls,
    }
}
