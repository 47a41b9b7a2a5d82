//! The edges of one macroblock in the order of H.264 §8.7: luma vertical edges left to
//! right, luma horizontal edges top to bottom, then the same for Cb and for Cr (4:2:0: two
//! edges per direction, at chroma offsets 0 and 4, sharing the bS of luma edges 0 and 8).

use super::DeblockParams;
use super::edge::{Component, Direction, filter_edge};
use super::strength::{MbStrengths, mb_strengths, transform_size_8x8_flag};
use super::tables::chroma_qp;
use super::thresholds::Thresholds;
use crate::mb_info::MbInfo;
use crate::picture::{Picture, Plane};

/// One macroblock to deblock, with the neighbours across its left and top edges when those
/// edges are filtered (filterLeftMbEdgeFlag, filterTopMbEdgeFlag of §8.7).
pub(super) struct Macroblock<'a> {
    /// Column, in macroblocks.
    pub mb_x: usize,
    /// Row, in macroblocks.
    pub mb_y: usize,
    /// The macroblock (CurrMbAddr): the q side of all its edges.
    pub cur: &'a MbInfo,
    /// mbAddrA when the left edge is filtered.
    pub left: Option<&'a MbInfo>,
    /// mbAddrB when the top edge is filtered.
    pub top: Option<&'a MbInfo>,
    /// Parameters of the slice containing `cur`.
    pub params: &'a DeblockParams,
}

impl Macroblock<'_> {
    /// Filters all edges of the macroblock in place (filterInternalEdgesFlag = 1: the caller
    /// has already skipped slices with disable_deblocking_filter_idc = 1).
    pub(super) fn deblock(&self, pic: &mut Picture) {
        let bs = mb_strengths(self.cur, self.left, self.top, &self.params.ref_pic_ids);
        let skip_odd_luma_edges = transform_size_8x8_flag(self.cur);
        for (dir, dir_bs) in Direction::ORDER.into_iter().zip(&bs) {
            for (edge, edge_bs) in dir_bs.iter().enumerate() {
                if skip_odd_luma_edges && edge % 2 == 1 {
                    continue;
                }
                let Some(p_mb) = self.p_macroblock(dir, edge) else {
                    continue;
                };
                let t = Thresholds::new(p_mb.qp, self.cur.qp, self.params);
                let origin = self.edge_origin(16, dir, 4 * edge);
                filter_edge(&mut pic.y, origin, dir, Component::Luma, edge_bs, &t);
            }
        }
        let offset = self.params.chroma_qp_index_offset;
        for plane in [&mut pic.cb, &mut pic.cr] {
            self.deblock_chroma(plane, &bs, offset);
        }
    }

    /// The chroma edges of one chroma plane.
    fn deblock_chroma(&self, plane: &mut Plane, bs: &MbStrengths, offset: i8) {
        let qp_q = chroma_qp(self.cur.qp, offset);
        for (dir, dir_bs) in Direction::ORDER.into_iter().zip(bs) {
            for chroma_edge in 0..2 {
                // Chroma edge 0 (1) lies on luma edge 0 (2), i.e. luma offset 0 (8).
                let luma_edge = 2 * chroma_edge;
                let Some(p_mb) = self.p_macroblock(dir, luma_edge) else {
                    continue;
                };
                let t = Thresholds::new(chroma_qp(p_mb.qp, offset), qp_q, self.params);
                let origin = self.edge_origin(8, dir, 4 * chroma_edge);
                filter_edge(
                    plane,
                    origin,
                    dir,
                    Component::Chroma,
                    &dir_bs[luma_edge],
                    &t,
                );
            }
        }
    }

    /// The macroblock containing p0 for luma edge `edge` (0..4) in direction `dir`, or
    /// `None` when that edge is a macroblock edge that is not filtered.
    fn p_macroblock(&self, dir: Direction, edge: usize) -> Option<&MbInfo> {
        match (edge, dir) {
            (0, Direction::Vertical) => self.left,
            (0, Direction::Horizontal) => self.top,
            _ => Some(self.cur),
        }
    }

    /// Plane coordinates of the first q0 sample of the edge `offset` samples into a
    /// macroblock of `size`×`size` samples of that plane.
    fn edge_origin(&self, size: usize, dir: Direction, offset: usize) -> (usize, usize) {
        let (x0, y0) = (self.mb_x * size, self.mb_y * size);
        match dir {
            Direction::Vertical => (x0 + offset, y0),
            Direction::Horizontal => (x0, y0 + offset),
        }
    }
}
