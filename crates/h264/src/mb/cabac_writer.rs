//! Writing a macroblock with CABAC: the syntax of [`MbLayer`] in the order of
//! `macroblock_layer()` (§7.3.5), with each element's ctxIdxInc derived from the
//! neighbouring macroblocks A (left) and B (above) as §9.3.3.1.1 specifies.

use super::inter::PartMode;
use super::layer::{LayerPred, MbLayer, b_mb_type};
use super::syntax::BLK_TO_RASTER;
use super::{MbAvailability, PictureState, SliceKind};
use crate::cabac::{
    BinEncoder, BlockCat, I16x16Type, coded_block_pattern, intra_chroma_pred_mode,
    intra4x4_pred_mode, mb_qp_delta, mb_skip_flag_b, mb_skip_flag_p, mb_type_b_inter,
    mb_type_b_intra, mb_type_i, mb_type_p_inter, mb_type_p_intra, mvd, mvd_inc, ref_idx,
    residual_block, sub_mb_type_p, transform_size_8x8_flag,
};
use crate::mb_info::{MbInfo, MbKind};

/// The neighbourhood of the macroblock being written.
pub struct CabacNeighbours<'a> {
    /// A (left), when available.
    pub left: Option<&'a MbInfo>,
    /// B (above), when available.
    pub top: Option<&'a MbInfo>,
    /// The slice type.
    pub kind: SliceKind,
    /// The previous macroblock of the slice in decoding order sent a non-zero
    /// mb_qp_delta (§9.3.3.1.1.5); set by the caller ([`Self::of`] assumes not).
    pub prev_qp_delta_nonzero: bool,
}

impl<'a> CabacNeighbours<'a> {
    /// The neighbours of `addr` in `state`.
    pub fn of(
        state: &'a PictureState,
        addr: usize,
        avail: MbAvailability,
        kind: SliceKind,
    ) -> CabacNeighbours<'a> {
        CabacNeighbours {
            left: avail.left.then(|| &state.mbs[addr - 1]),
            top: avail.top.then(|| &state.mbs[addr - state.mb_width]),
            kind,
            prev_qp_delta_nonzero: false,
        }
    }

    fn skip_inc(&self) -> usize {
        let cond = |n: Option<&MbInfo>| usize::from(n.is_some_and(|m| m.kind != MbKind::Skip));
        cond(self.left) + cond(self.top)
    }

    /// ctxIdxInc of a B-slice mb_type: the available neighbours that are neither B_Skip
    /// nor B_Direct_16x16.
    fn b_type_inc(&self) -> usize {
        let cond =
            |n: Option<&MbInfo>| usize::from(n.is_some_and(|m| m.direct & DIRECT_16X16 == 0));
        cond(self.left) + cond(self.top)
    }

    /// ctxIdxInc of transform_size_8x8_flag: the available neighbours that use the 8x8
    /// transform.
    fn transform_inc(&self) -> usize {
        let cond = |n: Option<&MbInfo>| usize::from(n.is_some_and(|m| m.transform_8x8));
        cond(self.left) + cond(self.top)
    }

    fn skip_flag<E: BinEncoder>(&self, e: &mut E, skip: bool) {
        match self.kind {
            SliceKind::P => mb_skip_flag_p(e, self.skip_inc(), skip),
            SliceKind::B => mb_skip_flag_b(e, self.skip_inc(), skip),
            SliceKind::I => {}
        }
    }
}

/// Per list and partition: the reference index and mvd of partitions predicting from the
/// list.
type PartitionMotion = [[Option<(u8, [i32; 2])>; 4]; 2];

/// [`MbInfo::direct`] bit of B_Skip and B_Direct_16x16 macroblocks (bits 0..=3 mark the
/// direct quadrants).
pub const DIRECT_16X16: u8 = 0x10;

/// Writes `mb_skip_flag` = 1 (P and B slices).
pub fn write_skip<E: BinEncoder>(e: &mut E, nb: &CabacNeighbours<'_>) {
    nb.skip_flag(e, true);
}

