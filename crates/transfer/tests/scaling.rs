//! Scaling modes, clean aperture, pixel aspect ratio and downsampling filters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::color::attachment_keys;
use framepress_core::{CleanAperture, PixelAspectRatio, PixelFormat, Value};
use framepress_transfer::{DownsamplingMode, ScalingMode};

const RED: (u8, u8, u8) = (255, 0, 0);
/// Red in BT.601 video range (the test pictures are SD).
const RED_YUV: (i32, i32, i32) = (81, 90, 240);
const BLACK_YUV: (i32, i32, i32) = (16, 128, 128);

fn mode(m: ScalingMode) -> framepress_transfer::PixelTransferProperties {
    props(|p| p.scaling_mode = m)
}

#[test]
fn letterbox_bars_are_black_top_and_bottom() {
    let src = bgra(64, 36, |_, _| RED);
    for format in [PixelFormat::Nv12VideoRange, PixelFormat::I420] {
        let dst = convert_with(&src, 64, 64, format, mode(ScalingMode::Letterbox));
        for y in 0..64 {
            for x in 0..64 {
                let want = if (14..50).contains(&y) {
                    RED_YUV
                } else {
                    BLACK_YUV
                };
                assert_eq!(yuv_at(&dst, x, y), want, "{format} ({x}, {y})");
            }
        }
    }
}

#[test]
fn letterbox_bars_are_black_left_and_right() {
    let src = bgra(36, 64, |_, _| RED);
    let dst = convert_with(
        &src,
        64,
        64,
        PixelFormat::Bgra,
        mode(ScalingMode::Letterbox),
    );
    for y in 0..64 {
        for x in 0..64 {
            let want = if (14..50).contains(&x) {
                (255, 0, 0, 255)
            } else {
                (0, 0, 0, 255)
            };
            assert_eq!(bgra_at(&dst, x, y), want, "({x}, {y})");
        }
    }
}

#[test]
fn letterbox_from_yuv_keeps_chroma_inside_the_picture() {
    let src = convert(&bgra(16, 9, |_, _| RED), 16, 9, PixelFormat::Nv12VideoRange);
    let dst = convert_with(
        &src,
        20,
        20,
        PixelFormat::I420,
        mode(ScalingMode::Letterbox),
    );
    // 20 x 11.25 centred, snapped to even rows 4..16.
    for y in 0..20 {
        let want = if (4..16).contains(&y) {
            RED_YUV
        } else {
            BLACK_YUV
        };
        for x in 0..20 {
            assert_eq!(yuv_at(&dst, x, y), want, "({x}, {y})");
        }
    }
}

#[test]
fn trim_crops_the_centre() {
    // Three 32-pixel bands; trimming 96x32 into a square keeps only the middle one.
    let bands = [(255, 0, 0), (0, 255, 0), (0, 0, 255)];
    let src = bgra(96, 32, |x, _| bands[x / 32]);
    let dst = convert_with(&src, 32, 32, PixelFormat::Bgra, mode(ScalingMode::Trim));
    for y in 0..32 {
        for x in 0..32 {
            assert_eq!(bgra_at(&dst, x, y), (0, 255, 0, 255), "({x}, {y})");
        }
    }
    let dst = convert_with(
        &src,
        16,
        16,
        PixelFormat::Nv12VideoRange,
        mode(ScalingMode::Trim),
    );
    let green = yuv_at(
        &convert(
            &bgra(2, 2, |_, _| (0, 255, 0)),
            2,
            2,
            PixelFormat::Nv12VideoRange,
        ),
        0,
        0,
    );
    for y in 0..16 {
        for x in 0..16 {
            assert_eq!(yuv_at(&dst, x, y), green, "({x}, {y})");
        }
    }
}

#[test]
fn normal_stretch_reports_the_pixel_aspect_ratio() {
    let src = gradient_bgra(64, 36);
    let dst = convert(&src, 32, 32, PixelFormat::Nv12VideoRange);
    let par = dst.pixel_aspect_ratio();
    assert_eq!(
        par,
        Some(PixelAspectRatio {
            horizontal_spacing: 16,
            vertical_spacing: 9
        })
    );
    // An explicit destination aspect ratio wins.
    let square = props(|p| p.destination_pixel_aspect_ratio = Some(PixelAspectRatio::SQUARE));
    let dst = convert_with(&src, 32, 32, PixelFormat::Nv12VideoRange, square);
    assert_eq!(dst.pixel_aspect_ratio(), Some(PixelAspectRatio::SQUARE));
    // Same shape: no attachment appears.
    assert_eq!(
        convert(&src, 32, 18, PixelFormat::I420).pixel_aspect_ratio(),
        None
    );
}

