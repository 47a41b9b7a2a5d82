//! `macroblock_layer()` as data: what a coded (not skipped) macroblock sends, independent
//! of the entropy coder. Mode decision fills one per candidate; CAVLC ([`MbLayer::write_cavlc`])
//! or CABAC ([`super::cabac_writer`]) turns it into bits, so both coders see exactly the
//! same decisions and the candidates are costed in the coder's own bits.

use framepress_bitstream::BitWriter;

use super::SliceKind;
use super::inter::PartMode;
use super::residual::ChromaLevels;
use super::syntax::{
    BLK_TO_RASTER, NcContext, ac_totals, chroma_totals, luma_totals, write_cbp, write_chroma,
    write_luma_4x4_blocks, write_luma_16x16,
};
use crate::mb_info::MbInfo;

/// The lists a partition of a B macroblock predicts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredDir {
    /// List 0 only.
    L0,
    /// List 1 only.
    L1,
    /// Both lists, averaged.
    Bi,
}

impl PredDir {
    /// Whether the partition predicts from list `list`.
    pub fn uses(self, list: usize) -> bool {
        match self {
            PredDir::L0 => list == 0,
            PredDir::L1 => list == 1,
            PredDir::Bi => true,
        }
    }
}

/// mb_type (Table 7-14) of a B macroblock with partitioning `mode` (16x16, 16x8 or 8x16)
/// and partition directions `dirs`; `None` is B_Direct_16x16.
pub fn b_mb_type(mode: Option<PartMode>, dirs: [PredDir; 2]) -> u8 {
    use PredDir::{Bi, L0, L1};
    let Some(mode) = mode else {
        return 0;
    };
    if mode == PartMode::P16x16 {
        return 1 + dirs[0] as u8;
    }
    const PAIRS: [[PredDir; 2]; 9] = [
        [L0, L0],
        [L1, L1],
        [L0, L1],
        [L1, L0],
        [L0, Bi],
        [L1, Bi],
        [Bi, L0],
        [Bi, L1],
        [Bi, Bi],
    ];
    let k = PAIRS.iter().position(|p| *p == dirs).unwrap_or(0) as u8;
    4 + 2 * k + u8::from(mode == PartMode::P8x16)
}

/// How the macroblock is predicted, with the syntax that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerPred {
    /// I_NxN with 4x4 prediction: each block's `rem_intra4x4_pred_mode` (raster order),
    /// `None` where the mode equals the predicted one.
    I4x4 {
        /// Per raster block.
        rem: [Option<u8>; 16],
    },
    /// I_NxN with 8x8 prediction and transform (High profiles): each 8x8 block's
    /// `rem_intra8x8_pred_mode`, `None` where the mode equals the predicted one.
    I8x8 {
        /// Per 8x8 block.
        rem: [Option<u8>; 4],
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
    /// A B macroblock other than B_8x8: B_Direct_16x16 (`mode` `None`) or one or two
    /// partitions each predicted from list 0, list 1 or both.
    B {
        /// 16x16, 16x8 or 8x16; `None` for B_Direct_16x16.
        mode: Option<PartMode>,
        /// Direction per partition (the second unused for 16x16).
        dirs: [PredDir; 2],
        /// `refs[list][partition]`.
        refs: [[u8; 2]; 2],
        /// num_ref_idx_active of each list (ref_idx is sent when it is above 1).
        ref_count: [u32; 2],
        /// `mvds[list][partition]`.
        mvds: [[[i32; 2]; 2]; 2],
    },
}

impl LayerPred {
    /// Whether this is inter prediction (P or B).
    pub fn is_inter(&self) -> bool {
        matches!(self, LayerPred::Inter { .. } | LayerPred::B { .. })
    }
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
    /// elements 1..=15. With the 8x8 transform, each 8x8 block's 64 levels (8x8 scan order)
    /// interleaved over its four 4x4 blocks as CAVLC codes them (§7.3.5.3.2): 4x4 block k
    /// of the 8x8 block (decoding order) holds levels k, k + 4, k + 8, …
    pub luma: [[i32; 16]; 16],
    /// The PPS's transform_8x8_mode_flag (whether transform_size_8x8_flag can be sent).
    pub transform_8x8_mode: bool,
    /// transform_size_8x8_flag (false whenever the macroblock does not send it).
    pub transform_8x8: bool,
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
            transform_8x8_mode: false,
            transform_8x8: false,
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

    /// Sets the PPS's transform_8x8_mode_flag and the macroblock's transform choice
    /// (`transform_8x8`: `luma` holds interleaved 8x8 levels; true for Intra_8x8). An inter
    /// macroblock without luma levels sends no transform_size_8x8_flag, which is then 0.
    pub fn with_transform(mut self, mode: bool, transform_8x8: bool) -> MbLayer {
        debug_assert!(mode || !transform_8x8);
        self.transform_8x8_mode = mode;
        // I_NxN always sends the flag; an inter macroblock only with luma levels.
        self.transform_8x8 = transform_8x8 && (self.is_intra() || self.cbp_luma() != 0);
        self
    }

    /// Whether transform_size_8x8_flag follows coded_block_pattern: inter macroblocks
    /// (all of framepress's partitions are 8x8 or larger, and direct_8x8_inference_flag
    /// is 1) with luma levels, when the PPS allows the 8x8 transform.
    pub fn sends_transform_flag_after_cbp(&self) -> bool {
        self.transform_8x8_mode && self.pred.is_inter() && self.cbp_luma() != 0
    }