/// ctxIdxInc of coded_block_flag of luma block `b` (raster) when the current macroblock's
/// blocks before it have the TotalCoeffs `cur` (an estimate for decisions made before the
/// coded_block_pattern is known: blocks of uncoded quadrants count by their levels).
pub fn luma_cbf_inc(nb: &CabacNeighbours<'_>, cur: &[u8; 16], b: usize, intra: bool) -> usize {
    let a = if !b.is_multiple_of(4) {
        cur[b - 1] > 0
    } else {
        cbf_cond(nb.left, intra, |m| m.total_coeff_luma[b + 3] > 0)
    };
    let t = if b / 4 > 0 {
        cur[b - 4] > 0
    } else {
        cbf_cond(nb.top, intra, |m| m.total_coeff_luma[b + 12] > 0)
    };
    usize::from(a) + 2 * usize::from(t)
}

/// ctxIdxInc of coded_block_flag of chroma AC blocks, estimated from the neighbouring
/// macroblocks' first blocks (before any of the current macroblock's are known).
pub fn chroma_ac_cbf_inc(nb: &CabacNeighbours<'_>, intra: bool) -> usize {
    let a = cbf_cond(nb.left, intra, |m| m.total_coeff_chroma[1] > 0);
    let t = cbf_cond(nb.top, intra, |m| m.total_coeff_chroma[2] > 0);
    usize::from(a) + 2 * usize::from(t)
}

/// condTermFlagN of coded_block_flag for a neighbouring block in another macroblock:
/// `flag(n)` reads the block's flag when the macroblock is available.
fn cbf_cond(n: Option<&MbInfo>, intra: bool, flag: impl Fn(&MbInfo) -> bool) -> bool {
    match n {
        // Not available: 1 for intra macroblocks, 0 for inter ones.
        None => intra,
        Some(m) => m.kind != MbKind::Skip && flag(m),
    }
}

/// Writes a coded macroblock: `mb_skip_flag` = 0 in P slices, then `macroblock_layer()`.
pub fn write_layer<E: BinEncoder>(e: &mut E, nb: &CabacNeighbours<'_>, layer: &MbLayer) {
    nb.skip_flag(e, false);
    let i16 = match layer.pred {
        LayerPred::I16x16 { mode } => Some(I16x16Type {
            pred_mode: mode,
            cbp_chroma: layer.cbp_chroma(),
            cbp_luma: layer.cbp_luma() == 15,
        }),
        _ => None,
    };
    match &layer.pred {
        LayerPred::Inter { mode, .. } => mb_type_p_inter(e, mode.mb_type() as u8),
        LayerPred::B { mode, dirs, .. } => {
            mb_type_b_inter(e, nb.b_type_inc(), b_mb_type(*mode, *dirs))
        }
        _ if nb.kind == SliceKind::P => mb_type_p_intra(e, i16),
        _ if nb.kind == SliceKind::B => mb_type_b_intra(e, nb.b_type_inc(), i16),
        _ => {
            // condTermFlagN: N available and not I_NxN.
            let cond = |n: Option<&MbInfo>| {
                usize::from(n.is_some_and(|m| m.kind != MbKind::Intra || m.i16x16))
            };
            mb_type_i(e, cond(nb.left) + cond(nb.top), i16);
        }
    }
    match &layer.pred {
        LayerPred::I4x4 { rem } => {
            if layer.transform_8x8_mode {
                transform_size_8x8_flag(e, nb.transform_inc(), false);
            }
            for &b in &BLK_TO_RASTER {
                intra4x4_pred_mode(e, rem[b]);
            }
            write_chroma_mode(e, nb, layer.chroma_mode);
        }
        LayerPred::I8x8 { rem } => {
            transform_size_8x8_flag(e, nb.transform_inc(), true);
            // prev_intra8x8_pred_mode_flag and rem_intra8x8_pred_mode share the 4x4
            // elements' contexts (Table 9-34).
            for r in rem {
                intra4x4_pred_mode(e, *r);
            }
            write_chroma_mode(e, nb, layer.chroma_mode);
        }
        LayerPred::I16x16 { .. } => write_chroma_mode(e, nb, layer.chroma_mode),
        LayerPred::Inter {
            mode,
            refs,
            ref_count,
            mvds,
        } => {
            if *mode == PartMode::P8x8 {
                for _ in 0..4 {
                    sub_mb_type_p(e, 0);
                }
            }
            let parts = mode.partitions();
            let refs = std::array::from_fn(|p| Some((refs[p], mvds[p])));
            write_motion(e, nb, parts, [refs, [None; 4]], [*ref_count, 0]);
        }
        LayerPred::B {
            mode: Some(mode),
            dirs,
            refs,
            ref_count,
            mvds,
        } => {
            let motion: PartitionMotion = std::array::from_fn(|list| {
                std::array::from_fn(|p| {
                    (p < 2 && dirs[p].uses(list)).then(|| (refs[list][p], mvds[list][p]))
                })
            });
            write_motion(e, nb, mode.partitions(), motion, *ref_count);
        }
        LayerPred::B { mode: None, .. } => {}
    }
    if !layer.is_i16x16() {
        let cbp_of = |n: Option<&MbInfo>| n.map(|m| if m.kind == MbKind::Skip { 0 } else { m.cbp });
        coded_block_pattern(e, layer.cbp, cbp_of(nb.left), cbp_of(nb.top));
    }
    if layer.sends_transform_flag_after_cbp() {
        transform_size_8x8_flag(e, nb.transform_inc(), layer.transform_8x8);
    }
    if layer.cbp == 0 && !layer.is_i16x16() {
        return;
    }
    mb_qp_delta(e, nb.prev_qp_delta_nonzero, layer.qp_delta);
    write_residual(e, nb, layer);
}

