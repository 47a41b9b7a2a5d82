//! The deblocking filter process (ITU-T H.264 §8.7) for frame pictures: 4:2:0, 8-bit, no
//! MBAFF; 4x4 and 8x8 transforms ([`MbInfo::transform_8x8`]).
//!
//! The encoder runs this on its reconstruction exactly as a decoder does, so that its
//! reference pictures equal the decoder's output bit for bit. The process is sequential: the
//! filter works in place, macroblock by macroblock in increasing address order, and every edge
//! sees the samples as left by the edges filtered before it (§8.7 filters the edges of each
//! macroblock in a fixed order, taking as input the samples modified by the filtering of the
//! previous macroblocks and edges).
//!
//! What the caller must provide (so that bS and the thresholds are the decoder's):
//! * run it once per picture, after the whole picture is reconstructed (intra prediction uses
//!   the samples before deblocking, §8.3), then replicate the borders
//!   ([`Picture::extend_borders`]) of the filtered picture;
//! * [`MbInfo::qp`] is QPY as the decoder derives it: QPY,PRED for P_Skip and for macroblocks
//!   without `mb_qp_delta`;
//! * [`MbInfo::nonzero_luma`] describes the coefficients actually coded (none in 8x8 blocks
//!   whose coded_block_pattern bit is 0); only luma coefficients enter bS;
//! * [`MbInfo::mv`]/[`MbInfo::mv_l1`] hold each 4x4 block's final vectors (skipped and
//!   direct macroblocks included) and [`MbInfo::ref_idx`]/[`MbInfo::ref_idx_l1`] its 8x8
//!   partition's reference indices (−1 for an unused list; refIdxL0 is ignored for P_Skip,
//!   which uses 0); [`DeblockParams::ref_pic_ids`] names the picture behind each index, so
//!   all slices of a picture must share the same lists;
//! * Cr uses `chroma_qp_index_offset` too (no `second_chroma_qp_index_offset` in the PPS).
//!
//! Layout of the module, one concept per file:
//! * `tables` — Tables 8-15, 8-16 and 8-17;
//! * `strength` — boundary strength bS (§8.7.2.1);
//! * `thresholds` — qPav, indexA/indexB, α, β, tC0 of an edge (§8.7.2.2);
//! * `filter` — the sample filters for bS < 4 (§8.7.2.3) and bS = 4 (§8.7.2.4);
//! * `edge` — one edge of one plane (§8.7.1);
//! * `macroblock` — the edges of one macroblock, in the order of §8.7.

mod edge;
mod filter;
mod macroblock;
mod strength;
mod tables;
mod thresholds;

#[cfg(test)]
mod tests;

use crate::mb_info::MbInfo;
use crate::picture::{Picture, Plane};

/// The deblocking controls of one slice (slice header, §7.4.3, and picture parameter set,
/// §7.4.2.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeblockParams {
    /// The reference picture behind each index of each list, for the bS motion test.
    pub ref_pic_ids: RefPicIds,
    /// `disable_deblocking_filter_idc`: 0 filters all edges, 1 none, 2 all edges except those
    /// shared with a macroblock of another slice (§7.4.3). Other values filter nothing.
    pub disable_deblocking_filter_idc: u8,
    /// FilterOffsetA = `slice_alpha_c0_offset_div2` << 1 (§7.4.3), −12..=12.
    pub alpha_c0_offset: i8,
    /// FilterOffsetB = `slice_beta_offset_div2` << 1 (§7.4.3), −12..=12.
    pub beta_offset: i8,
    /// `chroma_qp_index_offset` of the picture parameter set, −12..=12. It serves both Cb and
    /// Cr: without the PPS range extension `second_chroma_qp_index_offset` equals it
    /// (§7.4.2.2).
    pub chroma_qp_index_offset: i8,
}

/// Which reference picture each reference index of RefPicList0 and RefPicList1 names:
/// equal ids are the same picture. The default suits P slices (every list 0 entry its own
/// picture, list 1 unused).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefPicIds {
    /// Ids of RefPicList0's entries.
    pub l0: [u8; 32],
    /// Ids of RefPicList1's entries.
    pub l1: [u8; 32],
}