#[test]
fn crop_source_to_clean_aperture_drops_the_border() {
    let src_ca = CleanAperture {
        width: 32.0,
        height: 16.0,
        horizontal_offset: 0.0,
        vertical_offset: 0.0,
    };
    let mut src = bgra(40, 24, |x, y| {
        if (4..36).contains(&x) && (4..20).contains(&y) {
            (255, 255, 255)
        } else {
            (255, 0, 255)
        }
    });
    src.set_attachment(
        attachment_keys::CLEAN_APERTURE,
        Some(Value::from(src_ca.to_dictionary())),
    );
    let dst = convert_with(
        &src,
        32,
        16,
        PixelFormat::Nv12VideoRange,
        mode(ScalingMode::CropSourceToCleanAperture),
    );
    for y in 0..16 {
        for x in 0..32 {
            assert_eq!(yuv_at(&dst, x, y), (235, 128, 128), "({x}, {y})");
        }
    }
    assert_eq!(dst.clean_aperture(), None);
    // Normal mode keeps the border and scales the clean aperture instead.
    let dst = convert(&src, 20, 12, PixelFormat::Nv12VideoRange);
    assert_eq!(
        dst.clean_aperture(),
        Some(CleanAperture {
            width: 16.0,
            height: 8.0,
            horizontal_offset: 0.0,
            vertical_offset: 0.0
        })
    );
}

#[test]
fn destination_clean_aperture_places_the_picture() {
    let mut p = mode(ScalingMode::CropSourceToCleanAperture);
    let ca = CleanAperture {
        width: 8.0,
        height: 4.0,
        horizontal_offset: -2.0,
        vertical_offset: 0.0,
    };
    p.destination_clean_aperture = Some(ca);
    let dst = convert_with(&bgra(4, 2, |_, _| RED), 16, 8, PixelFormat::Bgra, p);
    // The 8x4 region centred 2 pixels left of centre: x 2..10, y 2..6.
    for y in 0..8 {
        for x in 0..16 {
            let inside = (2..10).contains(&x) && (2..6).contains(&y);
            assert_eq!(
                bgra_at(&dst, x, y).0,
                if inside { 255 } else { 0 },
                "({x}, {y})"
            );
        }
    }
    assert_eq!(dst.clean_aperture(), Some(ca));
}

#[test]
fn odd_sizes_scale_both_ways() {
    for (sw, sh, dw, dh) in [(5, 3, 7, 5), (7, 5, 3, 3), (33, 17, 9, 11), (1, 1, 3, 3)] {
        for format in [
            PixelFormat::Bgra,
            PixelFormat::I420,
            PixelFormat::P010FullRange,
        ] {
            let flat = convert(&bgra(sw, sh, |_, _| (200, 100, 50)), sw, sh, format);
            for mode in DownsamplingMode::ALL {
                let p = props(|p| p.downsampling_mode = *mode);
                let scaled = convert_with(&flat, dw, dh, format, p);
                let reference = convert(&bgra(dw, dh, |_, _| (200, 100, 50)), dw, dh, format);
                // A flat picture stays flat (RGB via the 12-bit path may round by one).
                let tolerance = if format == PixelFormat::Bgra { 0 } else { 1 };
                let d = max_buffer_diff(&scaled, &reference);
                assert!(
                    d <= tolerance,
                    "{sw}x{sh} → {dw}x{dh} {format} {mode:?}: {d}"
                );
            }
        }
    }
}

#[test]
fn average_suppresses_what_decimate_aliases() {
    let checker = bgra(30, 30, |x, y| {
        if (x + y) % 2 == 0 {
            (255, 255, 255)
        } else {
            (0, 0, 0)
        }
    });
    let decimate = convert(&checker, 10, 10, PixelFormat::Bgra);
    let average = convert_with(
        &checker,
        10,
        10,
        PixelFormat::Bgra,
        props(|p| p.downsampling_mode = DownsamplingMode::Average),
    );
    for y in 0..10 {
        for x in 0..10 {
            // 3:1 decimation samples exactly one source pixel: full contrast survives.
            assert!(matches!(bgra_at(&decimate, x, y).0, 0 | 255));
            // Averaging 3x3 cells gives 4/9 or 5/9 grey.
            let v = bgra_at(&average, x, y).0;
            assert!(v == 113 || v == 142, "{v}");
        }
    }
}

#[test]
fn scaling_a_gradient_is_smooth_and_centred() {
    // Enlarging 2x and shrinking back (Average) returns the original within rounding.
    let src = convert(&smooth_bgra(16, 12), 16, 12, PixelFormat::I420);
    let big = convert(&src, 32, 24, PixelFormat::I420);
    let avg = props(|p| p.downsampling_mode = DownsamplingMode::Average);
    let back = convert_with(&big, 16, 12, PixelFormat::I420, avg);
    assert!(
        max_buffer_diff(&back, &src) <= 1,
        "{}",
        max_buffer_diff(&back, &src)
    );
}
