//! Step 2 of the deployment test: an image uploaded through nginx is served by both
//! nodes from the bucket, and by nginx.

use super::Site;
use crate::common::moto;

/// Step 2: an editor uploads through nginx; whichever node took it, both serve the
/// original and its variant (from the bucket), and so does nginx.
pub async fn image_is_served_by_both_nodes(site: &Site) -> String {
    let token = site.nodes[0].user_with_token("editor@example.org", "editor");
    let file = site.dir.join("pier.png");
    std::fs::write(&file, png()).unwrap();
    let editor = site.client("127.0.0.4", "editor");
    let bearer = format!("Authorization: Bearer {token}");
    let form_file = format!("file=@{}", file.display());
    let url = editor.url("/api/v1/images");
    let uploaded = editor.run(&["-H", &bearer, "-F", "alt=The pier", "-F", &form_file, &url]);
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let json: serde_json::Value = serde_json::from_str(&uploaded.body).unwrap();
    let original = json["url"].as_str().unwrap();
    let variant = json["variants"][0]["webp"].as_str().unwrap();
    for image in [original, variant] {
        let mut bodies = Vec::new();
        for node in &site.nodes {
            let served = reqwest::get(node.url(image)).await.unwrap();
            assert_eq!(served.status(), 200, "{image} on {}", node.base);
            bodies.push(served.bytes().await.unwrap());
        }
        assert_eq!(bodies[0], bodies[1], "both nodes serve the same {image}");
        let through_nginx = editor.get(image);
        assert_eq!(through_nginx.status, 200, "{image} through nginx");
        assert!(
            through_nginx.header("x-cache-status").is_some(),
            "nginx caches media"
        );
    }
    // The files are objects in the bucket, not on either node's disk.
    let key = original
        .trim_start_matches("/media/")
        .split('/')
        .next()
        .unwrap();
    let names: Vec<String> = moto::objects(&site.bucket, key)
        .await
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert!(names.len() >= 2, "the original and its variants: {names:?}");
    original.to_string()
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 211) as u8, (y % 157) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
