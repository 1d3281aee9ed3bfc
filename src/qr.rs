//! QR codes as inline SVG, generated at build time (no network).
//!
//! Error correction level M or better (at least 15 % of the symbol may be damaged or
//! dirty and it still scans; the level is raised for free whenever the data still fits
//! the same symbol size) and the standard four-module quiet zone. The SVG scales to
//! whatever width the stylesheet gives it; print sheets make it 25 mm wide, down to about
//! 20 mm when a crowded sheet shrinks its cards.
//!
//! Project Nayuki's `qrcodegen` encodes, with one fixed data mask (pattern 0, the
//! checkerboard). Every decoder reads the mask from the symbol's format information, so
//! any of the eight masks scans; the standard's rule of trying all eight and keeping the
//! one with the lowest penalty score only steers away from rare patterns that can trouble
//! old scanners, and it costs 95 % of the encoding time (≈ 200 µs against ≈ 10 µs per
//! code, with a code on every deputy's card). `docs/architecture.md` records the check
//! that backs this: zbarimg decoded every code of a 10,000-deputy site.
//! Symbols are also kept between builds by the build cache; the SVG is drawn here as one
//! path of row strokes (see [`to_svg`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
use serde::{Deserialize, Serialize};

/// Modules of white border around the symbol (the standard's minimum).
pub const QUIET_ZONE: usize = 4;

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
    /// Whether the module in column `x`, row `y` (from 0, quiet zone not counted) is dark.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.size + x;
        self.bits
            .get(i / 8)
            .is_some_and(|byte| byte & (0x80 >> (i % 8)) != 0)
    }
}

/// Encodes `url` at error correction level M or better, with data mask 0.
pub fn encode(url: &str) -> Result<QrMatrix, String> {
    let segments = QrSegment::make_segments(url);
    let code = QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        true,
    )
    .map_err(|e| format!("cannot make a QR code for \"{url}\": {e}"))?;
    // The size is 21 to 177 modules: it fits usize, and so does every module index.
    let size = usize::try_from(code.size()).unwrap_or(0);
    let mut bits = vec![0u8; (size * size).div_ceil(8)];
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x as i32, y as i32) {
                let i = y * size + x;
                bits[i / 8] |= 0x80 >> (i % 8);
            }
        }
    }
    Ok(QrMatrix { size, bits })
}

/// The SVG markup of an encoded symbol, ready to inline in HTML.
///
/// Each row of the symbol is one horizontal stroke, one module wide, drawn through the
/// middle of the row; a run of dark modules is an `h` segment and a gap an `m` move:
/// `M4 4.5h7m1 0h2` (the same drawing as node-qrcode's SVG output). That is less than
/// half the bytes of a rectangle per run, which counts on a sheet of 24 codes and on
/// the "print all" page.
pub fn to_svg(matrix: &QrMatrix) -> String {
    let width = matrix.size;
    let size = width + 2 * QUIET_ZONE;
    let mut svg = String::with_capacity(256 + width * width);
    svg.push_str("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_number(&mut svg, size);
    svg.push(' ');
    push_number(&mut svg, size);
    svg.push_str("\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\"><rect width=\"");
    push_number(&mut svg, size);
    svg.push_str("\" height=\"");
    push_number(&mut svg, size);
    svg.push_str("\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"");
    for y in 0..width {
        // Where the pen is on this row, or `None` before the row's first run.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !matrix.dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && matrix.dark(x, y) {
                x += 1;
            }
            match pen {
                None => {
                    svg.push('M');
                    push_number(&mut svg, start + QUIET_ZONE);
                    svg.push(' ');
                    push_number(&mut svg, y + QUIET_ZONE);
                    svg.push_str(".5");
                }
                Some(end) => {
                    svg.push('m');
                    push_number(&mut svg, start - end);
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            push_number(&mut svg, x - start);
            pen = Some(x);
        }
    }
    svg.push_str("\"/></svg>");
    svg
}

/// Appends `n` in decimal, without the formatting machinery (this is the hot path of
/// drawing). Three digits are enough: a symbol with its quiet zone is at most 185 modules
/// wide.
fn push_number(out: &mut String, n: usize) {
    debug_assert!(n < 1000, "{n} has more than three digits");
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100 % 10) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
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
            svg.contains("d=\"M4 4.5h7m"),
            "the finder pattern's top row starts inside the quiet zone: {svg}"
        );
        // The top row ends with the right finder pattern's seven modules.
        assert!(svg.contains("h7M4 5.5h1m5 0h1m"), "{svg}");
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
