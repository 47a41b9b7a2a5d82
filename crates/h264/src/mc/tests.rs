//! Checks the interpolators against direct transcriptions of the standard's equations
//! (§8.4.2.2.1 with the named samples of Figure 8-4, §8.4.2.2.2), written independently of
//! the implementation (horizontal-first j, per-sample clamping, no tiling or windows).

use super::*;
use crate::picture::{LUMA_BORDER, Plane};

/// A deterministic pseudo-random plane with extended borders.
fn random_plane(width: usize, height: usize, border: usize, seed: u32) -> Plane {
    let mut p = Plane::new(width, height, border, 0);
    let mut s = seed;
    for y in 0..height {
        for v in p.row_mut(y) {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *v = (s >> 24) as u8;
        }
    }
    // Some saturated runs so the filters clip.
    for y in 0..height / 3 {
        p.row_mut(y)[..width / 4].fill(255);
        p.row_mut(height - 1 - y)[width / 2..].fill(0);
    }
    p.extend_borders();
    p
}

/// Luma sample at quarter position (xIntL, yIntL, xFracL, yFracL), per §8.4.2.2.1.
fn naive_luma_sample(p: &Plane, xi: isize, yi: isize, xf: i32, yf: i32) -> u8 {
    let (w, h) = (p.width as isize, p.height as isize);
    // Full sample at integer offset (dx, dy) from G, with the Clip3 of §8.4.2.2.1.
    let s = |dx: isize, dy: isize| {
        i32::from(p.at((xi + dx).clamp(0, w - 1), (yi + dy).clamp(0, h - 1)))
    };
    let clip1 = |v: i32| v.clamp(0, 255);
    let tap =
        |e: i32, f: i32, g: i32, h: i32, i: i32, j: i32| e - 5 * f + 20 * g + 20 * h - 5 * i + j;
    // Horizontal intermediate in row dy (b1 for dy = 0, s1 for dy = 1, aa, bb, gg, hh ...).
    let row1 = |dy: isize| tap(s(-2, dy), s(-1, dy), s(0, dy), s(1, dy), s(2, dy), s(3, dy));
    // Vertical intermediate in column dx (h1 for dx = 0, m1 for dx = 1).
    let col1 = |dx: isize| tap(s(dx, -2), s(dx, -1), s(dx, 0), s(dx, 1), s(dx, 2), s(dx, 3));
    let g = s(0, 0);
    let big_h = s(1, 0);
    let big_m = s(0, 1);
    let b = clip1((row1(0) + 16) >> 5);
    let hh = clip1((col1(0) + 16) >> 5);
    let m = clip1((col1(1) + 16) >> 5);
    let ss = clip1((row1(1) + 16) >> 5);
    // j1 = aa − 5·bb + 20·b1 + 20·s1 − 5·gg + hh (the horizontal-first form).
    let j1 = tap(row1(-2), row1(-1), row1(0), row1(1), row1(2), row1(3));
    let j = clip1((j1 + 512) >> 10);
    let avg = |a: i32, b: i32| (a + b + 1) >> 1;
    let v = match (xf, yf) {
        (0, 0) => g,
        (0, 1) => avg(g, hh),     // d
        (0, 2) => hh,             // h
        (0, 3) => avg(big_m, hh), // n
        (1, 0) => avg(g, b),      // a
        (1, 1) => avg(b, hh),     // e
        (1, 2) => avg(hh, j),     // i
        (1, 3) => avg(hh, ss),    // p
        (2, 0) => b,              // b
        (2, 1) => avg(b, j),      // f
        (2, 2) => j,              // j
        (2, 3) => avg(j, ss),     // q
        (3, 0) => avg(big_h, b),  // c
        (3, 1) => avg(b, m),      // g
        (3, 2) => avg(j, m),      // k
        (3, 3) => avg(m, ss),     // r
        _ => unreachable!(),
    };
    v as u8
}

