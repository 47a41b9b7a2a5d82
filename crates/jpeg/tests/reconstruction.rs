//! `FramepressEmitReconstruction`: the decoded picture rides along only when asked for, and
//! it is what an independent decoder sees.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::{Dictionary, PixelFormat, YCbCrMatrix};

#[test]
fn attached_only_when_requested() {
    let image = synthetic(40, 24, 4, 1);
    assert!(
        encode_with(&image, Dictionary::new())
            .reconstruction()
            .is_none()
    );
    let off = Dictionary::new().with("FramepressEmitReconstruction", false);
    assert!(encode_with(&image, off).reconstruction().is_none());
    let on = Dictionary::new().with("FramepressEmitReconstruction", true);
    let recon = encode_with(&image, on).reconstruction().cloned().unwrap();
    assert_eq!(recon.pixel_format(), PixelFormat::I420FullRange);
    assert_eq!((recon.width(), recon.height()), (40, 24));
    assert_eq!(recon.ycbcr_matrix(), Some(YCbCrMatrix::Itu601));
}

/// The reconstruction is exactly `reconstruct()` of the sample's bytes, and agrees with the
/// independent decoder (`jpeg-decoder`, read back through RGB):
///
/// - luma within ±1 everywhere: both decoders use accurate integer IDCTs, and the RGB round
///   trip adds at most one rounding step (measured: ±1);
/// - chroma, averaged to 4:2:0 on both sides, within ±2 (the RGB round trip rounds three
///   times; measured: ±1), and ≥ 50 dB overall.
#[test]
fn equals_the_independent_decode() {
    for (w, h, format) in [
        (64, 48, PixelFormat::I420FullRange),
        (17, 9, PixelFormat::Nv12VideoRange),
        (1, 1, PixelFormat::I420),
    ] {
        let full = synthetic(w, h, 10, 7);
        let image = match format {
            PixelFormat::I420FullRange => full,
            PixelFormat::I420 => {
                let planes: Vec<Vec<u8>> = (0..3).map(|i| plane(&full, i)).collect();
                let cw = w.div_ceil(2);
                framepress_core::PixelBuffer::from_planes(
                    w,
                    h,
                    format,
                    &[(&planes[0], w), (&planes[1], cw), (&planes[2], cw)],
                )
                .unwrap()
            }
            nv12 => to_nv12(&full, nv12),
        };
        let props = Dictionary::new()
            .with("FramepressEmitReconstruction", true)
            .with("Quality", 0.6);
        let sample = encode_with(&image, props);
        let recon = sample.reconstruction().cloned().unwrap();
        assert_eq!(recon, framepress_jpeg::reconstruct(sample.data()).unwrap());

        let independent = decode_ycbcr(sample.data());
        let y = independent.component(0);
        assert!(
            max_diff(&luma(&recon), &y) <= 1,
            "{w}x{h} luma off by {}",
            max_diff(&luma(&recon), &y)
        );
        for c in [1, 2] {
            let theirs = average_420(&independent, c);
            let ours = plane(&recon, c);
            let (diff, db) = (max_diff(&ours, &theirs), psnr(&theirs, &ours));
            eprintln!(
                "{w}x{h} {format}: luma ±{}, chroma {c} ±{diff} {db:.1} dB",
                max_diff(&luma(&recon), &y)
            );
            assert!(
                diff <= 2 && db >= 50.0,
                "{w}x{h} chroma {c}: ±{diff}, {db:.1} dB"
            );
        }
    }
}
