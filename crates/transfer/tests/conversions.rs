//! Format, range, depth and matrix conversion paths on small synthetic images.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::color::attachment_keys;
use framepress_core::{
    ColorPrimaries, ErrorKind, PixelBuffer, PixelBufferAttributes, PixelFormat, TransferFunction,
    Value, YCbCrMatrix,
};
use framepress_transfer::PixelTransfer;

fn with_matrix(mut buf: PixelBuffer, m: YCbCrMatrix) -> PixelBuffer {
    buf.set_attachment(attachment_keys::YCBCR_MATRIX, Some(m.into()));
    buf
}

#[test]
fn rgb_extremes_map_to_range_extremes() {
    let src = primaries_bgra(8, 4);
    for format in YUV_FORMATS {
        let dst = convert(&src, 8, 4, format);
        let s = (format.bit_depth() - 8) as i32;
        let (black, white) = match format.range() {
            framepress_core::ColorRange::Video => (16 << s, 235 << s),
            framepress_core::ColorRange::Full => (0, (1 << format.bit_depth()) - 1),
        };
        let mid = 128 << s;
        assert_eq!(yuv_at(&dst, 0, 0), (black, mid, mid), "{format} black");
        assert_eq!(yuv_at(&dst, 2, 0), (white, mid, mid), "{format} white");
    }
}

#[test]
fn primaries_match_the_matrix_equations() {
    // 8x4 < 720 rows: BT.601 unless tagged.
    let src = primaries_bgra(8, 4);
    let dst = convert(&src, 8, 4, PixelFormat::I420);
    // Red, BT.601 video range: Y = 16 + 219·0.299, Cb = 128 − 112·0.299/0.886, Cr = 240.
    assert_eq!(yuv_at(&dst, 4, 0), (81, 90, 240));
    let dst = convert(
        &with_matrix(src, YCbCrMatrix::Itu709),
        8,
        4,
        PixelFormat::I420,
    );
    assert_eq!(yuv_at(&dst, 4, 0), (63, 102, 240));
    assert_eq!(dst.ycbcr_matrix(), Some(YCbCrMatrix::Itu709));
}

#[test]
fn default_matrix_follows_height() {
    let red = |w, h| bgra(w, h, |_, _| (255, 0, 0));
    let sd = convert(&red(16, 576), 16, 576, PixelFormat::Nv12VideoRange);
    assert_eq!(yuv_at(&sd, 0, 0).0, 81);
    assert_eq!(sd.ycbcr_matrix(), Some(YCbCrMatrix::Itu601));
    let hd = convert(&red(16, 720), 16, 720, PixelFormat::Nv12VideoRange);
    assert_eq!(yuv_at(&hd, 0, 0).0, 63);
    assert_eq!(hd.ycbcr_matrix(), Some(YCbCrMatrix::Itu709));
}

#[test]
fn nv12_and_i420_repack_losslessly() {
    let mut rng = Rng::new(7);
    for (w, h) in [(8usize, 6usize), (5, 3), (1, 1)] {
        let y: Vec<u8> = (0..w * h).map(|_| rng.byte()).collect();
        let c: Vec<u8> = (0..usize::div_ceil(w, 2) * h.div_ceil(2) * 2)
            .map(|_| rng.byte())
            .collect();
        for (nv, i4) in [
            (PixelFormat::Nv12VideoRange, PixelFormat::I420),
            (PixelFormat::Nv12FullRange, PixelFormat::I420FullRange),
        ] {
            let nv12 =
                PixelBuffer::from_planes(w, h, nv, &[(&y, w), (&c, w.div_ceil(2) * 2)]).unwrap();
            let i420 = convert(&nv12, w, h, i4);
            let back = convert(&i420, w, h, nv);
            assert!(back.same_pixels(&nv12), "{w}x{h} {nv}");
            let (cb, cr) = (samples(&i420, 1), samples(&i420, 2));
            assert_eq!(cb[0][0], i32::from(c[0]));
            assert_eq!(cr[0][0], i32::from(c[1]));
        }
    }
}

#[test]
fn identical_format_is_a_copy() {
    let src = random_bgra(9, 7, 3);
    let dst = convert(&src, 9, 7, PixelFormat::Bgra);
    assert!(dst.same_pixels(&src));
}

#[test]
fn range_changes_round_trip() {
    let src = gradient_bgra(16, 8);
    for (video, full) in [
        (PixelFormat::Nv12VideoRange, PixelFormat::Nv12FullRange),
        (PixelFormat::I420, PixelFormat::I420FullRange),
        (PixelFormat::P010VideoRange, PixelFormat::P010FullRange),
    ] {
        let v = convert(&src, 16, 8, video);
        let f = convert(&v, 16, 8, full);
        assert_eq!(f.ycbcr_matrix(), v.ycbcr_matrix());
        assert!(
            max_buffer_diff(&convert(&f, 16, 8, video), &v) <= 1,
            "{video} → {full} → {video}"
        );
        let f = convert(&src, 16, 8, full);
        // Full → video compresses the code range, so the way back may differ by one step.
        assert!(
            max_buffer_diff(&convert(&convert(&f, 16, 8, video), 16, 8, full), &f) <= 1,
            "{full}"
        );
    }
}

