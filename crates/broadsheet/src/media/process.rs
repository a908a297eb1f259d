//! Turning an upload into safe files: sniff the real format, refuse bombs, decode, turn
//! it upright by its EXIF orientation, re-encode without metadata, and make the
//! responsive variants.

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

/// libwebp quality of photo variants: near JPEG 75 to the eye, about half its size.
const WEBP_QUALITY: f32 = 80.0;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is not a JPEG, PNG, WebP or GIF image")]
    NotAnImage,
    #[error("the image is {0} × {1} pixels, more than this site accepts")]
    TooManyPixels(u32, u32),
    #[error("the image could not be read: it is damaged or not what it claims to be")]
    Undecodable,
    #[error("the image could not be stored")]
    Storage(#[source] std::io::Error),
}

/// The files to store for one upload: `original.<ext>` plus `<width>.webp` and
/// `<width>.<ext>` for each variant width. Width and height are the upright image's.
pub struct Processed {
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
    pub original_len: usize,
    pub variants: Vec<u32>,
    pub files: Vec<(String, Vec<u8>)>,
}

fn ext_of(format: ImageFormat) -> Option<&'static str> {
    match format {
        ImageFormat::Jpeg => Some("jpg"),
        ImageFormat::Png => Some("png"),
        ImageFormat::WebP => Some("webp"),
        ImageFormat::Gif => Some("gif"),
        _ => None,
    }
}

fn reader(bytes: &[u8], format: ImageFormat, max_pixels: u64) -> ImageReader<Cursor<&[u8]>> {
    let mut r = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(max_pixels.saturating_mul(4).saturating_add(64 << 20));
    r.limits(limits);
    r
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, MediaError> {
    let mut out = Cursor::new(Vec::new());
    let img = match format {
        // JPEG has no alpha; WebP (lossless here) wants 8-bit RGB(A).
        ImageFormat::Jpeg => DynamicImage::ImageRgb8(img.to_rgb8()),
        _ if img.color().has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
        _ => DynamicImage::ImageRgb8(img.to_rgb8()),
    };
    img.write_to(&mut out, format)
        .map_err(|_| MediaError::Undecodable)?;
    Ok(out.into_inner())
}

/// A photo: a JPEG, or a WebP whose first image chunk is lossy (`VP8 `, not `VP8L`).
/// PNGs and lossless WebPs are taken for drawings and screenshots.
fn is_photo(format: ImageFormat, bytes: &[u8]) -> bool {
    match format {
        ImageFormat::Jpeg => true,
        ImageFormat::WebP => bytes.windows(4).take(64).any(|w| w == b"VP8 "),
        _ => false,
    }
}

/// The WebP variant: lossy for photos, lossless for drawings and screenshots, whose
/// flat colours and sharp edges lossy WebP would smear.
fn encode_webp(img: &DynamicImage, photo: bool) -> Result<Vec<u8>, MediaError> {
    if !photo {
        return encode(img, ImageFormat::WebP);
    }
    let rgb = img.to_rgb8();
    let out = webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|_| MediaError::Undecodable)?;
    Ok(out.to_vec())
}

/// Decodes the whole image and turns it upright as its EXIF orientation says, since the
/// re-encoded files carry no EXIF to tell a browser to do so.
fn decode_upright(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
) -> Result<DynamicImage, MediaError> {
    let mut decoder = reader(bytes, format, max_pixels)
        .into_decoder()
        .map_err(|_| MediaError::Undecodable)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| MediaError::Undecodable)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Checks and converts an upload, whatever its name claims. GIFs keep their bytes (and
/// animation) as the original; every other original is re-encoded, which drops EXIF and
/// location data.
pub fn process(bytes: &[u8], max_pixels: u64, widths: &[u32]) -> Result<Processed, MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    let ext = ext_of(format).ok_or(MediaError::NotAnImage)?;
    let (w, h) = reader(bytes, format, max_pixels)
        .into_dimensions()
        .map_err(|_| MediaError::Undecodable)?;
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(MediaError::TooManyPixels(w, h));
    }
    let img = decode_upright(bytes, format, max_pixels)?;
    let (w, h) = (img.width(), img.height());
    let original = if format == ImageFormat::Gif {
        bytes.to_vec()
    } else {
        encode(&img, format)?
    };
    let photo = is_photo(format, bytes);
    let mut files = vec![(format!("original.{ext}"), original)];
    let mut variants = Vec::new();
    for &width in widths.iter().filter(|&&vw| vw < w) {
        let height = ((u64::from(h) * u64::from(width)) / u64::from(w)).max(1) as u32;
        let small = img.resize_exact(width, height, FilterType::Triangle);
        files.push((format!("{width}.webp"), encode_webp(&small, photo)?));
        if format != ImageFormat::Gif && format != ImageFormat::WebP {
            files.push((format!("{width}.{ext}"), encode(&small, format)?));
        }
        variants.push(width);
    }
    Ok(Processed {
        ext,
        width: w,
        height: h,
        original_len: bytes.len(),
        variants,
        files,
    })
}
