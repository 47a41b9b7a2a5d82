//! Quantisation tables: normAdjust4x4 (H.264 §8.5.9) and the encoder's multiplication
//! factors.

/// The matrix v of §8.5.9: `NORM_ADJUST_4X4[qP % 6][class]`, class from
/// [`position_class`] — column 0 for (i % 2, j % 2) = (0, 0), column 1 for (1, 1), column 2
/// otherwise. (Row by row these are the familiar {10, 13, 16} … {18, 23, 29} in another
/// order: the middle value belongs to the mixed positions, the largest to odd/odd.)
pub const NORM_ADJUST_4X4: [[i32; 3]; 6] = [
    [10, 16, 13],
    [11, 18, 14],
    [13, 20, 16],
    [14, 23, 18],
    [16, 25, 20],
    [18, 29, 23],
];

/// The forward quantiser's multiplication factors `MF[qP % 6][class]`, the companions of
/// [`NORM_ADJUST_4X4`]: MF · v · (forward-transform norm) ≈ 2^21 for each class, so that
/// quantising with `>> (15 + qP / 6)` and scaling back by LevelScale4x4 is the identity up
/// to rounding. Not normative (an encoder may quantise as it likes).
pub const MF: [[i32; 3]; 6] = [
    [13107, 5243, 8066],
    [11916, 4660, 7490],
    [10082, 4194, 6554],
    [9362, 3647, 5825],
    [8192, 3355, 5243],
    [7282, 2893, 4559],
];

/// The normAdjust4x4 class of raster position `k` (row i = k / 4, column j = k % 4):
/// 0 when i and j are both even, 1 when both are odd, 2 otherwise (§8.5.9).
#[inline]
pub const fn position_class(k: usize) -> usize {
    match ((k / 4) % 2, k % 2) {
        (0, 0) => 0,
        (1, 1) => 1,
        _ => 2,
    }
}

/// (qP % 6, qP / 6) with qP limited to 51, the largest 8-bit QP, so that no shift can
/// overflow whatever the caller passes.
#[inline]
pub(crate) const fn qp_parts(qp: u8) -> (usize, u32) {
    let qp = if qp > 51 { 51 } else { qp };
    ((qp % 6) as usize, (qp / 6) as u32)
}

/// LevelScale4x4(m, i, j) = weightScale4x4(i, j) · normAdjust4x4(m, i, j) with the flat
/// weight 16 (§8.5.9), for raster position `k`.
#[inline]
pub const fn level_scale_4x4(m: usize, k: usize) -> i32 {
    16 * NORM_ADJUST_4X4[m][position_class(k)]
}
