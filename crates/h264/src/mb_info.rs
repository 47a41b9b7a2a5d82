//! What the deblocking filter and neighbouring macroblocks need to know about a coded
//! macroblock (H.264 §8.7.2.1 boundary strength inputs, §9.2.1 nC neighbours,
//! §9.3.3.1.1 CABAC context neighbours).

/// How a macroblock was predicted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MbKind {
    /// Intra (I_NxN or I_16x16).
    #[default]
    Intra,
    /// Inter with residual or partitions (P_L0_*, B_*, B_Direct_16x16).
    Inter,
    /// P_Skip or B_Skip.
    Skip,
}

/// Per-macroblock coding results, in raster order over the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MbInfo {
    /// Prediction kind.
    pub kind: MbKind,
    /// QP_Y used for this macroblock (for P_Skip and MBs without residual: the running QP).
    pub qp: u8,
    /// Bit i set when 4x4 luma block i (raster order within the MB: i = 4·row + col) has
    /// non-zero transform coefficients (for Intra16x16: DC or AC of that block).
    pub nonzero_luma: u16,
    /// total_coeff of each 4x4 luma block (raster order), for CAVLC nC prediction.
    pub total_coeff_luma: [u8; 16],
    /// total_coeff of each 4x4 chroma AC block: [Cb 0..4, Cr 0..4] in raster order.
    pub total_coeff_chroma: [u8; 8],
    /// List 0 motion vector of each 4x4 luma block (raster order), quarter-pel (x, y).
    pub mv: [[i16; 2]; 16],
    /// refIdxL0 per 8x8 partition (raster order); −1 for intra and for partitions of B
    /// macroblocks that do not predict from list 0.
    pub ref_idx: [i8; 4],
    /// List 1 motion vector of each 4x4 luma block (B slices).
    pub mv_l1: [[i16; 2]; 16],
    /// refIdxL1 per 8x8 partition; −1 where list 1 is not used (always in P slices).
    pub ref_idx_l1: [i8; 4],
    /// Bit q set when 8x8 quadrant q (raster) is direct-predicted (B_Skip, B_Direct_16x16,
    /// B_Direct_8x8): CABAC's mb_type and ref_idx contexts treat those as "no syntax".
    pub direct: u8,
    /// transform_size_8x8_flag: the luma residual is coded as four 8x8 blocks (inferred 0
    /// where the macroblock sends no flag).
    pub transform_8x8: bool,
    /// The slice this macroblock belongs to.
    pub slice: u16,
    /// coded_block_pattern (luma bits 0..=3, chroma << 4), for CABAC contexts.
    pub cbp: u8,
    /// An Intra_16x16 macroblock.
    pub i16x16: bool,
    /// intra_chroma_pred_mode (0 for inter macroblocks).
    pub chroma_mode: u8,
    /// coded_block_flag of the DC blocks: bit 0 Intra16x16 luma DC, 1 Cb DC, 2 Cr DC.
    pub cbf_dc: u8,
    /// |mvd_l0| per 4x4 block (raster), each component saturated at 255; zero for skipped
    /// and intra macroblocks (the CABAC contexts of mvd read them).
    pub abs_mvd: [[u8; 2]; 16],
    /// |mvd_l1| per 4x4 block, as `abs_mvd`.
    pub abs_mvd_l1: [[u8; 2]; 16],
}

impl Default for MbInfo {
    fn default() -> MbInfo {
        MbInfo {
            kind: MbKind::Intra,
            qp: 0,
            nonzero_luma: 0,
            total_coeff_luma: [0; 16],
            total_coeff_chroma: [0; 8],
            mv: [[0; 2]; 16],
            ref_idx: [0; 4],
            mv_l1: [[0; 2]; 16],
            ref_idx_l1: [-1; 4],
            direct: 0,
            transform_8x8: false,
            slice: 0,
            cbp: 0,
            i16x16: false,
            chroma_mode: 0,
            cbf_dc: 0,
            abs_mvd: [[0; 2]; 16],
            abs_mvd_l1: [[0; 2]; 16],
        }
    }
}

impl MbInfo {
    /// The motion vectors of list `list` (0 or 1).
    pub fn mvs(&self, list: usize) -> &[[i16; 2]; 16] {
        if list == 0 { &self.mv } else { &self.mv_l1 }
    }

    /// The reference indices of list `list` (0 or 1).
    pub fn refs(&self, list: usize) -> &[i8; 4] {
        if list == 0 {
            &self.ref_idx
        } else {
            &self.ref_idx_l1
        }
    }

    /// The absolute mvds of list `list` (0 or 1).
    pub fn abs_mvds(&self, list: usize) -> &[[u8; 2]; 16] {
        if list == 0 {
            &self.abs_mvd
        } else {
            &self.abs_mvd_l1
        }
    }
}
