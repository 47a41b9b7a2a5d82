//! Scaling of transform coefficient levels (H.264 §8.5.12.1, §8.5.10, §8.5.11.2).

use super::tables::{level_scale_4x4, level_scale_8x8, qp_parts};
use crate::transform::{inverse_hadamard_2x2, inverse_hadamard_4x4};

/// d_ij for one level c at raster position `k` (§8.5.12.1):
/// qP ≥ 24: (c · LevelScale4x4(qP % 6, i, j)) << (qP / 6 − 4);
/// qP < 24: (c · LevelScale4x4(qP % 6, i, j) + 2^(3 − qP / 6)) >> (4 − qP / 6).
#[inline]
fn scale(c: i32, qp: u8, k: usize) -> i32 {
    let (m, e) = qp_parts(qp);
    let v = c * level_scale_4x4(m, k);
    if e >= 4 {
        v << (e - 4)
    } else {
        (v + (1 << (3 - e))) >> (4 - e)
    }
}

/// Scaled coefficients d of a 4x4 block of levels c at quantisation parameter `qp`
/// (§8.5.12.1), all 16 positions. For luma blocks qP = QP'Y; for chroma, QP'c.
pub fn dequantize_4x4(levels: &[i32; 16], qp: u8) -> [i32; 16] {
    std::array::from_fn(|k| scale(levels[k], qp, k))
}

/// Scaled coefficients of an AC block of an Intra_16x16 macroblock or of chroma: d00 = `dc`,
/// the DC already scaled by [`dequantize_luma_dc`] or [`dequantize_chroma_dc`] (§8.5.12.1:
/// "d00 = c00" for these blocks), the other positions as [`dequantize_4x4`]. `levels[0]` is
/// ignored.
pub fn dequantize_4x4_ac(levels: &[i32; 16], qp: u8, dc: i32) -> [i32; 16] {
    std::array::from_fn(|k| if k == 0 { dc } else { scale(levels[k], qp, k) })
}

/// The Intra_16x16 luma DC values dcY (§8.5.10): the inverse Hadamard f of the 4x4 DC
/// levels c (raster order after the inverse zig-zag scan), then
/// qP ≥ 36: (f · LevelScale4x4(qP % 6, 0, 0)) << (qP / 6 − 6);
/// qP < 36: (f · LevelScale4x4(qP % 6, 0, 0) + 2^(5 − qP / 6)) >> (6 − qP / 6).
/// Element `4 * i + j` is d00 of the 4x4 block in row i, column j of the macroblock.
pub fn dequantize_luma_dc(levels: &[i32; 16], qp: u8) -> [i32; 16] {
    let f = inverse_hadamard_4x4(levels);
    let (m, e) = qp_parts(qp);
    let ls = level_scale_4x4(m, 0);
    f.map(|f| {
        if e >= 6 {
            (f * ls) << (e - 6)
        } else {
            (f * ls + (1 << (5 - e))) >> (6 - e)
        }
    })
}

/// The 4:2:0 chroma DC values dcC (§8.5.11): the inverse 2x2 Hadamard f of the DC levels
/// c (chroma4x4BlkIdx order), then dcC = ((f · LevelScale4x4(qP % 6, 0, 0)) << (qP / 6)) >> 5
/// with qP = QP'c. Element `k` is d00 of chroma 4x4 block k.
pub fn dequantize_chroma_dc(levels: &[i32; 4], qp: u8) -> [i32; 4] {
    let f = inverse_hadamard_2x2(levels);
    let (m, e) = qp_parts(qp);
    let ls = level_scale_4x4(m, 0);
    f.map(|f| ((f * ls) << e) >> 5)
}

/// Scaled coefficients d of an 8x8 block of levels c (raster order) at `qp` (§8.5.13.1):
/// qP ≥ 36: (c · LevelScale8x8(qP % 6, i, j)) << (qP / 6 − 6);
/// qP < 36: (c · LevelScale8x8(qP % 6, i, j) + 2^(5 − qP / 6)) >> (6 − qP / 6).
pub fn dequantize_8x8(levels: &[i32; 64], qp: u8) -> [i32; 64] {
    let (m, e) = qp_parts(qp);
    std::array::from_fn(|k| {
        let v = levels[k] * level_scale_8x8(m, k);
        if e >= 6 {
            v << (e - 6)
        } else {
            (v + (1 << (5 - e))) >> (6 - e)
        }
    })
}