#[allow(clippy::too_many_arguments)]
fn naive_luma(p: &Plane, x: isize, y: isize, mvx: i32, mvy: i32, w: usize, h: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(w * h);
    for yl in 0..h as isize {
        for xl in 0..w as isize {
            let xi = x + (mvx >> 2) as isize + xl;
            let yi = y + (mvy >> 2) as isize + yl;
            out.push(naive_luma_sample(p, xi, yi, mvx & 3, mvy & 3));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn naive_chroma(p: &Plane, x: isize, y: isize, mvx: i32, mvy: i32, w: usize, h: usize) -> Vec<u8> {
    let (pw, ph) = (p.width as isize, p.height as isize);
    let at = |x: isize, y: isize| i32::from(p.at(x.clamp(0, pw - 1), y.clamp(0, ph - 1)));
    let (xf, yf) = (mvx & 7, mvy & 7);
    let mut out = Vec::with_capacity(w * h);
    for yc in 0..h as isize {
        for xc in 0..w as isize {
            let xi = x + (mvx >> 3) as isize + xc;
            let yi = y + (mvy >> 3) as isize + yc;
            let (a, b, c, d) = (
                at(xi, yi),
                at(xi + 1, yi),
                at(xi, yi + 1),
                at(xi + 1, yi + 1),
            );
            let v = ((8 - xf) * (8 - yf) * a
                + xf * (8 - yf) * b
                + (8 - xf) * yf * c
                + xf * yf * d
                + 32)
                >> 6;
            out.push(v as u8);
        }
    }
    out
}

const SIZES: [(usize, usize); 8] = [
    (16, 16),
    (16, 8),
    (8, 16),
    (8, 8),
    (8, 4),
    (4, 8),
    (4, 4),
    (23, 19),
];

/// Block positions and integer motion offsets covering the interior, every edge, corners
/// and motion far outside the picture (beyond the border).
fn cases(width: isize, height: isize) -> Vec<(isize, isize, i32, i32)> {
    let mut v = Vec::new();
    for &(x, y) in &[
        (16, 16),
        (0, 0),
        (width - 16, height - 16),
        (0, height - 8),
        (width - 4, 0),
    ] {
        for &(dx, dy) in &[
            (0, 0),
            (1, -1),
            (-3, 2),
            (-9, -7),
            (7, 5),
            (-70, 3),
            (2, 90),
            (-400, -300),
            (1000, 2),
        ] {
            v.push((x, y, dx, dy));
        }
    }
    v
}

#[test]
fn luma_matches_the_standard_at_all_16_positions() {
    let p = random_plane(48, 32, LUMA_BORDER, 7);
    let planes = HalfPelPlanes::new(&p);
    let mut out = vec![0u8; 32 * 32];
    let mut out2 = vec![0u8; 32 * 32];
    for (x, y, dx, dy) in cases(48, 32) {
        for yf in 0..4 {
            for xf in 0..4 {
                let (mvx, mvy) = (4 * dx + xf, 4 * dy + yf);
                for &(w, h) in &SIZES {
                    let want = naive_luma(&p, x, y, mvx, mvy, w, h);
                    predict_luma(&p, x, y, mvx, mvy, w, h, &mut out);
                    assert_eq!(
                        &out[..w * h],
                        &want[..],
                        "pos ({x},{y}) mv ({mvx},{mvy}) {w}x{h}"
                    );
                    predict_luma_halfpel(&p, &planes, x, y, mvx, mvy, w, h, &mut out2);
                    assert_eq!(
                        &out2[..w * h],
                        &want[..],
                        "halfpel ({x},{y}) mv ({mvx},{mvy}) {w}x{h}"
                    );
                }
            }
        }
    }
}

#[test]
fn halfpel_planes_hold_b_h_j_everywhere_including_the_border() {
    let p = random_plane(32, 16, 20, 99);
    let planes = HalfPelPlanes::new(&p);
    let b = p.border as isize;
    for y in -b..16 + b {
        for x in -b..32 + b {
            assert_eq!(
                planes.h.at(x, y),
                naive_luma_sample(&p, x, y, 2, 0),
                "b at ({x},{y})"
            );
            assert_eq!(
                planes.v.at(x, y),
                naive_luma_sample(&p, x, y, 0, 2),
                "h at ({x},{y})"
            );
            assert_eq!(
                planes.hv.at(x, y),
                naive_luma_sample(&p, x, y, 2, 2),
                "j at ({x},{y})"
            );
        }
    }
    // Recomputing in place for another picture of the same geometry reuses the planes.
    let q = random_plane(32, 16, 20, 5);
    let mut again = planes.clone();
    again.compute(&q);
    assert_eq!(again, HalfPelPlanes::new(&q));
}

#[test]
fn luma_known_values() {
    // A flat picture predicts itself at every fractional position.
    let p = Plane::new(16, 16, LUMA_BORDER, 77);
    let mut out = [0u8; 16];
    for mv in 0..16 {
        predict_luma(&p, 4, 4, mv & 3, mv >> 2, 4, 4, &mut out);
        assert_eq!(out, [77; 16]);
    }
    // A vertical step: columns 0..=7 are 0, columns 8.. are 255. Between columns 7 and 8
    // b1 = 20·255 − 5·255 + 255 = 4080, b = (4080 + 16) >> 5 = 128; the quarter samples are
    // a = (0 + 128 + 1) >> 1 = 64 and c = (255 + 128 + 1) >> 1 = 192.
    let mut p = Plane::new(16, 16, LUMA_BORDER, 0);
    for y in 0..16 {
        p.row_mut(y)[8..].fill(255);
    }
    let mut out = [0u8; 1];
    let mut at = |mvx| {
        predict_luma(&p, 7, 5, mvx, 0, 1, 1, &mut out);
        out[0]
    };
    assert_eq!([at(0), at(1), at(2), at(3), at(4)], [0, 64, 128, 192, 255]);
    // Between columns 6 and 7 the filter undershoots: taps 0,0,0,0,255,255 give
    // b1 = −5·255 + 255 = −1020, (−1020 + 16) >> 5 = −32 → Clip1 = 0.
    assert_eq!(at(-2), 0);
    // Between columns 8 and 9 it overshoots: taps 0,0,255,255,255,255 give
    // b1 = (20 + 20 − 5 + 1)·255 = 9180, (9180 + 16) >> 5 = 287 → Clip1 = 255.
    assert_eq!(at(6), 255);
}

#[test]
fn chroma_matches_the_standard_at_all_64_positions() {
    let p = random_plane(24, 16, LUMA_BORDER / 2, 3);
    let mut out = vec![0u8; 32 * 32];
    for (x, y, dx, dy) in cases(24, 16) {
        for yf in 0..8 {
            for xf in 0..8 {
                let (mvx, mvy) = (8 * dx + xf, 8 * dy + yf);
                for &(w, h) in &[
                    (8, 8),
                    (8, 4),
                    (4, 8),
                    (4, 4),
                    (2, 2),
                    (4, 2),
                    (2, 4),
                    (19, 17),
                ] {
                    let want = naive_chroma(&p, x, y, mvx, mvy, w, h);
                    predict_chroma(&p, x, y, mvx, mvy, w, h, &mut out);
                    assert_eq!(
                        &out[..w * h],
                        &want[..],
                        "pos ({x},{y}) mv ({mvx},{mvy}) {w}x{h}"
                    );
                }
            }
        }
    }
}

#[test]
fn chroma_known_values() {
    // A = 0, B = 64, C = 128, D = 255 at (0,0),(1,0),(0,1),(1,1).
    let mut p = Plane::new(8, 8, 8, 0);
    p.row_mut(0)[1] = 64;
    p.row_mut(1)[0] = 128;
    p.row_mut(1)[1] = 255;
    let mut out = [0u8; 1];
    let mut at = |mvx, mvy| {
        predict_chroma(&p, 0, 0, mvx, mvy, 1, 1, &mut out);
        out[0]
    };
    assert_eq!(at(0, 0), 0);
    assert_eq!(at(8, 8), 255);
    // (4·8·64 + 32) >> 6 = 32
    assert_eq!(at(4, 0), 32);
    // (16·0 + 16·64 + 16·128 + 16·255 + 32) >> 6 = (7152 + 32) >> 6 = 112
    assert_eq!(at(4, 4), 112);
    // xF = 1, yF = 7: (7·1·0 + 1·1·64 + 7·7·128 + 1·7·255 + 32) >> 6 = 8153 >> 6 = 127
    assert_eq!(at(1, 7), 127);
    // Negative vectors read the clamped edge: everything left of / above (0,0) is A = 0.
    assert_eq!(at(-4, -4), 0);
}