fn write_chroma_mode<E: BinEncoder>(e: &mut E, nb: &CabacNeighbours<'_>, mode: u8) {
    let cond = |n: Option<&MbInfo>| {
        usize::from(n.is_some_and(|m| m.kind == MbKind::Intra && m.chroma_mode != 0))
    };
    intra_chroma_pred_mode(e, cond(nb.left) + cond(nb.top), mode);
}

/// `ref_idx_l0`, `ref_idx_l1`, `mvd_l0`, `mvd_l1` of each partition (§7.3.5.1, and
/// §7.3.5.2 for P_8x8 with P_L0_8x8 sub-macroblocks only): `motion[list][partition]` holds
/// the reference index and mvd of each partition predicting from the list.
fn write_motion<E: BinEncoder>(
    e: &mut E,
    nb: &CabacNeighbours<'_>,
    parts: &[(isize, isize, isize, isize, crate::mvpred::PartShape)],
    motion: PartitionMotion,
    ref_count: [u32; 2],
) {
    for list in 0..2 {
        if ref_count[list] <= 1 {
            continue;
        }
        // The current macroblock's ref_idx > 0 per 8x8, filled as partitions are written.
        let mut cur_ref = [false; 4];
        for (&(px, py, pw, ph, _), m) in parts.iter().zip(&motion[list]) {
            let Some((r, _)) = *m else {
                continue;
            };
            let (px, py) = (px as usize, py as usize);
            // A neighbour's condTermFlag: an inter, not direct, partition with ref_idx > 0
            // in this list.
            let ext = |m: Option<&MbInfo>, b8: usize| {
                m.is_some_and(|m| {
                    m.kind == MbKind::Inter && m.direct & (1 << b8) == 0 && m.refs(list)[b8] > 0
                })
            };
            let a = if px > 0 {
                cur_ref[(py / 2) * 2 + (px - 1) / 2]
            } else {
                ext(nb.left, (py / 2) * 2 + 1)
            };
            let b = if py > 0 {
                cur_ref[((py - 1) / 2) * 2 + px / 2]
            } else {
                ext(nb.top, 2 + px / 2)
            };
            ref_idx(e, usize::from(a) + 2 * usize::from(b), u32::from(r));
            for y in py..py + ph as usize {
                for x in px..px + pw as usize {
                    cur_ref[(y / 2) * 2 + x / 2] = r > 0;
                }
            }
        }
    }
    for (list, list_motion) in motion.iter().enumerate() {
        let mut cur_mvd = [[0u8; 2]; 16];
        for (&(px, py, pw, ph, _), m) in parts.iter().zip(list_motion) {
            let Some((_, d)) = *m else {
                continue;
            };
            let (px, py) = (px as usize, py as usize);
            // Skipped, direct and intra neighbours store zero.
            let a = if px > 0 {
                cur_mvd[py * 4 + px - 1]
            } else {
                nb.left.map_or([0, 0], |m| m.abs_mvds(list)[py * 4 + 3])
            };
            let b = if py > 0 {
                cur_mvd[(py - 1) * 4 + px]
            } else {
                nb.top.map_or([0, 0], |m| m.abs_mvds(list)[12 + px])
            };
            for comp in 0..2 {
                let sum = u32::from(a[comp]) + u32::from(b[comp]);
                mvd(e, comp, mvd_inc(sum), d[comp]);
            }
            let abs = d.map(|c| c.unsigned_abs().min(255) as u8);
            for y in py..py + ph as usize {
                for x in px..px + pw as usize {
                    cur_mvd[y * 4 + x] = abs;
                }
            }
        }
    }
}

