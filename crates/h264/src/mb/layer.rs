//! `macroblock_layer()` as data: what a coded (not skipped) macroblock sends, independent
//! of the entropy coder. Mode decision fills one per candidate; CAVLC ([`MbLayer::write_cavlc`])
//! or CABAC ([`super::cabac_writer`]) turns it into bits, so both coders see exactly the
//! same decisions and the candidates are costed in the coder's own bits.

use framepress_bitstream::BitWriter;

use super::inter::PartMode;
use super::residual::ChromaLevels;
use super::syntax::{
    BLK_TO_RASTER, NcContext, ac_totals, chroma_totals, luma_totals, write_cbp, write_chroma,
    write_luma_4x4_blocks, write_luma_16x16,
};
use crate::mb_info::MbInfo;

/// How the macroblock is predicted, with the syntax that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerPred {
    /// I_NxN with 4x4 prediction: each block's `rem_intra4x4_pred_mode` (raster order),
    /// `None` where the mode equals the predicted one.
    I4x4 {
        /// Per raster block.
        rem: [Option<u8>; 16],
    },
    /// I_16x16 with Intra16x16PredMode `mode`.
    I16x16 {
        /// Intra16x16PredMode.
        mode: u8,
    },
    /// P_L0 partitions.
    Inter {
        /// Partitioning.
        mode: PartMode,
        /// ref_idx_l0 per partition (decoding order).
        refs: [u8; 4],
        /// num_ref_idx_l0_active (ref_idx is sent when it is above 1).
        ref_count: u32,
        /// mvd_l0 per partition (decoding order).
        mvds: [[i32; 2]; 4],
    },
}

/// A coded macroblock's syntax.
#[derive(Clone, Debug)]
pub struct MbLayer {
    /// Prediction.
    pub pred: LayerPred,
    /// intra_chroma_pred_mode (intra only).
    pub chroma_mode: u8,
    /// coded_block_pattern (luma bits 0..=3, chroma << 4); for Intra_16x16 the value its
    /// mb_type carries.
    pub cbp: u8,
    /// mb_qp_delta.
    pub qp_delta: i32,
    /// Luma levels per 4x4 block (raster), scan order; for Intra_16x16 the AC levels in
    /// elements 1..=15.
    pub luma: [[i32; 16]; 16],
    /// Intra16x16DCLevel (scan order).
    pub luma_dc: [i32; 16],
    /// Cb levels.
    pub cb: ChromaLevels,
    /// Cr levels.
    pub cr: ChromaLevels,
}

impl MbLayer {
    /// A macroblock with the given prediction and residual; coded_block_pattern follows
    /// from the levels.
    pub fn new(
        pred: LayerPred,
        chroma_mode: u8,
        luma: [[i32; 16]; 16],
        luma_dc: [i32; 16],
        cb: ChromaLevels,
        cr: ChromaLevels,
    ) -> MbLayer {
        let mut layer = MbLayer {
            pred,
            chroma_mode,
            cbp: 0,
            qp_delta: 0,
            luma,
            luma_dc,
            cb,
            cr,
        };
        let cbp_c = super::syntax::cbp_chroma(&layer.cb, &layer.cr);
        let cbp_l = if layer.is_i16x16() {
            if ac_totals(&layer.luma).iter().any(|&t| t > 0) {
                15
            } else {
                0
            }
        } else {
            super::syntax::cbp_luma(&luma_totals(&layer.luma))
        };
        layer.cbp = cbp_l | (cbp_c << 4);
        layer
    }

    /// Whether this is an Intra_16x16 macroblock.
    pub fn is_i16x16(&self) -> bool {
        matches!(self.pred, LayerPred::I16x16 { .. })
    }

    /// Whether the macroblock is intra.
    pub fn is_intra(&self) -> bool {
        !matches!(self.pred, LayerPred::Inter { .. })
    }

    /// CodedBlockPatternLuma.
    pub fn cbp_luma(&self) -> u8 {
        self.cbp & 15
    }

    /// CodedBlockPatternChroma.
    pub fn cbp_chroma(&self) -> u8 {
        self.cbp >> 4
    }

