//! Picture quality as judged by an independent decoder: PSNR floors and monotonic behaviour
//! of `Quality`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::{Dictionary, PixelBuffer};

const W: usize = 192;
const H: usize = 128;

/// (size in bytes, PSNR-Y in dB) of `image` at `quality`, decoded by `jpeg-decoder`.
fn measure(image: &PixelBuffer, quality: f64) -> (usize, f64) {
    let sample = encode_with(image, Dictionary::new().with("Quality", quality));
    let decoded = decode_ycbcr(sample.data());
    assert_eq!(
        (decoded.width, decoded.height),
        (image.width(), image.height())
    );
    (
        sample.total_sample_size(),
        psnr(&luma(image), &decoded.component(0)),
    )
}

/// Floors, with the values measured when they were set (jpeg-encoder 0.7.1, jpeg-decoder
/// 0.3.2, 192×128) for reference:
///
/// - smooth content (gradients, hard edges, thin stripes, no noise): 0.5 → 44.0 dB,
///   0.9 → 50.8 dB. IJG quality 50 is the unscaled Annex K table, whose luma steps (10–121)
///   leave gradients nearly untouched and ring only at edges. 30 dB is where JPEG artefacts
///   become plainly visible; the floors (40 and 47 dB) sit ~4 dB under the measurements,
///   enough for rounding differences between decoders and small encoder changes, while a
///   broken quantiser or chroma feed (which costs 10 dB or more) still fails.
/// - noisy content (the same plus ±12 uniform luma noise, the worst case for a DCT coder):
///   0.5 → 31.7 dB, 0.9 → 36.7 dB; floors 30 and 35 dB.
#[test]
fn psnr_floors_at_quality_0_5_and_0_9() {
    let smooth = synthetic(W, H, 0, 1);
    let noisy = synthetic(W, H, 12, 2);
    let cases = [
        (&smooth, 0.5, 40.0),
        (&smooth, 0.9, 47.0),
        (&noisy, 0.5, 30.0),
        (&noisy, 0.9, 35.0),
    ];
    for (image, quality, floor) in cases {
        let (size, db) = measure(image, quality);
        eprintln!("quality {quality}: {size} bytes, PSNR-Y {db:.2} dB (floor {floor})");
        assert!(
            db >= floor,
            "quality {quality}: PSNR-Y {db:.2} dB below {floor}"
        );
    }
}

/// Higher `Quality` must always cost bytes and buy fidelity.
#[test]
fn size_and_psnr_increase_strictly_with_quality() {
    for (noise, seed) in [(0, 3), (8, 4)] {
        let image = synthetic(W, H, noise, seed);
        let results: Vec<(usize, f64)> = [0.1, 0.3, 0.5, 0.7, 0.9]
            .iter()
            .map(|&q| measure(&image, q))
            .collect();
        eprintln!("noise {noise}: {results:?}");
        for pair in results.windows(2) {
            assert!(pair[1].0 > pair[0].0, "size not increasing: {results:?}");
            assert!(pair[1].1 > pair[0].1, "PSNR not increasing: {results:?}");
        }
    }
}

/// Quality 1.0 is IJG 100 (all-ones tables): close to lossless on luma even with noise
/// (measured 58.5 dB, which includes the RGB round trip of the independent decoder).
#[test]
fn quality_one_is_near_lossless() {
    let image = synthetic(W, H, 12, 5);
    let (_, db) = measure(&image, 1.0);
    eprintln!("quality 1.0: PSNR-Y {db:.2} dB");
    assert!(db >= 52.0, "PSNR-Y {db:.2}");
}
