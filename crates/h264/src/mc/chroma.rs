//! Chroma sample interpolation for 4:2:0 frame pictures (H.264 §8.4.2.2.2).

use super::load_window;
use crate::picture::Plane;

/// Blocks are predicted in tiles of at most this size (stack work buffer).
const TILE: usize = 16;
/// Stride of the reference window: a tile plus the bilinear filter's extra column.
const WIN: usize = TILE + 1;

/// Predicts the `w`×`h` chroma block whose top-left sample is at chroma position
/// (`x`, `y`) from `reference` displaced by the luma motion vector (`mvx`, `mvy`) — in a
/// 4:2:0 frame picture mvCLX = mvLX, in units of one eighth chroma sample (§8.4.1.4) —
/// into `out[y * w + x]`.
///
/// xIntC = x + (mvx >> 3) + xC and xFracC = mvx & 7 (likewise vertically); each sample is
/// `((8 − xFracC)(8 − yFracC)·A + xFracC(8 − yFracC)·B + (8 − xFracC)yFracC·C +
/// xFracC·yFracC·D + 32) >> 6` with A..D the four surrounding reference samples at
/// coordinates clamped to the picture. The border is never read; any motion vector is valid.
/// Panics if `out` is shorter than `w * h`.
#[allow(clippy::too_many_arguments)]
pub fn predict_chroma(
    reference: &Plane,
    x: isize,
    y: isize,
    mvx: i32,
    mvy: i32,
    w: usize,
    h: usize,
    out: &mut [u8],
) {
    let (fx, fy) = ((mvx & 7) as u16, (mvy & 7) as u16);
    let (ix, iy) = (x + (mvx >> 3) as isize, y + (mvy >> 3) as isize);
    let weights = [(8 - fx) * (8 - fy), fx * (8 - fy), (8 - fx) * fy, fx * fy];
    let out = &mut out[..w * h];
    for ty in (0..h).step_by(TILE) {
        for tx in (0..w).step_by(TILE) {
            let (tw, th) = (TILE.min(w - tx), TILE.min(h - ty));
            let mut win = [0u8; WIN * WIN];
            let pos = (ix + tx as isize, iy + ty as isize);
            load_window(reference, pos, (tw + 1, th + 1), &mut win, WIN);
            for j in 0..th {
                let dst = &mut out[(ty + j) * w + tx..(ty + j) * w + tx + tw];
                let (r0, r1) = (&win[j * WIN..], &win[(j + 1) * WIN..]);
                for (i, d) in dst.iter_mut().enumerate() {
                    let s = weights[0] * u16::from(r0[i])
                        + weights[1] * u16::from(r0[i + 1])
                        + weights[2] * u16::from(r1[i])
                        + weights[3] * u16::from(r1[i + 1]);
                    *d = ((s + 32) >> 6) as u8;
                }
            }
        }
    }
}
