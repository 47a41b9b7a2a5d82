//! FFmpeg as oracle: five concatenated samples are a valid Motion-JPEG stream that FFmpeg
//! decodes without a complaint, at the right size, to the picture our reconstruction shows.
//!
//! Skips with a notice when no FFmpeg is found (see `framepress-testkit`), unless
//! `FRAMEPRESS_REQUIRE_FFMPEG=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::{Dictionary, PixelFormat};

#[test]
fn ffmpeg_decodes_five_concatenated_frames() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for (w, h) in [(96, 64), (17, 9)] {
        let props = Dictionary::new()
            .with("Quality", 0.8)
            .with("FramepressEmitReconstruction", true);
        let mut enc = create(&config(w, h, PixelFormat::Nv12VideoRange, props));
        let mut stream = Vec::new();
        let mut recons = Vec::new();
        for id in 0..5u64 {
            let image = to_nv12(&synthetic(w, h, 6, id + 1), PixelFormat::Nv12VideoRange);
            let sample = encode_one(enc.as_mut(), id, image);
            stream.extend_from_slice(sample.data());
            recons.push(sample.reconstruction().cloned().unwrap());
        }
        let raw = framepress_testkit::run(
            &ffmpeg,
            &[
                "-f", "mjpeg", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-",
            ],
            &stream,
        );
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let frame_size = w * h + 2 * cw * ch;
        assert_eq!(
            raw.len(),
            5 * frame_size,
            "{w}x{h}: FFmpeg must decode exactly 5 frames"
        );

        // FFmpeg returns the JPEG's own 4:2:0 planes (no upsampling): luma must match our
        // reconstruction to IDCT rounding, chroma to the reconstruction's re-subsampling.
        for (i, recon) in recons.iter().enumerate() {
            let f = &raw[i * frame_size..(i + 1) * frame_size];
            let (y, rest) = f.split_at(w * h);
            let (cb, cr) = rest.split_at(cw * ch);
            let dy = max_diff(y, &luma(recon));
            let (db_cb, db_cr) = (psnr(cb, &plane(recon, 1)), psnr(cr, &plane(recon, 2)));
            eprintln!("{w}x{h} frame {i}: luma ±{dy}, chroma {db_cb:.1} / {db_cr:.1} dB");
            assert!(
                dy <= 1,
                "{w}x{h} frame {i}: luma differs from FFmpeg by {dy}"
            );
            assert!(
                db_cb >= 40.0 && db_cr >= 40.0,
                "{w}x{h} frame {i}: chroma {db_cb:.1} / {db_cr:.1} dB"
            );
        }
    }
}

/// The chroma planes we feed are the JPEG's chroma planes (no resampling on the way in): at
/// Quality 1.0 (all-ones quantiser) FFmpeg's native 4:2:0 output reproduces the source's
/// noisy chroma to within DCT rounding, at odd sizes too. A half-sample shift or a
/// subsampling filter would cost well over 10 dB on this content.
#[test]
fn ffmpeg_sees_our_chroma_planes() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for (w, h) in [(64, 32), (17, 9)] {
        let mut rng = Rng::new(42);
        let source = synthetic(w, h, 0, 1);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        // Replace chroma with strong noise: any misplacement shows.
        let noisy: Vec<Vec<u8>> = (0..2)
            .map(|_| (0..cw * ch).map(|_| (128 + rng.noise(20)) as u8).collect())
            .collect();
        let y = luma(&source);
        let image = framepress_core::PixelBuffer::from_planes(
            w,
            h,
            PixelFormat::I420FullRange,
            &[(&y, w), (&noisy[0], cw), (&noisy[1], cw)],
        )
        .unwrap();
        let sample = encode_with(&image, Dictionary::new().with("Quality", 1.0));
        let raw = framepress_testkit::run(
            &ffmpeg,
            &[
                "-f", "mjpeg", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-",
            ],
            sample.data(),
        );
        assert_eq!(raw.len(), w * h + 2 * cw * ch);
        let (cb, cr) = raw[w * h..].split_at(cw * ch);
        let (db_cb, db_cr) = (psnr(&noisy[0], cb), psnr(&noisy[1], cr));
        eprintln!(
            "{w}x{h}: chroma {db_cb:.1} / {db_cr:.1} dB, luma {:.1} dB",
            psnr(&y, &raw[..w * h])
        );
        assert!(
            db_cb >= 45.0 && db_cr >= 45.0,
            "{w}x{h}: chroma {db_cb:.1} / {db_cr:.1} dB"
        );
    }
}
