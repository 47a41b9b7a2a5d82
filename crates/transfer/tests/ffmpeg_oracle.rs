//! RGB → Y'CbCr 4:2:0 checked sample by sample against FFmpeg's swscale.
//!
//! FFmpeg runs with `-sws_flags area+accurate_rnd+bitexact+full_chroma_inp`:
//! * `area` — at 2:1 the area filter with swscale's default centred chroma position is exactly
//!   the 2×2 box average we implement (the default `bicubic` spreads each chroma sample over
//!   neighbouring blocks, deviating by 10+ codes on noisy pictures);
//! * `full_chroma_inp` — convert every RGB pixel before filtering instead of first averaging
//!   horizontal pairs at reduced precision;
//! * `accurate_rnd` + `bitexact` — round to nearest and use the C reference code, not SIMD
//!   paths whose rounding differs between CPUs.
//!
//! Odd sizes: swscale fits ⌈w/2⌉ chroma samples over the *odd* luma width (a 9-pixel row gets
//! chroma at 1.8-pixel spacing), so its chroma drifts away from the CoreVideo/H.264 grid where
//! chroma sample `i` belongs to luma `2i`, `2i+1`. We follow the codec grid and repeat the edge
//! pixel; the oracle for odd sizes is therefore FFmpeg run on the picture padded to even size by
//! repeating the last column and row, with its luma cropped back.
//!
//! Every sample must be within ±1 of FFmpeg's. Set `FRAMEPRESS_FFMPEG` to the oracle binary
//! (`scripts/oracle.sh` prints its path); without one the test prints a notice and skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::*;
use framepress_core::color::attachment_keys;
use framepress_core::{PixelBuffer, PixelFormat, YCbCrMatrix};

const FLAGS: &str = "area+accurate_rnd+bitexact+full_chroma_inp";

/// Splits FFmpeg's packed planar output into planes of samples (`wide`: 16-bit LE, value in
/// the top 10 bits).
fn ffmpeg_planes(
    out: &[u8],
    w: usize,
    h: usize,
    interleaved: bool,
    wide: bool,
) -> Vec<Vec<Vec<i32>>> {
    let n = if wide { 2 } else { 1 };
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let read = |bytes: &[u8], width: usize, height: usize| -> Vec<Vec<i32>> {
        bytes
            .chunks_exact(width * n)
            .take(height)
            .map(|row| {
                row.chunks_exact(n)
                    .map(|b| {
                        if wide {
                            i32::from(u16::from_le_bytes([b[0], b[1]]) >> 6)
                        } else {
                            i32::from(b[0])
                        }
                    })
                    .collect()
            })
            .collect()
    };
    let y_len = w * h * n;
    let c_len = cw * ch * n;
    let expected = y_len + 2 * c_len;
    assert_eq!(out.len(), expected, "FFmpeg output size");
    let y = read(&out[..y_len], w, h);
    if interleaved {
        vec![y, read(&out[y_len..], cw * 2, ch)]
    } else {
        vec![
            y,
            read(&out[y_len..y_len + c_len], cw, ch),
            read(&out[y_len + c_len..], cw, ch),
        ]
    }
}

struct Case {
    name: &'static str,
    src: PixelBuffer,
}

fn cases(w: usize, h: usize) -> Vec<Case> {
    vec![
        Case {
            name: "random",
            src: random_bgra(w, h, 0x5eed + w as u64),
        },
        Case {
            name: "gradient",
            src: gradient_bgra(w, h),
        },
        Case {
            name: "primaries",
            src: primaries_bgra(w, h),
        },
        Case {
            name: "smooth",
            src: smooth_bgra(w, h),
        },
    ]
}

