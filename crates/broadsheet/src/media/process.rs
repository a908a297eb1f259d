//! Turning an upload into safe files: sniff the real format, refuse bombs, decode,
//! re-encode without metadata, and make the responsive variants.

use image::{DynamicImage, ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

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
/// `<width>.<ext>` for each variant width.
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
    let img = reader(bytes, format, max_pixels)
        .decode()
        .map_err(|_| MediaError::Undecodable)?;
    let original = if format == ImageFormat::Gif {
        bytes.to_vec()
    } else {
        encode(&img, format)?
    };
    let mut files = vec![(format!("original.{ext}"), original)];
    let mut variants = Vec::new();
    for &width in widths.iter().filter(|&&vw| vw < w) {
        let height = ((u64::from(h) * u64::from(width)) / u64::from(w)).max(1) as u32;
        let small = img.resize_exact(width, height, FilterType::Triangle);
        files.push((format!("{width}.webp"), encode(&small, ImageFormat::WebP)?));
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
