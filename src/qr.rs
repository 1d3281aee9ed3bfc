//! QR codes as inline SVG, generated at build time (no network).
//!
//! Error correction level M (15 % of the symbol may be damaged or dirty and it still
//! scans) and the standard four-module quiet zone. The SVG scales to whatever width the
//! stylesheet gives it; print sheets make it at least 25 mm wide.
//!
//! The `fast_qr` crate encodes (it picks the mask by the standard's penalty rules, about
//! four times faster than the `qrcode` crate, which matters with a code per deputy;
//! symbols are also kept between builds by the build cache); the SVG is drawn here as one path with a rectangle per run of dark modules in a row, a
//! third of the size of one rectangle per module — it matters on a sheet of 24 codes and a
//! "print all" page.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use fast_qr::{ECL, QRBuilder};
use serde::{Deserialize, Serialize};

/// Modules of white border around the symbol (the standard's minimum).
const QUIET_ZONE: usize = 4;

/// An encoded symbol: `size` × `size` modules, dark ones as set bits, row by row. Small
/// enough (≈ 140 bytes for a deputy's URL) for the build cache to keep every code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrMatrix {
    /// Modules per side.
    pub size: usize,
    /// The modules, row-major, eight per byte, most significant bit first.
    pub bits: Vec<u8>,
}

impl QrMatrix {
    fn dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.size + x;
        self.bits
            .get(i / 8)
            .is_some_and(|byte| byte & (0x80 >> (i % 8)) != 0)
    }
}

/// Encodes `url` at error correction level M.
pub fn encode(url: &str) -> Result<QrMatrix, String> {
    let code = QRBuilder::new(url.as_bytes())
        .ecl(ECL::M)
        .build()
        .map_err(|e| format!("cannot make a QR code for \"{url}\": {e:?}"))?;
    let size = code.size;
    let mut bits = vec![0u8; (size * size).div_ceil(8)];
    for y in 0..size {
        for (x, module) in code[y][..size].iter().enumerate() {
            if module.value() {
                let i = y * size + x;
                bits[i / 8] |= 0x80 >> (i % 8);
            }
        }
    }
    Ok(QrMatrix { size, bits })
}

/// The SVG markup of an encoded symbol, ready to inline in HTML.
pub fn to_svg(matrix: &QrMatrix) -> String {
    let width = matrix.size;
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if matrix.dark(x, y) {
                let start = x;
                while x < width && matrix.dark(x, y) {
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
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

/// The SVG markup of a QR code for `url`, ready to inline in HTML.
pub fn qr_svg(url: &str) -> Result<String, String> {
    encode(url).map(|matrix| to_svg(&matrix))
}

/// A shared memo of QR codes by URL: a deputy's code appears on their card, their
/// station's sheet and the "print all" page, and encoding is the costly part. It can be
/// seeded with codes encoded by earlier builds (kept in the build cache).
#[derive(Clone, Default)]
pub struct QrCache {
    inner: Arc<Mutex<Codes>>,
}

#[derive(Default)]
struct Codes {
    /// SVG markup made in this build.
    svg: HashMap<String, String>,
    /// Every symbol known: from earlier builds and encoded in this one.
    matrices: HashMap<String, QrMatrix>,
}

impl QrCache {
    /// The SVG for `url`, encoded at most once.
    pub fn get(&self, url: &str) -> Result<String, String> {
        let known = {
            let codes = self.lock();
            if let Some(svg) = codes.svg.get(url) {
                return Ok(svg.clone());
            }
            codes.matrices.get(url).cloned()
        };
        let matrix = match known {
            Some(matrix) => matrix,
            None => encode(url)?,
        };
        let svg = to_svg(&matrix);
        let mut codes = self.lock();
        codes.svg.insert(url.to_string(), svg.clone());
        codes.matrices.insert(url.to_string(), matrix);
        Ok(svg)
    }

    /// Adds symbols encoded by earlier builds.
    pub fn seed(&self, matrices: HashMap<String, QrMatrix>) {
        let mut codes = self.lock();
        for (url, matrix) in matrices {
            codes.matrices.entry(url).or_insert(matrix);
        }
    }

    /// Every symbol known, for the build cache.
    pub fn matrices(&self) -> HashMap<String, QrMatrix> {
        self.lock().matrices.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Codes> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
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
    fn a_seeded_code_draws_the_same_svg() {
        let url = "https://example.org/renda/deputies/zhang-xiao-hong/";
        let matrix = encode(url).unwrap();
        let json = serde_json::to_string(&matrix).unwrap();
        let back: QrMatrix = serde_json::from_str(&json).unwrap();
        let cache = QrCache::default();
        cache.seed(HashMap::from([(url.to_string(), back)]));
        assert_eq!(cache.get(url).unwrap(), qr_svg(url).unwrap());
        assert_eq!(cache.matrices()[url], matrix);
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
