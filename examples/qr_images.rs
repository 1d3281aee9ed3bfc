//! Draws the QR code deputy-board makes for each URL read from standard input as an
//! image file, for checking with a decoder (`scripts/qr-check.sh` runs zbarimg on them).
//!
//! `cargo run --release --example qr_images -- OUT [BLUR STEP NOISE]` writes
//! `OUT/000000.pbm`, `OUT/000001.pbm`, … at 4 pixels a module. With the three numbers it
//! writes damaged grey images instead (`.pgm`): drawn at 6 pixels a module, blurred twice
//! by a box of radius BLUR, keeping every STEP-th pixel in each direction, plus uniform
//! noise of ± NOISE grey levels (a fixed seed per image, so runs repeat exactly).

use std::io::BufRead;

use deputy_board::qr::{QUIET_ZONE as QUIET, QrMatrix, encode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        return Err("usage: qr_images OUT [BLUR STEP NOISE] < urls.txt".into());
    };
    let damage: Option<(usize, usize, f64)> = match &args[1..] {
        [blur, step, noise] => Some((blur.parse()?, step.parse()?, noise.parse()?)),
        _ => None,
    };
    std::fs::create_dir_all(out)?;
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let url = line?;
        let matrix = encode(&url)?;
        let (name, image) = match damage {
            None => (format!("{i:06}.pbm"), clean(&matrix)),
            Some((blur, step, noise)) => (
                format!("{i:06}.pgm"),
                damaged(&matrix, blur, step, noise, i as u64),
            ),
        };
        std::fs::write(format!("{out}/{name}"), image)?;
    }
    Ok(())
}

/// Whether pixel module (`x`, `y`) of the image, quiet zone included, is dark.
fn dark(matrix: &QrMatrix, x: usize, y: usize) -> bool {
    let inside = QUIET..matrix.size + QUIET;
    if !inside.contains(&x) || !inside.contains(&y) {
        return false;
    }
    matrix.dark(x - QUIET, y - QUIET)
}

/// A black-and-white PBM, 4 pixels a module.
fn clean(matrix: &QrMatrix) -> String {
    let scale = 4;
    let width = (matrix.size + 2 * QUIET) * scale;
    let mut image = format!("P1\n{width} {width}\n");
    for y in 0..width {
        for x in 0..width {
            image.push(if dark(matrix, x / scale, y / scale) {
                '1'
            } else {
                '0'
            });
        }
        image.push('\n');
    }
    image
}

/// A blurred, shrunk and noisy grey PGM.
fn damaged(matrix: &QrMatrix, blur: usize, step: usize, noise: f64, seed: u64) -> String {
    let scale = 6;
    let width = (matrix.size + 2 * QUIET) * scale;
    let mut grey: Vec<f64> = (0..width * width)
        .map(|p| {
            if dark(matrix, p % width / scale, p / width / scale) {
                0.0
            } else {
                255.0
            }
        })
        .collect();
    for _ in 0..2 {
        grey = box_blur(&grey, width, blur, 1);
        grey = box_blur(&grey, width, blur, width);
    }
    let mut state = 0x9e37_79b9_7f4a_7c15 ^ seed;
    let small = width / step;
    let mut image = format!("P2\n{small} {small}\n255\n");
    for y in 0..small {
        for x in 0..small {
            // xorshift64: a fixed, dependency-free noise source.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state % 10_000) as f64 / 10_000.0 - 0.5;
            let level = (grey[y * step * width + x * step] + unit * 2.0 * noise).clamp(0.0, 255.0);
            image.push_str(&format!("{} ", level as u8));
        }
        image.push('\n');
    }
    image
}

/// Averages each pixel with its neighbours up to `radius` away along one axis (`stride`
/// 1: rows; `stride` = width: columns).
fn box_blur(grey: &[f64], width: usize, radius: usize, stride: usize) -> Vec<f64> {
    let mut out = vec![0.0; grey.len()];
    for (p, value) in out.iter_mut().enumerate() {
        let along = if stride == 1 { p % width } else { p / width };
        let first = along.saturating_sub(radius);
        let last = (along + radius).min(width - 1);
        let base = p - along * stride;
        let sum: f64 = (first..=last).map(|a| grey[base + a * stride]).sum();
        *value = sum / (last - first + 1) as f64;
    }
    out
}