    /// The 64 levels (8x8 scan order) of 8x8 block `b8` of an 8x8-transform macroblock.
    pub fn levels_8x8(&self, b8: usize) -> [i32; 64] {
        let mut out = [0i32; 64];
        for k in 0..4 {
            let piece = &self.luma[BLK_TO_RASTER[4 * b8 + k]];
            for (i, &l) in piece.iter().enumerate() {
                out[4 * i + k] = l;
            }
        }
        out
    }

    /// [`Self::totals`] with the luma TotalCoeffs as neighbours' contexts read them:
    /// CAVLC's nC the interleaved counts as coded; CABAC's coded_block_flag sees an 8x8
    /// block's four 4x4 blocks as the 8x8 block (§9.3.3.1.1.9), all coded when it is.
    pub fn context_totals(&self, cabac: bool) -> ([u8; 16], [u8; 8]) {
        let (mut totals, chroma) = self.totals();
        if self.transform_8x8 && cabac {
            for q in 0..4 {
                let blocks = super::syntax::blocks_of_8x8(q);
                let sum: u8 = blocks.iter().map(|&b| totals[b]).sum();
                for b in blocks {
                    totals[b] = sum;
                }
            }
        }
        (totals, chroma)
    }

    /// Whether this is an Intra_16x16 macroblock.
    pub fn is_i16x16(&self) -> bool {
        matches!(self.pred, LayerPred::I16x16 { .. })
    }

    /// Whether the macroblock is intra.
    pub fn is_intra(&self) -> bool {
        !self.pred.is_inter()
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
        info.transform_8x8 = self.transform_8x8;
        info.i16x16 = self.is_i16x16();
        info.chroma_mode = if self.is_intra() { self.chroma_mode } else { 0 };
        info.cbf_dc = u8::from(self.luma_dc.iter().any(|&l| l != 0))
            | u8::from(self.cbp_chroma() != 0 && self.cb.has_dc()) << 1
            | u8::from(self.cbp_chroma() != 0 && self.cr.has_dc()) << 2;
        info.abs_mvd = [[0; 2]; 16];
        info.abs_mvd_l1 = [[0; 2]; 16];
        let fill = |store: &mut [[u8; 2]; 16], mode: PartMode, mvds: &[[i32; 2]]| {
            for (&(px, py, pw, ph, _), mvd) in mode.partitions().iter().zip(mvds) {
                let abs = mvd.map(|c| c.unsigned_abs().min(255) as u8);
                for y in py..py + ph {
                    for x in px..px + pw {
                        store[(y * 4 + x) as usize] = abs;
                    }
                }
            }
        };
        match &self.pred {
            LayerPred::Inter { mode, mvds, .. } => fill(&mut info.abs_mvd, *mode, mvds),
            LayerPred::B {
                mode: Some(mode),
                mvds,
                ..
            } => {
                // Partitions not using a list have mvd 0 there, as the decoder assumes.
                fill(&mut info.abs_mvd, *mode, &mvds[0]);
                fill(&mut info.abs_mvd_l1, *mode, &mvds[1]);
            }
            _ => {}
        }
    }

    /// Writes the macroblock with CAVLC (after any mb_skip_run, which the slice writes).
    pub fn write_cavlc(&self, w: &mut BitWriter, nc: &NcContext<'_>, kind: SliceKind) {
        let intra_offset = match kind {
            SliceKind::I => 0,
            SliceKind::P => 5,
            SliceKind::B => 23,
        };
        let (totals, ctotals) = self.totals();
        match &self.pred {
            LayerPred::I4x4 { rem } => {
                w.write_ue(intra_offset); // mb_type I_NxN
                if self.transform_8x8_mode {
                    w.write_flag(false); // transform_size_8x8_flag: Intra_4x4
                }
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
            LayerPred::I8x8 { rem } => {
                w.write_ue(intra_offset); // mb_type I_NxN
                w.write_flag(true); // transform_size_8x8_flag: Intra_8x8
                for r in rem {
                    match r {
                        None => w.write_flag(true),
                        Some(r) => {
                            w.write_flag(false);
                            w.write_bits(u32::from(*r), 3);
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
            LayerPred::B {
                mode,
                dirs,
                refs,
                ref_count,
                mvds,
            } => {
                w.write_ue(u32::from(b_mb_type(*mode, *dirs)));
                let parts = mode.map_or(0, |m| m.partitions().len());
                // mb_pred(): ref_idx_l0 of each partition, ref_idx_l1, mvd_l0, mvd_l1.
                for list in 0..2 {
                    if ref_count[list] > 1 {
                        for p in 0..parts {
                            if dirs[p].uses(list) {
                                w.write_te(u32::from(refs[list][p]), ref_count[list] - 1);
                            }
                        }
                    }
                }
                for (list, list_mvds) in mvds.iter().enumerate() {
                    for (dir, mvd) in dirs.iter().zip(list_mvds).take(parts) {
                        if dir.uses(list) {
                            w.write_se(mvd[0]);
                            w.write_se(mvd[1]);
                        }
                    }
                }
            }
        }
        write_cbp(
            w,
            self.cbp,
            matches!(self.pred, LayerPred::I4x4 { .. } | LayerPred::I8x8 { .. }),
        );
        if self.sends_transform_flag_after_cbp() {
            w.write_flag(self.transform_8x8);
        }
        if self.cbp > 0 {
            w.write_se(self.qp_delta);
            write_luma_4x4_blocks(w, nc, &self.luma, self.cbp_luma(), &totals);
            write_chroma(w, nc, &self.cb, &self.cr, self.cbp_chroma(), &ctotals);
        }
    }
}
