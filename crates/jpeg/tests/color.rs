//! JFIF colour: whatever the source's range and matrix, a standard decoder must show the
//! right colours.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::color::attachment_keys;
use framepress_core::{ColorRange, Dictionary, PixelBuffer, PixelFormat, YCbCrMatrix};

const SIZE: usize = 64;
const BACKGROUND: [f64; 3] = [128.0, 128.0, 128.0];
const PATCHES: [[f64; 3]; 3] = [
    [200.0, 60.0, 30.0],
    [30.0, 160.0, 220.0],
    [90.0, 200.0, 80.0],
];

/// R'G'B' (0–255) to 8-bit Y'CbCr under `matrix` and `range`.
fn ycbcr(rgb: [f64; 3], matrix: YCbCrMatrix, range: ColorRange) -> [u8; 3] {
    let (kr, kb) = matrix.kr_kb();
    let [r, g, b] = rgb.map(|v| v / 255.0);
    let y = kr * r + (1.0 - kr - kb) * g + kb * b;
    let cb = (b - y) / (2.0 * (1.0 - kb));
    let cr = (r - y) / (2.0 * (1.0 - kr));
    let (yo, ys, cs) = match range {
        ColorRange::Video => (16.0, 219.0, 224.0),
        ColorRange::Full => (0.0, 255.0, 255.0),
    };
    [yo + ys * y, 128.0 + cs * cb, 128.0 + cs * cr].map(|v| v.round().clamp(0.0, 255.0) as u8)
}

/// A grey frame with a flat `rgb` square over the middle 32×32 (MCU-aligned, so the patch's
/// inner blocks see no edge), in `format`, encoded with `matrix`.
fn patch_frame(rgb: [f64; 3], matrix: YCbCrMatrix, format: PixelFormat) -> PixelBuffer {
    let range = format.range();
    let (bg, fg) = (ycbcr(BACKGROUND, matrix, range), ycbcr(rgb, matrix, range));
    let inside = |x: usize, y: usize| (16..48).contains(&x) && (16..48).contains(&y);
    let c = SIZE / 2;
    let mut planes = [vec![0u8; SIZE * SIZE], vec![0u8; c * c], vec![0u8; c * c]];
    for y in 0..SIZE {
        for x in 0..SIZE {
            planes[0][y * SIZE + x] = if inside(x, y) { fg[0] } else { bg[0] };
        }
    }
    for y in 0..c {
        for x in 0..c {
            let v = if inside(2 * x, 2 * y) { fg } else { bg };
            planes[1][y * c + x] = v[1];
            planes[2][y * c + x] = v[2];
        }
    }
    let i420_format = if range == ColorRange::Video {
        PixelFormat::I420
    } else {
        PixelFormat::I420FullRange
    };
    let i420 = PixelBuffer::from_planes(
        SIZE,
        SIZE,
        i420_format,
        &[(&planes[0], SIZE), (&planes[1], c), (&planes[2], c)],
    )
    .unwrap();
    match format {
        PixelFormat::I420 | PixelFormat::I420FullRange => i420,
        nv12 => to_nv12(&i420, nv12),
    }
}

/// The decoded colour at the patch centre and on the background, per channel.
fn decoded_colours(sample: &framepress_core::SampleBuffer) -> ([u8; 3], [u8; 3]) {
    let d = decode_rgb(sample.data());
    (d.at(32, 32), d.at(4, 4))
}

fn assert_close(got: [u8; 3], want: [f64; 3], tolerance: f64, what: &str) {
    let worst = (0..3)
        .map(|c| (f64::from(got[c]) - want[c]).abs())
        .fold(0.0, f64::max);
    eprintln!("{what}: {got:?} vs {want:?}, worst {worst}");
    for c in 0..3 {
        assert!(
            (f64::from(got[c]) - want[c]).abs() <= tolerance,
            "{what}: decoded {got:?}, expected {want:?} ±{tolerance}"
        );
    }
}

/// Tolerance per channel: 8-bit rounding in three conversions (source quantisation, matrix
/// conversion, decoder) plus quantisation of a flat block's DC at quality 0.9. Measured
/// worst case: 2 codes; ±4 leaves headroom. The unconverted control below misses by 21.
const TOLERANCE: f64 = 4.0;

