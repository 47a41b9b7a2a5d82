//! Inter prediction sample interpolation (H.264 §8.4.2.2).
//!
//! * [`predict_luma`] — quarter-sample luma prediction with the 6-tap filter (§8.4.2.2.1).
//! * [`HalfPelPlanes`] and [`predict_luma_halfpel`] — the three half-sample planes of a
//!   reference picture, precomputed once for motion search, and predictions formed from them
//!   (bit-identical to [`predict_luma`]).
//! * [`predict_chroma`] — eighth-sample bilinear chroma prediction for 4:2:0 (§8.4.2.2.2).
//!
//! Conventions: the block's top-left sample is at integer position (`x`, `y`) of the current
//! picture (chroma functions take chroma coordinates); motion vectors are in quarter luma
//! samples, which for 4:2:0 frame pictures are also eighth chroma samples (mvCLX = mvLX,
//! §8.4.1.4). Predictions are written in raster order, `out[y * w + x]`, `w`×`h` samples.
//! Reference samples outside the picture are those at the nearest edge (the Clip3 on the
//! integer sample coordinates in §8.4.2.2.1 and §8.4.2.2.2), so any motion vector is safe.

mod chroma;
mod halfpel;
mod luma;
mod qpel;
#[cfg(test)]
mod tests;

pub use chroma::predict_chroma;
pub use halfpel::{HalfPelPlanes, predict_luma_halfpel};
pub use luma::predict_luma;
pub use qpel::{Grid, GridSample, QPEL_SAMPLES};

use crate::picture::Plane;

/// Copies the `cols`×`rows` reference samples starting at (`x0`, `y0`) into `win` (row
/// stride `stride`), clamping each coordinate to the picture as the Clip3 of §8.4.2.2.1 /
/// §8.4.2.2.2 does; the border is never read.
fn load_window(
    reference: &Plane,
    (x0, y0): (isize, isize),
    (cols, rows): (usize, usize),
    win: &mut [u8],
    stride: usize,
) {
    let (pw, ph) = (reference.width as isize, reference.height as isize);
    if pw == 0 || ph == 0 {
        return; // an empty picture has no samples to predict from
    }
    let inside = x0 >= 0 && x0 + cols as isize <= pw;
    for r in 0..rows {
        let row = reference.row((y0 + r as isize).clamp(0, ph - 1) as usize);
        let dst = &mut win[r * stride..r * stride + cols];
        if inside {
            dst.copy_from_slice(&row[x0 as usize..x0 as usize + cols]);
        } else {
            for (c, d) in dst.iter_mut().enumerate() {
                *d = row[(x0 + c as isize).clamp(0, pw - 1) as usize];
            }
        }
    }
}

/// Clip1Y / Clip1C for 8-bit samples (§5.7).
#[inline]
fn clip1(x: i32) -> u8 {
    x.clamp(0, 255) as u8
}

/// The luma 6-tap filter (1, −5, 20, 20, −5, 1) of §8.4.2.2.1 applied to six
/// consecutive samples, unrounded.
#[inline]
fn tap6(s: [i32; 6]) -> i32 {
    s[0] - 5 * s[1] + 20 * s[2] + 20 * s[3] - 5 * s[4] + s[5]
}