#[test]
fn video_to_full_range_stretches_and_clamps() {
    let y: Vec<u8> = vec![0, 16, 235, 255];
    let c: Vec<u8> = vec![16, 240, 128, 128];
    let v =
        PixelBuffer::from_planes(4, 1, PixelFormat::Nv12VideoRange, &[(&y, 4), (&c, 4)]).unwrap();
    let f = convert(&v, 4, 1, PixelFormat::Nv12FullRange);
    assert_eq!(samples(&f, 0)[0], vec![0, 0, 255, 255]);
    // Chroma 16 is −½ of the video scale: 128 − 127.5 rounds to 1; 240 overshoots and clamps.
    assert_eq!(samples(&f, 1)[0], vec![1, 255, 128, 128]);
}

#[test]
fn eight_bit_and_p010_round_trip() {
    let src = random_bgra(10, 6, 11);
    for (eight, ten) in [
        (PixelFormat::Nv12VideoRange, PixelFormat::P010VideoRange),
        (PixelFormat::I420FullRange, PixelFormat::P010FullRange),
        (PixelFormat::I420, PixelFormat::P010VideoRange),
    ] {
        let a = convert(&src, 10, 6, eight);
        let p = convert(&a, 10, 6, ten);
        let back = convert(&p, 10, 6, eight);
        assert!(
            back.same_pixels(&a),
            "{eight} → {ten} → {eight} must be exact"
        );
    }
    // Video range 8 → 10 bits is exactly ×4, stored in the top bits of little-endian words.
    let a = convert(&src, 10, 6, PixelFormat::Nv12VideoRange);
    let p = convert(&a, 10, 6, PixelFormat::P010VideoRange);
    assert_eq!(samples(&p, 0)[2][3], 4 * samples(&a, 0)[2][3]);
    let raw = p.plane(0).unwrap().row(0);
    assert_eq!(raw[0] & 0x3f, 0, "low 6 bits are zero");
}

#[test]
fn p010_direct_from_rgb_is_finer_than_8_bit() {
    let src = gradient_bgra(16, 8);
    let a = convert(&src, 16, 8, PixelFormat::P010VideoRange);
    let b = convert(
        &convert(&src, 16, 8, PixelFormat::Nv12VideoRange),
        16,
        8,
        PixelFormat::P010VideoRange,
    );
    // Converting straight to 10 bits differs from 8-bit-then-widen by at most the 8-bit step.
    assert!(max_buffer_diff(&a, &b) <= 2);
}

#[test]
fn rgb_yuv_rgb_round_trip() {
    let src = smooth_bgra(24, 16);
    for format in YUV_FORMATS {
        let yuv = convert(&src, 24, 16, format);
        let back = convert(&yuv, 24, 16, PixelFormat::Bgra);
        let tolerance = if format.bit_depth() == 10 { 1 } else { 2 };
        let mut worst = 0;
        for y in 0..16 {
            for x in 0..24 {
                let (r0, g0, b0, _) = bgra_at(&src, x, y);
                let (r1, g1, b1, a1) = bgra_at(&back, x, y);
                assert_eq!(a1, 255);
                for (p, q) in [(r0, r1), (g0, g1), (b0, b1)] {
                    worst = worst.max((i32::from(p) - i32::from(q)).abs());
                }
            }
        }
        assert!(worst <= tolerance, "{format}: {worst}");
    }
}

#[test]
fn yuv_rgb_yuv_round_trip() {
    for format in YUV_FORMATS {
        let yuv = convert(&smooth_bgra(20, 12), 20, 12, format);
        let rgb = convert(&yuv, 20, 12, PixelFormat::Bgra);
        let back = convert(&rgb, 20, 12, format);
        // The 8-bit RGB in the middle quantises 10-bit samples to steps of about four codes.
        let tolerance = if format.bit_depth() == 10 { 4 } else { 1 };
        assert!(
            max_buffer_diff(&back, &yuv) <= tolerance,
            "{format}: {}",
            max_buffer_diff(&back, &yuv)
        );
    }
}

