//! Speed of the hot paths. Ignored by default (timing depends on the machine and profile); run
//! `cargo test -p framepress-transfer --release --test timing -- --ignored --nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::*;
use framepress_core::{PixelBuffer, PixelFormat};
use framepress_transfer::{PixelTransfer, PixelTransferProperties};

/// Best-of-N milliseconds for converting `src` into a `w`×`h` `format` buffer.
fn time(
    src: &PixelBuffer,
    w: usize,
    h: usize,
    format: PixelFormat,
    props: PixelTransferProperties,
) -> f64 {
    let t = PixelTransfer::new(props);
    let mut dst = PixelBuffer::new(w, h, format).unwrap();
    let mut best = f64::MAX;
    for _ in 0..15 {
        let start = Instant::now();
        t.transfer(src, &mut dst).unwrap();
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    best
}

#[test]
#[ignore = "timing; run in release with --ignored"]
fn hot_paths_1080p() {
    let bgra = random_bgra(1920, 1080, 1);
    let nv12 = convert(&bgra, 1920, 1080, PixelFormat::Nv12VideoRange);
    let d = PixelTransferProperties::default;
    let rows = [
        (
            "BGRA → NV12",
            time(&bgra, 1920, 1080, PixelFormat::Nv12VideoRange, d()),
        ),
        (
            "BGRA → I420",
            time(&bgra, 1920, 1080, PixelFormat::I420, d()),
        ),
        (
            "BGRA → P010",
            time(&bgra, 1920, 1080, PixelFormat::P010VideoRange, d()),
        ),
        (
            "NV12 → I420",
            time(&nv12, 1920, 1080, PixelFormat::I420, d()),
        ),
        (
            "NV12 → NV12 full range",
            time(&nv12, 1920, 1080, PixelFormat::Nv12FullRange, d()),
        ),
        (
            "NV12 → BGRA",
            time(&nv12, 1920, 1080, PixelFormat::Bgra, d()),
        ),
        (
            "NV12 1080p → NV12 720p",
            time(&nv12, 1280, 720, PixelFormat::Nv12VideoRange, d()),
        ),
        (
            "BGRA 1080p → NV12 720p",
            time(&bgra, 1280, 720, PixelFormat::Nv12VideoRange, d()),
        ),
    ];
    for (name, ms) in rows {
        eprintln!("{name:<24} {ms:7.2} ms");
    }
}
