//! QR codes as inline SVG, generated at build time (no network).
//!
//! Error correction level M (15 % of the symbol may be damaged or dirty and it still
//! scans) and the standard four-module quiet zone. The SVG scales to whatever width the
//! stylesheet gives it; print sheets make it at least 25 mm wide.
//!
//! The `fast_qr` crate encodes (it picks the mask by the standard's penalty rules, about
//! six times faster than the `qrcode` crate, which matters with a code per deputy); the
//! SVG is drawn here as one path with a rectangle per run of dark modules in a row, a
//! third of the size of one rectangle per module — it matters on a sheet of 24 codes and a
//! "print all" page.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use fast_qr::{ECL, QRBuilder};

/// Modules of white border around the symbol (the standard's minimum).
const QUIET_ZONE: usize = 4;

/// The SVG markup of a QR code for `url`, ready to inline in HTML.
pub fn qr_svg(url: &str) -> Result<String, String> {
    let code = QRBuilder::new(url.as_bytes())
        .ecl(ECL::M)
        .build()
        .map_err(|e| format!("cannot make a QR code for \"{url}\": {e:?}"))?;
    let width = code.size;
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let row = &code[y][..width];
        let mut x = 0;
        while x < width {
            if row[x].value() {
                let start = x;
                while x < width && row[x].value() {
                    x += 1;
                }
                let run = x - start;
                // Writing to a String cannot fail.
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// A shared memo of QR codes by URL: a deputy's code appears on their card, their
/// station's sheet and the "print all" page, and encoding is the costly part.
#[derive(Clone, Default)]
pub struct QrCache {
    codes: Arc<Mutex<HashMap<String, String>>>,
}

impl QrCache {
    /// The SVG for `url`, encoded once per cache.
    pub fn get(&self, url: &str) -> Result<String, String> {
        if let Some(svg) = self
            .codes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(url)
        {
            return Ok(svg.clone());
        }
        let svg = qr_svg(url)?;
        self.codes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), svg.clone());
        Ok(svg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_inline_svg_with_quiet_zone() {
        let svg = qr_svg("https://example.org/renda/stations/center/").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        // Version 3 (29 modules) plus 4 modules of quiet zone on each side.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        assert!(
            svg.contains("M4 4h7v1h-7z"),
            "the finder pattern's top row starts inside the quiet zone"
        );
    }

    #[test]
    fn the_cache_returns_the_same_code() {
        let cache = QrCache::default();
        assert_eq!(
            cache.get("https://a.org/").unwrap(),
            qr_svg("https://a.org/").unwrap()
        );
        assert_eq!(
            cache.get("https://a.org/").unwrap(),
            qr_svg("https://a.org/").unwrap()
        );
    }
}