impl Default for RefPicIds {
    fn default() -> RefPicIds {
        RefPicIds {
            l0: std::array::from_fn(|i| i as u8),
            l1: std::array::from_fn(|i| 32 + i as u8),
        }
    }
}

impl RefPicIds {
    /// The id of entry `idx` of list `list` (indices past the tables share the last id,
    /// which no stream of ours reaches: 16 references at most).
    pub fn id(&self, list: usize, idx: usize) -> u8 {
        let table = if list == 0 { &self.l0 } else { &self.l1 };
        table[idx.min(31)]
    }
}

/// Deblocks `pic` in place (H.264 §8.7).
///
/// `mbs` describes the macroblocks in raster order (`mbs[mb_y · mb_width + mb_x]`); a
/// macroblock is deblocked with the parameters of its slice, `params[mb.slice]`. Macroblocks
/// beyond the end of `mbs`, or whose slice has no entry in `params`, are left unfiltered, as
/// is the whole picture if its planes are not a consistent 4:2:0 picture of whole
/// macroblocks; nothing here panics on such input.
///
/// Per macroblock, in increasing address order (§8.7): the vertical luma edges left to right,
/// the horizontal luma edges top to bottom, then the same for Cb and for Cr. A macroblock's
/// left (top) edge is filtered only if a macroblock exists to its left (above) and, when
/// `disable_deblocking_filter_idc` is 2, belongs to the same slice. The parameters of the
/// current macroblock's slice govern all its edges, including those shared with a
/// neighbour of another slice (§8.7.2.2: the slice containing q0).
pub fn deblock_picture(pic: &mut Picture, mbs: &[MbInfo], params: &[DeblockParams]) {
    let (mb_width, mb_height) = (pic.mb_width(), pic.mb_height());
    if !is_consistent(pic, mb_width, mb_height) {
        return;
    }
    for (addr, cur) in mbs.iter().enumerate().take(mb_width * mb_height) {
        let Some(par) = params.get(usize::from(cur.slice)) else {
            continue;
        };
        if !matches!(par.disable_deblocking_filter_idc, 0 | 2) {
            continue;
        }
        let (mb_x, mb_y) = (addr % mb_width, addr / mb_width);
        let left = neighbour(mbs, (mb_x > 0).then(|| addr - 1), cur, par);
        let top = neighbour(mbs, (mb_y > 0).then(|| addr - mb_width), cur, par);
        let mb = macroblock::Macroblock {
            mb_x,
            mb_y,
            cur,
            left,
            top,
            params: par,
        };
        mb.deblock(pic);
    }
}

/// The macroblock at `addr` (mbAddrA or mbAddrB of `cur`) if the edge to it is filtered:
/// it exists and, with `disable_deblocking_filter_idc` = 2, it is in the slice of `cur`
/// (§8.7, filterLeftMbEdgeFlag and filterTopMbEdgeFlag).
fn neighbour<'a>(
    mbs: &'a [MbInfo],
    addr: Option<usize>,
    cur: &MbInfo,
    params: &DeblockParams,
) -> Option<&'a MbInfo> {
    let n = mbs.get(addr?)?;
    (params.disable_deblocking_filter_idc != 2 || n.slice == cur.slice).then_some(n)
}

/// Whether the planes hold whole macroblocks of a 4:2:0 picture with intact layout, so that
/// every sample the filter touches is inside the planes' data.
fn is_consistent(pic: &Picture, mb_width: usize, mb_height: usize) -> bool {
    let plane_ok = |p: &Plane, mb_size: usize| {
        p.width == mb_width * mb_size
            && p.height == mb_height * mb_size
            && p.stride >= p.width + 2 * p.border
            && p.data.len() >= p.stride * (p.height + 2 * p.border)
    };
    plane_ok(&pic.y, 16) && plane_ok(&pic.cb, 8) && plane_ok(&pic.cr, 8)
}
