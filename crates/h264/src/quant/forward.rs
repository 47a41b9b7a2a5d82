//! Forward quantisation: the encoder's choice of levels (not normative; the decoder only
//! sees the levels). Uniform reconstruction quantiser with a dead zone:
//! |level| = (|W| · MF + f) >> qbits, qbits = 15 + qP / 6, with rounding offset
//! f = 2^qbits / 3 for intra and 2^qbits / 6 for inter blocks.

use super::tables::{MF, MF_8X8, position_class, position_class_8x8, qp_parts};

/// Quantises `coeff` with multiplier `mf`, shift `qbits` and the intra / inter dead zone.
#[inline]
fn quant(coeff: i32, mf: i32, qbits: u32, intra: bool) -> i32 {
    let f = (1i64 << qbits) / if intra { 3 } else { 6 };
    let mag = ((i64::from(coeff).abs() * i64::from(mf) + f) >> qbits) as i32;
    if coeff < 0 { -mag } else { mag }
}

/// Levels of a 4x4 block of [`forward_4x4`](crate::transform::forward_4x4) coefficients at
/// quantisation parameter `qp`, and whether any level is non-zero.
pub fn quantize_4x4(coeffs: &[i32; 16], qp: u8, intra: bool) -> ([i32; 16], bool) {
    let (m, e) = qp_parts(qp);
    let qbits = 15 + e;
    let levels: [i32; 16] =
        std::array::from_fn(|k| quant(coeffs[k], MF[m][position_class(k)], qbits, intra));
    let nonzero = levels.iter().any(|&l| l != 0);
    (levels, nonzero)
}

/// [`quantize_4x4`] for the AC block of an Intra_16x16 macroblock or of chroma: the DC
/// position is left 0 (it is coded in the DC block) and does not count as non-zero.
pub fn quantize_4x4_ac(coeffs: &[i32; 16], qp: u8, intra: bool) -> ([i32; 16], bool) {
    let (mut levels, _) = quantize_4x4(coeffs, qp, intra);
    levels[0] = 0;
    let nonzero = levels.iter().any(|&l| l != 0);
    (levels, nonzero)
}

/// Levels of the Intra_16x16 luma DC block from the unnormalised Hadamard transform
/// [`forward_hadamard_4x4`](crate::transform::forward_hadamard_4x4) of the 16 DC
/// coefficients (always intra). The textbook halves the Hadamard output and quantises with
/// qbits + 1; folding the halving in, this uses MF(qP % 6, 0, 0) and shift qbits + 2.
pub fn quantize_luma_dc(hadamard: &[i32; 16], qp: u8) -> ([i32; 16], bool) {
    let (m, e) = qp_parts(qp);
    let qbits = 17 + e;
    let levels = hadamard.map(|c| quant(c, MF[m][0], qbits, true));
    let nonzero = levels.iter().any(|&l| l != 0);
    (levels, nonzero)
}

/// Levels of a 4:2:0 chroma DC block from the unnormalised 2x2 Hadamard transform
/// [`forward_hadamard_2x2`](crate::transform::forward_hadamard_2x2) of the four DC
/// coefficients, with MF(qP % 6, 0, 0) and shift qbits + 1 (`qp` is QP'c).
pub fn quantize_chroma_dc(hadamard: &[i32; 4], qp: u8, intra: bool) -> ([i32; 4], bool) {
    let (m, e) = qp_parts(qp);
    let qbits = 16 + e;
    let levels = hadamard.map(|c| quant(c, MF[m][0], qbits, intra));
    let nonzero = levels.iter().any(|&l| l != 0);
    (levels, nonzero)
}

/// Levels of an 8x8 block of [`forward_8x8`](crate::transform::forward_8x8) coefficients
/// (raster order) at `qp`, with shift 16 + qP / 6 and the intra / inter dead zone, and
/// whether any level is non-zero.
pub fn quantize_8x8(coeffs: &[i32; 64], qp: u8, intra: bool) -> ([i32; 64], bool) {
    let (m, e) = qp_parts(qp);
    let qbits = 16 + e;
    let levels: [i32; 64] =
        std::array::from_fn(|k| quant(coeffs[k], MF_8X8[m][position_class_8x8(k)], qbits, intra));
    let nonzero = levels.iter().any(|&l| l != 0);
    (levels, nonzero)
}
