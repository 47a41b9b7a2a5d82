//! Scaling of transform coefficient levels (H.264 §8.5.12.1, §8.5.10, §8.5.11.2,
//! §8.5.13.1), with the block's scaling list.

use super::scaling_tables::{Quant4, Quant8};
use super::tables::qp_parts;
use crate::transform::{inverse_hadamard_2x2, inverse_hadamard_4x4};

impl Quant4<'_> {
    /// d_ij for one level c with LevelScale4x4 `ls` (§8.5.12.1):
    /// qP ≥ 24: (c · LevelScale4x4(qP % 6, i, j)) << (qP / 6 − 4);
    /// qP < 24: (c · LevelScale4x4(qP % 6, i, j) + 2^(3 − qP / 6)) >> (4 − qP / 6).
    #[inline]
    fn scale(e: u32, c: i32, ls: i32) -> i32 {
        let v = c * ls;
        if e >= 4 {
            v << (e - 4)
        } else {
            (v + (1 << (3 - e))) >> (4 - e)
        }
    }

    /// Scaled coefficients d of a 4x4 block of levels c (raster order), all 16 positions.
    pub fn dequantize(&self, levels: &[i32; 16]) -> [i32; 16] {
        let (m, e) = qp_parts(self.qp);
        let ls = &self.list.level_scale[m];
        std::array::from_fn(|k| Self::scale(e, levels[k], ls[k]))
    }

    /// Scaled coefficients of an AC block of an Intra_16x16 macroblock or of chroma:
    /// d00 = `dc`, the DC already scaled by [`Self::dequantize_luma_dc`] or
    /// [`Self::dequantize_chroma_dc`] (§8.5.12.1: "d00 = c00" for these blocks), the other
    /// positions as [`Self::dequantize`]. `levels[0]` is ignored.
    pub fn dequantize_ac(&self, levels: &[i32; 16], dc: i32) -> [i32; 16] {
        let (m, e) = qp_parts(self.qp);
        let ls = &self.list.level_scale[m];
        std::array::from_fn(|k| {
            if k == 0 {
                dc
            } else {
                Self::scale(e, levels[k], ls[k])
            }
        })
    }

    /// The Intra_16x16 luma DC values dcY (§8.5.10): the inverse Hadamard f of the 4x4 DC
    /// levels c (raster order after the inverse zig-zag scan), then
    /// qP ≥ 36: (f · LevelScale4x4(qP % 6, 0, 0)) << (qP / 6 − 6);
    /// qP < 36: (f · LevelScale4x4(qP % 6, 0, 0) + 2^(5 − qP / 6)) >> (6 − qP / 6).
    /// Element `4 * i + j` is d00 of the 4x4 block in row i, column j of the macroblock.
    pub fn dequantize_luma_dc(&self, levels: &[i32; 16]) -> [i32; 16] {
        let f = inverse_hadamard_4x4(levels);
        let (m, e) = qp_parts(self.qp);
        let ls = self.list.level_scale[m][0];
        f.map(|f| {
            if e >= 6 {
                (f * ls) << (e - 6)
            } else {
                (f * ls + (1 << (5 - e))) >> (6 - e)
            }
        })
    }

    /// The 4:2:0 chroma DC values dcC (§8.5.11): the inverse 2x2 Hadamard f of the DC
    /// levels c (chroma4x4BlkIdx order), then
    /// dcC = ((f · LevelScale4x4(qP % 6, 0, 0)) << (qP / 6)) >> 5 with qP = QP'c. Element
    /// `k` is d00 of chroma 4x4 block k.
    pub fn dequantize_chroma_dc(&self, levels: &[i32; 4]) -> [i32; 4] {
        let f = inverse_hadamard_2x2(levels);
        let (m, e) = qp_parts(self.qp);
        let ls = self.list.level_scale[m][0];
        f.map(|f| ((f * ls) << e) >> 5)
    }
}

impl Quant8<'_> {
    /// Scaled coefficients d of an 8x8 block of levels c (raster order) (§8.5.13.1):
    /// qP ≥ 36: (c · LevelScale8x8(qP % 6, i, j)) << (qP / 6 − 6);
    /// qP < 36: (c · LevelScale8x8(qP % 6, i, j) + 2^(5 − qP / 6)) >> (6 − qP / 6).
    pub fn dequantize(&self, levels: &[i32; 64]) -> [i32; 64] {
        let (m, e) = qp_parts(self.qp);
        let ls = &self.list.level_scale[m];
        std::array::from_fn(|k| {
            let v = levels[k] * ls[k];
            if e >= 6 {
                v << (e - 6)
            } else {
                (v + (1 << (5 - e))) >> (6 - e)
            }
        })
    }
}
