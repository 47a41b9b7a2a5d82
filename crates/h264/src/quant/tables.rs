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

/// The matrix v of §8.5.9 for 8x8 blocks: `NORM_ADJUST_8X8[qP % 6][class]`, class from
/// [`position_class_8x8`].
pub const NORM_ADJUST_8X8: [[i32; 6]; 6] = [
    [20, 18, 32, 19, 25, 24],
    [22, 19, 35, 21, 28, 26],
    [26, 23, 42, 24, 33, 31],
    [28, 25, 45, 26, 35, 33],
    [32, 28, 51, 30, 40, 38],
    [36, 32, 58, 34, 46, 43],
];

/// The forward quantiser's factors for 8x8 blocks, companions of [`NORM_ADJUST_8X8`] and
/// [`forward_8x8`](crate::transform::forward_8x8): MF · v · (forward norm) ≈ 2^24 per
/// class, for quantising with `>> (16 + qP / 6)` (x264's values; the quantiser's round
/// trip test checks them). Not normative.
pub const MF_8X8: [[i32; 6]; 6] = [
    [13107, 11428, 20972, 12222, 16777, 15481],
    [11916, 10826, 19174, 11058, 14980, 14290],
    [10082, 8943, 15978, 9675, 12710, 11985],
    [9362, 8228, 14913, 8931, 11984, 11259],
    [8192, 7346, 13159, 7740, 10486, 9777],
    [7282, 6428, 11570, 6830, 9118, 8640],
];

/// The normAdjust8x8 class of raster position `k` of an 8x8 block (row i = k / 8, column
/// j = k % 8), §8.5.9: 0 for i, j both ≡ 0 mod 4; 1 both odd; 2 both ≡ 2 mod 4; 3 one ≡ 0
/// mod 4 and the other odd; 4 one ≡ 0 mod 4 and the other ≡ 2 mod 4; 5 otherwise.
#[inline]
pub const fn position_class_8x8(k: usize) -> usize {
    let (i, j) = (k / 8, k % 8);
    if i % 4 == 0 && j % 4 == 0 {
        0
    } else if i % 2 == 1 && j % 2 == 1 {
        1
    } else if i % 4 == 2 && j % 4 == 2 {
        2
    } else if (i % 4 == 0 && j % 2 == 1) || (i % 2 == 1 && j % 4 == 0) {
        3
    } else if (i % 4 == 0 && j % 4 == 2) || (i % 4 == 2 && j % 4 == 0) {
        4
    } else {
        5
    }
}
