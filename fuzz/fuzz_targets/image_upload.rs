//! Uploaded images: the media pipeline (`media::process`: sniff, pixel limit, decode,
//! re-encode, variants) and the ad creative check (`ads::creative::check_image`).
//!
//! Checks: never a panic; an accepted image is within the pixel limit and one pixel less
//! of limit refuses it; every stored file is an image of the format its name says that
//! decodes again, the original at the reported size and each variant at its width;
//! variants are narrower than the original; an accepted creative is PNG, JPEG or WebP,
//! within 4000 × 4000 and 1 MiB.
#![no_main]

use broadsheet::ads::creative::{MAX_IMAGE_BYTES, check_image};
use broadsheet::media::{MediaError, process};
use image::{ImageFormat, ImageReader, Limits};
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

/// A small limit keeps each run fast; the checks are the same as with the site's 40 MP.
const MAX_PIXELS: u64 = 1 << 18;
const WIDTHS: [u32; 2] = [16, 100];

fn decode(bytes: &[u8], name: &str) -> image::DynamicImage {
    let format = image::guess_format(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let ext = name.rsplit('.').next().unwrap_or("");
    let expected = match ext {
        "jpg" => ImageFormat::Jpeg,
        "png" => ImageFormat::Png,
        "webp" => ImageFormat::WebP,
        "gif" => ImageFormat::Gif,
        _ => panic!("unexpected file {name}"),
    };
    assert_eq!(format, expected, "{name} holds {format:?}");
    let mut r = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(512 << 20);
    r.limits(limits);
    r.decode()
        .unwrap_or_else(|e| panic!("stored {name} does not decode: {e}"))
}

fuzz_target!(|data: &[u8]| {
    match process(data, MAX_PIXELS, &WIDTHS) {
        Ok(p) => {
            let pixels = u64::from(p.width) * u64::from(p.height);
            assert!(pixels <= MAX_PIXELS, "accepted {} × {}", p.width, p.height);
            if pixels > 0 {
                assert!(
                    matches!(
                        process(data, pixels - 1, &WIDTHS),
                        Err(MediaError::TooManyPixels(..))
                    ),
                    "{} × {} accepted with a limit of {}",
                    p.width,
                    p.height,
                    pixels - 1
                );
            }
            assert_eq!(p.original_len, data.len());
            assert!(p.variants.windows(2).all(|w| w[0] < w[1]));
            assert!(p.variants.iter().all(|&v| v < p.width));
            let (first, _) = &p.files[0];
            assert_eq!(first, &format!("original.{}", p.ext));
            for (name, bytes) in &p.files {
                let img = decode(bytes, name);
                if name.starts_with("original.") {
                    assert_eq!(
                        (img.width(), img.height()),
                        (p.width, p.height),
                        "{name} is not the reported size"
                    );
                } else {
                    let w: u32 = name
                        .split('.')
                        .next()
                        .and_then(|w| w.parse().ok())
                        .expect(name);
                    assert!(p.variants.contains(&w), "{name} is not a listed variant");
                    assert_eq!(img.width(), w, "{name} has the wrong width");
                    assert!(img.height() >= 1 && img.height() <= p.height, "{name}");
                }
            }
        }
        Err(MediaError::Storage(e)) => panic!("storage error without storage: {e}"),
        Err(_) => {}
    }

    if let Some(c) = check_image(data) {
        assert!(data.len() <= MAX_IMAGE_BYTES);
        assert!(c.width <= 4000 && c.height <= 4000, "{c:?}");
        let format = image::guess_format(data).expect("accepted bytes have a format");
        let expected = match format {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::WebP => "image/webp",
            other => panic!("creative accepted as {other:?}"),
        };
        assert_eq!(c.content_type, expected);
    }
});