#[test]
fn matrix_change_goes_through_rgb() {
    let src = with_matrix(smooth_bgra(16, 8), YCbCrMatrix::Itu601);
    let sd = convert(&src, 16, 8, PixelFormat::Nv12VideoRange);
    let to709 = props(|p| {
        p.destination_ycbcr_matrix = Some(YCbCrMatrix::Itu709);
    });
    let hd = convert_with(&sd, 16, 8, PixelFormat::Nv12VideoRange, to709.clone());
    assert_eq!(hd.ycbcr_matrix(), Some(YCbCrMatrix::Itu709));
    // The same as converting the RGB straight to BT.709, within rounding.
    let direct = convert_with(&src, 16, 8, PixelFormat::Nv12VideoRange, to709);
    assert!(
        max_buffer_diff(&hd, &direct) <= 2,
        "{}",
        max_buffer_diff(&hd, &direct)
    );
    // And back.
    let to601 = props(|p| {
        p.destination_ycbcr_matrix = Some(YCbCrMatrix::Itu601);
    });
    let back = convert_with(&hd, 16, 8, PixelFormat::Nv12VideoRange, to601);
    assert!(max_buffer_diff(&back, &sd) <= 2);
    // Greys have no chroma in any matrix.
    let grey = convert(
        &bgra(6, 4, |x, _| (x as u8 * 40, x as u8 * 40, x as u8 * 40)),
        6,
        4,
        PixelFormat::I420,
    );
    let props = props(|p| {
        p.destination_ycbcr_matrix = Some(YCbCrMatrix::Itu2020);
    });
    let g2020 = convert_with(&grey, 6, 4, PixelFormat::I420, props);
    assert!(samples(&g2020, 1).iter().flatten().all(|&c| c == 128));
    assert_eq!(samples(&g2020, 0), samples(&grey, 0));
}

#[test]
fn odd_sizes_convert_every_pixel() {
    let src = random_bgra(5, 3, 5);
    for format in YUV_FORMATS {
        let yuv = convert(&src, 5, 3, format);
        let c = yuv.plane(1).unwrap();
        assert_eq!(c.height, 2);
        // Bottom-right chroma sample covers one pixel only: it is that pixel's own chroma.
        let single = convert(
            &bgra(1, 1, |_, _| {
                let (r, g, b, _) = bgra_at(&src, 4, 2);
                (r, g, b)
            }),
            1,
            1,
            format,
        );
        let got = yuv_at(&yuv, 4, 2);
        let want = yuv_at(&with_matrix(single, YCbCrMatrix::Itu601), 0, 0);
        assert_eq!(got, want, "{format}");
        let rgb = convert(&yuv, 5, 3, PixelFormat::Bgra);
        assert_eq!(bgra_at(&rgb, 4, 2).3, 255);
    }
}

#[test]
fn attachments_are_propagated_and_updated() {
    let mut src = gradient_bgra(8, 8);
    src.set_attachment("CVFieldCount", Some(Value::Int(1)));
    src.set_attachment(
        attachment_keys::YCBCR_MATRIX,
        Some(YCbCrMatrix::Itu709.into()),
    );
    src.set_attachment(
        attachment_keys::COLOR_PRIMARIES,
        Some(ColorPrimaries::Itu709.into()),
    );
    let props = props(|p| {
        p.destination_ycbcr_matrix = Some(YCbCrMatrix::Itu601);
        p.destination_transfer_function = Some(TransferFunction::Itu709);
    });
    let yuv = convert_with(&src, 8, 8, PixelFormat::Nv12VideoRange, props);
    assert_eq!(yuv.attachment("CVFieldCount"), Some(&Value::Int(1)));
    assert_eq!(yuv.ycbcr_matrix(), Some(YCbCrMatrix::Itu601));
    assert_eq!(yuv.color_primaries(), Some(ColorPrimaries::Itu709));
    assert_eq!(yuv.transfer_function(), Some(TransferFunction::Itu709));
    // RGB has no Y'CbCr matrix.
    let rgb = convert(&yuv, 8, 8, PixelFormat::Bgra);
    assert_eq!(rgb.ycbcr_matrix(), None);
    assert_eq!(rgb.color_primaries(), Some(ColorPrimaries::Itu709));
}

#[test]
fn gamut_conversion_is_refused() {
    let mut src = gradient_bgra(4, 4);
    src.set_attachment(
        attachment_keys::COLOR_PRIMARIES,
        Some(ColorPrimaries::Itu709.into()),
    );
    let props = props(|p| {
        p.destination_color_primaries = Some(ColorPrimaries::Itu2020);
    });
    let mut dst = PixelBuffer::new(4, 4, PixelFormat::I420).unwrap();
    let e = PixelTransfer::new(props)
        .transfer(&src, &mut dst)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PixelTransferNotSupported);
    assert_eq!(e.code(), -12905);
}

#[test]
fn needs_transfer_only_when_something_changes() {
    let t = PixelTransfer::default();
    let src = PixelBuffer::new(16, 8, PixelFormat::Nv12VideoRange).unwrap();
    let mut attrs = PixelBufferAttributes::new(16, 8, PixelFormat::Nv12VideoRange);
    attrs.pixel_formats.push(PixelFormat::I420);
    assert!(!t.needs_transfer(&src, &attrs));
    assert!(t.needs_transfer(&src, &PixelBufferAttributes::new(16, 8, PixelFormat::I420)));
    assert!(t.needs_transfer(
        &src,
        &PixelBufferAttributes::new(8, 8, PixelFormat::Nv12VideoRange)
    ));
    let to709 = PixelTransfer::new(props(|p| {
        p.destination_ycbcr_matrix = Some(YCbCrMatrix::Itu709);
    }));
    assert!(to709.needs_transfer(&src, &attrs));
    let created = t.transfer_to_new(&random_bgra(16, 8, 1), &attrs).unwrap();
    assert_eq!(created.pixel_format(), PixelFormat::Nv12VideoRange);
}