/// Converts with us and with FFmpeg; returns (worst deviation, samples that differ) per plane.
fn compare(ff: &Path, case: &Case, matrix: YCbCrMatrix, format: PixelFormat) -> Vec<(i32, usize)> {
    let (w, h) = (case.src.width(), case.src.height());
    let mut src = case.src.clone();
    src.set_attachment(attachment_keys::YCBCR_MATRIX, Some(matrix.into()));
    let ours = convert(&src, w, h, format);

    let ff_matrix = match matrix {
        YCbCrMatrix::Itu709 => "bt709",
        _ => "bt601",
    };
    let range = match format.range() {
        framepress_core::ColorRange::Video => "tv",
        _ => "pc",
    };
    let (pix_fmt, interleaved, wide) = match format {
        PixelFormat::I420 | PixelFormat::I420FullRange => ("yuv420p", false, false),
        PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => ("nv12", true, false),
        _ => ("p010le", true, true),
    };
    let (pw, ph) = (w.next_multiple_of(2), h.next_multiple_of(2));
    let size = format!("{pw}x{ph}");
    let vf = format!("scale=in_range=full:out_range={range}:out_color_matrix={ff_matrix}");
    let raw = padded_bgra(&case.src, pw, ph);
    let out = framepress_testkit::run(
        ff,
        &[
            "-f",
            "rawvideo",
            "-pix_fmt",
            "bgra",
            "-s",
            &size,
            "-i",
            "-",
            "-sws_flags",
            FLAGS,
            "-vf",
            &vf,
            "-f",
            "rawvideo",
            "-pix_fmt",
            pix_fmt,
            "-",
        ],
        &raw,
    );
    let mut theirs = ffmpeg_planes(&out, pw, ph, interleaved, wide);
    theirs[0].truncate(h);
    for row in &mut theirs[0] {
        row.truncate(w);
    }
    theirs
        .iter()
        .enumerate()
        .map(|(i, plane)| {
            let mine = samples(&ours, i);
            let differ = mine
                .iter()
                .flatten()
                .zip(plane.iter().flatten())
                .filter(|(a, b)| a != b)
                .count();
            (max_diff(&mine, plane), differ)
        })
        .collect()
}

/// Packed BGRA of `buf` extended to `pw`×`ph` by repeating the last column and row.
fn padded_bgra(buf: &PixelBuffer, pw: usize, ph: usize) -> Vec<u8> {
    let p = buf.plane(0).unwrap();
    let mut out = Vec::with_capacity(pw * ph * 4);
    for y in 0..ph {
        let row = p.row(y.min(p.height - 1));
        for x in 0..pw {
            let x = x.min(p.width - 1);
            out.extend_from_slice(&row[x * 4..x * 4 + 4]);
        }
    }
    out
}

fn run_matrix(format: PixelFormat, sizes: &[(usize, usize)]) {
    let Some(ff) = framepress_testkit::ffmpeg() else {
        return;
    };
    for &(w, h) in sizes {
        for case in cases(w, h) {
            for matrix in [YCbCrMatrix::Itu601, YCbCrMatrix::Itu709] {
                let dev = compare(&ff, &case, matrix, format);
                eprintln!(
                    "{format} {w}x{h} {} {matrix:?}: (max deviation, samples differing) per plane {dev:?}",
                    case.name
                );
                assert!(
                    dev.iter().all(|&(d, _)| d <= 1),
                    "{format} {w}x{h} {} {matrix:?}: {dev:?}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn bgra_to_i420_video_range_matches_swscale() {
    run_matrix(PixelFormat::I420, &[(64, 48), (32, 18)]);
}

#[test]
fn bgra_to_i420_odd_size_matches_swscale() {
    run_matrix(PixelFormat::I420, &[(33, 17), (5, 3)]);
}

#[test]
fn bgra_to_nv12_full_range_matches_swscale() {
    run_matrix(PixelFormat::Nv12FullRange, &[(64, 48)]);
}

#[test]
fn bgra_to_p010_matches_swscale() {
    run_matrix(PixelFormat::P010VideoRange, &[(64, 48)]);
}
