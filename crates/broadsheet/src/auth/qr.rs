//! QR codes drawn as inline SVG, so the two-step set-up page needs no image service and
//! sends the secret to nobody else.

use qrcode::{Color, EcLevel, QrCode};

/// Blank modules around the code that scanners need to find its edges.
const QUIET_ZONE: usize = 4;

/// An SVG image of `text` as a QR code (medium error correction), `None` if it is too
/// long for one. `label` becomes its accessible name.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
    let width = code.width();
    let side = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" \
         aria-label=\"{}\" viewBox=\"0 0 {side} {side}\" width=\"{px}\" height=\"{px}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" \
         fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape_attr(label),
        px = side * 4,
    ))
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_svg_with_dark_modules_and_an_escaped_label() {
        let image = svg(
            "otpauth://totp/Ledger:ada@example.org?secret=ABC",
            "a \"QR\"",
        )
        .unwrap();
        assert!(image.starts_with("<svg") && image.ends_with("</svg>"));
        // Version 4 at level M: 33 modules plus the quiet zone on both sides.
        assert!(image.contains("viewBox=\"0 0 41 41\""), "{image}");
        assert!(
            image.contains("M4 4h1v1h-1z"),
            "the top-left finder pattern is dark"
        );
        assert!(image.contains("aria-label=\"a &quot;QR&quot;\""));
        assert!(
            !image.contains("otpauth"),
            "the secret is drawn, not written"
        );
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert_eq!(svg(&"x".repeat(5000), "too long"), None);
    }
}