    /// TotalCoeff of the luma blocks (raster) and chroma AC blocks as coded (zero where
    /// coded_block_pattern leaves a block out).
    pub fn totals(&self) -> ([u8; 16], [u8; 8]) {
        let luma = if self.is_i16x16() {
            if self.cbp_luma() == 15 {
                ac_totals(&self.luma)
            } else {
                [0; 16]
            }
        } else {
            luma_totals(&self.luma)
        };
        (luma, chroma_totals(&self.cb, &self.cr, self.cbp_chroma()))
    }

    /// Records what later macroblocks' CABAC contexts read of this one.
    pub fn annotate(&self, info: &mut MbInfo) {
        info.cbp = self.cbp;
        info.i16x16 = self.is_i16x16();
        info.chroma_mode = if self.is_intra() { self.chroma_mode } else { 0 };
        info.cbf_dc = u8::from(self.luma_dc.iter().any(|&l| l != 0))
            | u8::from(self.cbp_chroma() != 0 && self.cb.has_dc()) << 1
            | u8::from(self.cbp_chroma() != 0 && self.cr.has_dc()) << 2;
        info.abs_mvd = [[0; 2]; 16];
        if let LayerPred::Inter { mode, mvds, .. } = &self.pred {
            for (&(px, py, pw, ph, _), mvd) in mode.partitions().iter().zip(mvds) {
                let abs = mvd.map(|c| c.unsigned_abs().min(255) as u8);
                for y in py..py + ph {
                    for x in px..px + pw {
                        info.abs_mvd[(y * 4 + x) as usize] = abs;
                    }
                }
            }
        }
    }

    /// Writes the macroblock with CAVLC (after any mb_skip_run, which the slice writes).
    pub fn write_cavlc(&self, w: &mut BitWriter, nc: &NcContext<'_>, p_slice: bool) {
        let intra_offset = if p_slice { 5 } else { 0 };
        let (totals, ctotals) = self.totals();
        match &self.pred {
            LayerPred::I4x4 { rem } => {
                w.write_ue(intra_offset); // mb_type I_NxN
                for &b in &BLK_TO_RASTER {
                    match rem[b] {
                        None => w.write_flag(true),
                        Some(r) => {
                            w.write_flag(false);
                            w.write_bits(u32::from(r), 3);
                        }
                    }
                }
                w.write_ue(u32::from(self.chroma_mode));
            }
            LayerPred::I16x16 { mode } => {
                let mb_type = 1
                    + u32::from(*mode)
                    + 4 * u32::from(self.cbp_chroma())
                    + if self.cbp_luma() == 15 { 12 } else { 0 };
                w.write_ue(mb_type + intra_offset);
                w.write_ue(u32::from(self.chroma_mode));
                w.write_se(self.qp_delta);
                write_luma_16x16(w, nc, &self.luma_dc, &self.luma, self.cbp_luma(), &totals);
                write_chroma(w, nc, &self.cb, &self.cr, self.cbp_chroma(), &ctotals);
                return;
            }
            LayerPred::Inter {
                mode,
                refs,
                ref_count,
                mvds,
            } => {
                let parts = mode.partitions().len();
                w.write_ue(mode.mb_type());
                if *mode == PartMode::P8x8 {
                    for _ in 0..4 {
                        w.write_ue(0); // sub_mb_type P_L0_8x8
                    }
                }
                // ref_idx_l0 per partition, te(v), present only with more than one reference.
                if *ref_count > 1 {
                    for &r in &refs[..parts] {
                        w.write_te(u32::from(r), ref_count - 1);
                    }
                }
                for mvd in &mvds[..parts] {
                    w.write_se(mvd[0]);
                    w.write_se(mvd[1]);
                }
            }
        }
        write_cbp(w, self.cbp, matches!(self.pred, LayerPred::I4x4 { .. }));
        if self.cbp > 0 {
            w.write_se(self.qp_delta);
            write_luma_4x4_blocks(w, nc, &self.luma, self.cbp_luma(), &totals);
            write_chroma(w, nc, &self.cb, &self.cr, self.cbp_chroma(), &ctotals);
        }
    }
}
