//! Test images: a patterned picture of any size in any format the image crate writes,
//! so uploads have real pixels to decode, strip and resize.

use image::{ImageFormat, RgbImage};

/// A `w`×`h` picture with a gradient pattern, encoded as `format`.
pub fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A `w`×`h` PNG.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    encoded(w, h, ImageFormat::Png)
}
