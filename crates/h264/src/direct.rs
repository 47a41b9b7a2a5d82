//! Spatial direct prediction (ITU-T H.264 §8.4.1.2.2) of B_Skip, B_Direct_16x16 and
//! B_Direct_8x8, with `direct_8x8_inference_flag` = 1 (§8.4.1.2.1: the co-located block of
//! each 8x8 quadrant is the corner 4x4 block of the co-located macroblock).
//!
//! Spatial rather than temporal direct: it needs no picture distances, works across
//! B-pyramid levels unchanged, and is x264's default for the same reason (its "auto" mode
//! picks temporal on a minority of frames for a fraction of a percent).

use crate::mb_info::{MbInfo, MbKind};
use crate::mvpred::{Mv, MvContext, PartShape};

/// The motion a direct-predicted macroblock uses: the reference index of each list (−1 when
/// the list is not used) and the vectors of each 8x8 quadrant (raster) per list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DirectMotion {
    /// refIdxL0 and refIdxL1 (the same for every quadrant in spatial mode).
    pub ref_idx: [i8; 2],
    /// `mv[list][quadrant]`.
    pub mv: [[Mv; 4]; 2],
}

impl DirectMotion {
    /// Whether the quadrants' vectors are all equal (the macroblock moves as one 16x16
    /// block; motion compensation can then run once).
    pub fn is_uniform(&self) -> bool {
        self.mv.iter().all(|l| l.iter().all(|m| *m == l[0]))
    }
}

/// MinPositive(x, y) of §8.4.1.2.2.
fn min_positive(x: i8, y: i8) -> i8 {
    if x >= 0 && y >= 0 { x.min(y) } else { x.max(y) }
}

/// The raster 4x4 block of the co-located macroblock that quadrant `q` reads.
const CORNER: [usize; 4] = [0, 3, 12, 15];

/// colZeroFlag of quadrant `q` (§8.4.1.2.2): the co-located block predicts from its own
/// reference index 0 with a vector within ±1 quarter sample. `col` is the macroblock at the
/// same address in RefPicList1[0], which must be a short-term picture (ours always are:
/// B-frames and long-term references do not mix).
fn col_zero(col: &MbInfo, q: usize) -> bool {
    if col.kind == MbKind::Intra {
        return false;
    }
    let blk = CORNER[q];
    let (r, mv) = if col.ref_idx[q] >= 0 {
        (col.ref_idx[q], col.mv[blk])
    } else {
        (col.ref_idx_l1[q], col.mv_l1[blk])
    };
    r == 0 && (-1..=1).contains(&mv[0]) && (-1..=1).contains(&mv[1])
}

/// Spatial direct motion of the macroblock `l0`/`l1` describe (contexts of the current
/// macroblock for list 0 and list 1, nothing of it decided yet), with `col` its co-located
/// macroblock.
pub fn spatial(l0: &MvContext<'_>, l1: &MvContext<'_>, col: &MbInfo) -> DirectMotion {
    let mut ref_idx = [-1i8; 2];
    for (list, ctx) in [l0, l1].into_iter().enumerate() {
        let (a, b, c) = ctx.neighbours(0, 0, 4);
        ref_idx[list] = min_positive(a.ref_idx, min_positive(b.ref_idx, c.ref_idx));
    }
    let mut out = DirectMotion {
        ref_idx,
        mv: [[[0, 0]; 4]; 2],
    };
    if ref_idx[0] < 0 && ref_idx[1] < 0 {
        // directZeroPredictionFlag: both lists, reference 0, zero motion.
        out.ref_idx = [0, 0];
        return out;
    }
    let zero: [bool; 4] = std::array::from_fn(|q| col_zero(col, q));
    for (list, ctx) in [l0, l1].into_iter().enumerate() {
        let r = ref_idx[list];
        if r < 0 {
            continue;
        }
        let mvp = ctx.predict(0, 0, 4, r, PartShape::Other);
        for (mv, still) in out.mv[list].iter_mut().zip(zero) {
            *mv = if r == 0 && still { [0, 0] } else { mvp };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(mbs: &[MbInfo], addr: usize, list: usize) -> MvContext<'_> {
        MvContext {
            mbs,
            mb_width: 3,
            mb_addr: addr,
            slice: 0,
            cur_mv: [[0, 0]; 16],
            cur_ref: [-1; 4],
            decoded: 0,
            list,
        }
    }

    fn inter(r0: i8, m0: Mv, r1: i8, m1: Mv) -> MbInfo {
        MbInfo {
            kind: MbKind::Inter,
            ref_idx: [r0; 4],
            mv: [m0; 16],
            ref_idx_l1: [r1; 4],
            mv_l1: [m1; 16],
            ..MbInfo::default()
        }
    }

    #[test]
    fn no_neighbours_give_zero_motion_on_both_lists() {
        let mbs = vec![MbInfo::default()];
        let d = spatial(
            &ctx(&mbs, 0, 0),
            &ctx(&mbs, 0, 1),
            &inter(0, [9, 9], -1, [0, 0]),
        );
        assert_eq!(d.ref_idx, [0, 0]);
        assert_eq!(d.mv, [[[0, 0]; 4]; 2]);
    }

    #[test]
    fn smallest_non_negative_reference_and_median_vector() {
        // 3 macroblocks wide; current 4 has A = 3, B = 1, C = 2.
        let mbs = vec![
            MbInfo::default(),
            inter(1, [4, 0], 0, [-8, 0]),
            inter(0, [6, 2], -1, [0, 0]),
            inter(0, [2, 2], 0, [-4, 4]),
            MbInfo::default(),
        ];
        let col = MbInfo::default(); // intra: no zero forcing
        let d = spatial(&ctx(&mbs, 4, 0), &ctx(&mbs, 4, 1), &col);
        assert_eq!(d.ref_idx, [0, 0]);
        // List 0: A and C use reference 0, B reference 1; two matches, so the plain
        // median of (2,2), (4,0), (6,2) applies.
        assert_eq!(d.mv[0], [[4, 2]; 4]);
        // List 1: A and B use reference 0, C does not (−1, vector 0).
        assert_eq!(d.mv[1], [[-4, 0]; 4]);
        assert!(d.is_uniform());
    }

    #[test]
    fn still_colocated_blocks_zero_the_reference_0_vectors() {
        let mbs = vec![
            MbInfo::default(),
            inter(0, [12, 0], -1, [0, 0]),
            inter(0, [12, 0], -1, [0, 0]),
            inter(0, [12, 0], -1, [0, 0]),
            MbInfo::default(),
        ];
        // Co-located: quadrant 1's corner (block 3) still, the others moving.
        let mut col = inter(0, [5, 5], -1, [0, 0]);
        col.mv[3] = [1, -1];
        let d = spatial(&ctx(&mbs, 4, 0), &ctx(&mbs, 4, 1), &col);
        assert_eq!(d.ref_idx, [0, -1]);
        assert_eq!(d.mv[0], [[12, 0], [0, 0], [12, 0], [12, 0]]);
        assert!(!d.is_uniform());
        // A co-located block on reference 1 does not count as still.
        col.ref_idx = [1; 4];
        let d = spatial(&ctx(&mbs, 4, 0), &ctx(&mbs, 4, 1), &col);
        assert_eq!(d.mv[0], [[12, 0]; 4]);
    }

    #[test]
    fn min_positive_rule() {
        assert_eq!(min_positive(-1, -1), -1);
        assert_eq!(min_positive(-1, 2), 2);
        assert_eq!(min_positive(3, 1), 1);
    }
}