#[test]
fn video_range_bt709_via_attachment_decodes_to_the_right_rgb() {
    for format in [PixelFormat::I420, PixelFormat::Nv12VideoRange] {
        for rgb in PATCHES {
            let mut image = patch_frame(rgb, YCbCrMatrix::Itu709, format);
            image.set_color(None, None, Some(YCbCrMatrix::Itu709));
            let sample = encode_with(&image, Dictionary::new().with("Quality", 0.9));
            let (patch, background) = decoded_colours(&sample);
            assert_close(patch, rgb, TOLERANCE, &format!("{format} patch"));
            assert_close(
                background,
                BACKGROUND,
                TOLERANCE,
                &format!("{format} background"),
            );
        }
    }
}

#[test]
fn matrix_property_applies_to_untagged_frames() {
    for rgb in PATCHES {
        let image = patch_frame(rgb, YCbCrMatrix::Itu709, PixelFormat::I420);
        assert!(image.attachment(attachment_keys::YCBCR_MATRIX).is_none());
        let props = Dictionary::new()
            .with("Quality", 0.9)
            .with("YCbCrMatrix", "ITU_R_709_2");
        let sample = encode_with(&image, props);
        assert_close(
            decoded_colours(&sample).0,
            rgb,
            TOLERANCE,
            "709 via property",
        );
        // The description states the colour the JPEG really has.
        let fd = sample.format_description();
        assert_eq!(
            fd.extension("CVImageBufferYCbCrMatrix")
                .and_then(|v| v.as_str()),
            Some("ITU_R_601_4")
        );
        assert_eq!(
            fd.extension("FullRangeVideo").and_then(|v| v.as_bool()),
            Some(true)
        );
    }
}

#[test]
fn other_matrices_and_full_range_sources_too() {
    let cases = [
        (YCbCrMatrix::Itu601, PixelFormat::I420FullRange),
        (YCbCrMatrix::Itu601, PixelFormat::Nv12VideoRange),
        (YCbCrMatrix::Itu709, PixelFormat::Nv12FullRange),
        (YCbCrMatrix::Itu2020, PixelFormat::I420),
        (YCbCrMatrix::Smpte240M1995, PixelFormat::I420),
    ];
    for (matrix, format) in cases {
        for rgb in PATCHES {
            let mut image = patch_frame(rgb, matrix, format);
            image.set_color(None, None, Some(matrix));
            let sample = encode_with(&image, Dictionary::new().with("Quality", 0.9));
            assert_close(
                decoded_colours(&sample).0,
                rgb,
                TOLERANCE,
                &format!("{matrix:?} {format}"),
            );
        }
    }
}

/// Control: the same video-range BT.709 code values relabelled as full-range BT.601 (so the
/// encoder passes them through untouched) decode visibly wrong (measured: 21 codes off), so
/// the tests above would notice a missing or broken conversion.
#[test]
fn without_conversion_the_colours_would_be_wrong() {
    let rgb = PATCHES[0];
    let video = patch_frame(rgb, YCbCrMatrix::Itu709, PixelFormat::I420);
    let planes: Vec<Vec<u8>> = (0..3).map(|i| plane(&video, i)).collect();
    let as_full = PixelBuffer::from_planes(
        SIZE,
        SIZE,
        PixelFormat::I420FullRange,
        &[
            (&planes[0], SIZE),
            (&planes[1], SIZE / 2),
            (&planes[2], SIZE / 2),
        ],
    )
    .unwrap();
    let sample = encode_with(&as_full, Dictionary::new().with("Quality", 0.9));
    let got = decoded_colours(&sample).0;
    let worst = (0..3)
        .map(|c| (f64::from(got[c]) - rgb[c]).abs())
        .fold(0.0, f64::max);
    eprintln!("control: {got:?} vs {rgb:?}, worst {worst}");
    assert!(
        worst >= 10.0,
        "unconverted samples decoded to {got:?}, too close to {rgb:?}"
    );
}
