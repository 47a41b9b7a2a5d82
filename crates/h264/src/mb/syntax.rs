//! CAVLC pieces of `macroblock_layer()` (§7.3.5): coded_block_pattern and residual blocks
//! with their nC, and the per-block totals both entropy coders derive from the levels.

use framepress_bitstream::BitWriter;

use super::residual::{ChromaLevels, count_nonzero};
use super::{MbAvailability, PictureState};
use crate::cavlc::{cbp_to_code_inter, cbp_to_code_intra4x4, predict_nc, write_residual_block};

/// Raster index (4·row + column) of the 4x4 luma block with luma4x4BlkIdx `blk` (§6.4.3).
pub const BLK_TO_RASTER: [usize; 16] = [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15];

/// The raster 4x4 blocks of 8x8 block `b8` (raster, = decoding order), in raster order.
pub fn blocks_of_8x8(b8: usize) -> [usize; 4] {
    [0, 1, 4, 5].map(|b| b + (b8 % 2) * 2 + (b8 / 2) * 8)
}

/// Neighbouring-block data a residual needs.
pub struct NcContext<'a> {
    /// Picture state (previous macroblocks).
    pub state: &'a PictureState,
    /// Current macroblock address.
    pub addr: usize,
    /// Neighbour availability.
    pub avail: MbAvailability,
}

impl NcContext<'_> {
    /// nC of luma block `b` (raster) given the current macroblock's totals so far.
    pub fn luma_nc(&self, cur: &[u8; 16], b: usize) -> i32 {
        let w = self.state.mb_width;
        let a = if !b.is_multiple_of(4) {
            Some(cur[b - 1])
        } else if self.avail.left {
            Some(self.state.mbs[self.addr - 1].total_coeff_luma[b + 3])
        } else {
            None
        };
        let t = if b / 4 > 0 {
            Some(cur[b - 4])
        } else if self.avail.top {
            Some(self.state.mbs[self.addr - w].total_coeff_luma[b + 12])
        } else {
            None
        };
        predict_nc(a, t)
    }

    /// nC of chroma AC block `b` (raster 2x2) of component `c` (0 Cb, 1 Cr).
    pub fn chroma_nc(&self, cur: &[u8; 8], c: usize, b: usize) -> i32 {
        let w = self.state.mb_width;
        let a = if !b.is_multiple_of(2) {
            Some(cur[c * 4 + b - 1])
        } else if self.avail.left {
            Some(self.state.mbs[self.addr - 1].total_coeff_chroma[c * 4 + b + 1])
        } else {
            None
        };
        let t = if b / 2 > 0 {
            Some(cur[c * 4 + b - 2])
        } else if self.avail.top {
            Some(self.state.mbs[self.addr - w].total_coeff_chroma[c * 4 + b + 2])
        } else {
            None
        };
        predict_nc(a, t)
    }
}

/// TotalCoeff of each luma block (raster) of 16-coefficient blocks.
pub fn luma_totals(blocks: &[[i32; 16]; 16]) -> [u8; 16] {
    std::array::from_fn(|b| count_nonzero(&blocks[b]))
}

/// TotalCoeff of each AC block (raster) of Intra16x16 or chroma AC blocks (positions 1..=15).
pub fn ac_totals<const N: usize>(blocks: &[[i32; 16]; N]) -> [u8; N] {
    std::array::from_fn(|b| count_nonzero(&blocks[b][1..]))
}

/// Chroma AC totals of both components, [Cb 0..4, Cr 0..4].
pub fn chroma_totals(cb: &ChromaLevels, cr: &ChromaLevels, cbp_chroma: u8) -> [u8; 8] {
    if cbp_chroma < 2 {
        return [0; 8];
    }
    let a = ac_totals(&cb.ac);
    let b = ac_totals(&cr.ac);
    [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]]
}

/// coded_block_pattern chroma part: 0 none, 1 DC only, 2 DC and AC.
pub fn cbp_chroma(cb: &ChromaLevels, cr: &ChromaLevels) -> u8 {
    if cb.has_ac() || cr.has_ac() {
        2
    } else if cb.has_dc() || cr.has_dc() {
        1
    } else {
        0
    }
}

/// Writes the luma residual of 16-coefficient blocks for the 8x8 quadrants set in `cbp_luma`.
pub fn write_luma_4x4_blocks(
    w: &mut BitWriter,
    nc: &NcContext<'_>,
    blocks: &[[i32; 16]; 16],
    cbp_luma: u8,
    totals: &[u8; 16],
) {
    for (blk, &b) in BLK_TO_RASTER.iter().enumerate() {
        if cbp_luma & (1 << (blk / 4)) == 0 {
            continue;
        }
        write_residual_block(w, &blocks[b], nc.luma_nc(totals, b), 16);
    }
}

/// Writes the Intra16x16 DC block and, when `cbp_luma` is 15, the AC blocks.
pub fn write_luma_16x16(
    w: &mut BitWriter,
    nc: &NcContext<'_>,
    dc: &[i32; 16],
    ac: &[[i32; 16]; 16],
    cbp_luma: u8,
    totals: &[u8; 16],
) {
    write_residual_block(w, dc, nc.luma_nc(totals, 0), 16);
    if cbp_luma == 15 {
        for &b in &BLK_TO_RASTER {
            write_residual_block(w, &ac[b][1..], nc.luma_nc(totals, b), 15);
        }
    }
}

/// Writes the chroma residual for `cbp_chroma`.
pub fn write_chroma(
    w: &mut BitWriter,
    nc: &NcContext<'_>,
    cb: &ChromaLevels,
    cr: &ChromaLevels,
    cbp_chroma: u8,
    totals: &[u8; 8],
) {
    if cbp_chroma == 0 {
        return;
    }
    write_residual_block(w, &cb.dc, -1, 4);
    write_residual_block(w, &cr.dc, -1, 4);
    if cbp_chroma == 2 {
        for (c, levels) in [cb, cr].into_iter().enumerate() {
            for b in 0..4 {
                write_residual_block(w, &levels.ac[b][1..], nc.chroma_nc(totals, c, b), 15);
            }
        }
    }
}

/// Writes coded_block_pattern (me(v), Table 9-4).
pub fn write_cbp(w: &mut BitWriter, cbp: u8, intra4x4: bool) {
    let code = if intra4x4 {
        cbp_to_code_intra4x4(cbp)
    } else {
        cbp_to_code_inter(cbp)
    };
    w.write_ue(code);
}

/// The luma part of coded_block_pattern: bit i set when 8x8 block i (luma8x8BlkIdx) has
/// coefficients.
pub fn cbp_luma(totals: &[u8; 16]) -> u8 {
    BLK_TO_RASTER
        .iter()
        .enumerate()
        .fold(0u8, |cbp, (blk, &b)| {
            if totals[b] > 0 {
                cbp | 1 << (blk / 4)
            } else {
                cbp
            }
        })
}