/// `residual()` (§7.3.5.3) for 4:2:0 with 4x4 or 8x8 luma transforms.
fn write_residual<E: BinEncoder>(e: &mut E, nb: &CabacNeighbours<'_>, layer: &MbLayer) {
    let intra = layer.is_intra();
    let (left, top) = (nb.left, nb.top);
    let inc = |a: bool, b: bool| usize::from(a) + 2 * usize::from(b);
    if layer.transform_8x8 {
        for b8 in 0..4 {
            if layer.cbp_luma() & (1 << b8) != 0 {
                residual_block(e, BlockCat::Luma8x8, &layer.levels_8x8(b8), 0);
            }
        }
        write_chroma_residual(e, nb, layer);
        return;
    }
    if layer.is_i16x16() {
        // The DC block's neighbours are the DC blocks of Intra_16x16 neighbours.
        let dc = |n: Option<&MbInfo>| cbf_cond(n, intra, |m| m.i16x16 && m.cbf_dc & 1 != 0);
        residual_block(e, BlockCat::LumaDc, &layer.luma_dc, inc(dc(left), dc(top)));
    }
    // coded_block_flag of the current macroblock's 4x4 luma blocks (raster).
    let mut cur = [false; 16];
    for &b in &BLK_TO_RASTER {
        let b8 = (b / 8) * 2 + (b % 4) / 2;
        if layer.cbp_luma() & (1 << b8) == 0 {
            continue;
        }
        let a = if !b.is_multiple_of(4) {
            cur[b - 1]
        } else {
            cbf_cond(left, intra, |m| m.total_coeff_luma[b + 3] > 0)
        };
        let t = if b / 4 > 0 {
            cur[b - 4]
        } else {
            cbf_cond(top, intra, |m| m.total_coeff_luma[b + 12] > 0)
        };
        cur[b] = if layer.is_i16x16() {
            residual_block(e, BlockCat::LumaAc, &layer.luma[b][1..], inc(a, t))
        } else {
            residual_block(e, BlockCat::Luma4x4, &layer.luma[b], inc(a, t))
        };
    }
    write_chroma_residual(e, nb, layer);
}

/// The chroma part of `residual()`: DC blocks, then AC blocks.
fn write_chroma_residual<E: BinEncoder>(e: &mut E, nb: &CabacNeighbours<'_>, layer: &MbLayer) {
    let intra = layer.is_intra();
    let (left, top) = (nb.left, nb.top);
    let inc = |a: bool, b: bool| usize::from(a) + 2 * usize::from(b);
    let cbp_c = layer.cbp_chroma();
    if cbp_c == 0 {
        return;
    }
    for (c, levels) in [&layer.cb, &layer.cr].into_iter().enumerate() {
        let dc = |n: Option<&MbInfo>| {
            cbf_cond(n, intra, |m| m.cbp >> 4 != 0 && m.cbf_dc & (2 << c) != 0)
        };
        residual_block(e, BlockCat::ChromaDc, &levels.dc, inc(dc(left), dc(top)));
    }
    if cbp_c != 2 {
        return;
    }
    for (c, levels) in [&layer.cb, &layer.cr].into_iter().enumerate() {
        let mut cur = [false; 4];
        for b in 0..4 {
            let a = if b % 2 == 1 {
                cur[b - 1]
            } else {
                cbf_cond(left, intra, |m| m.total_coeff_chroma[c * 4 + b + 1] > 0)
            };
            let t = if b >= 2 {
                cur[b - 2]
            } else {
                cbf_cond(top, intra, |m| m.total_coeff_chroma[c * 4 + b + 2] > 0)
            };
            cur[b] = residual_block(e, BlockCat::ChromaAc, &levels.ac[b][1..], inc(a, t));
        }
    }
}
