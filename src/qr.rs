//! QR codes as inline SVG, generated at build time (no network).
//!
//! Error correction level M (15 % of the symbol may be damaged or dirty and it still
//! scans) and the standard four-module quiet zone. The SVG scales to whatever width the
//! stylesheet gives it; print sheets make it at least 25 mm wide.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The SVG markup of a QR code for `url`, ready to inline in HTML.
pub fn qr_svg(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code for \"{url}\": {e}"))?;
    let svg = code
        .render()
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline SVG in HTML takes no XML declaration.
    let start = svg.find("<svg").unwrap_or(0);
    let svg = &svg[start..];
    Ok(svg.replacen(
        "<svg",
        "<svg class=\"qr\" role=\"img\" shape-rendering=\"crispEdges\" preserveAspectRatio=\"xMidYMid meet\"",
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_inline_svg() {
        let svg = qr_svg("https://example.org/renda/stations/center/").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("viewBox"), "{svg}");
        assert!(!svg.contains("<?xml"));
    }
}
