//! Direct prediction of B_Skip, B_Direct_16x16 and B_Direct_8x8: spatial (ITU-T H.264
//! §8.4.1.2.2) and temporal (§8.4.1.2.3), with `direct_8x8_inference_flag` = 1 (§8.4.1.2.1:
//! the co-located block of each 8x8 quadrant is the corner 4x4 block of the co-located
//! macroblock).
//!
//! Spatial direct is the default, as in x264: it needs no picture distances and works
//! across B-pyramid levels unchanged. Temporal direct scales the co-located block's vector
//! by picture-order distances, which suits steady motion (pans) better; the slice header's
//! `direct_spatial_mv_pred_flag` says which one a slice uses.

use crate::mb_info::{MbInfo, MbKind};
use crate::mvpred::{Mv, MvContext, PartShape};

/// The motion a direct-predicted macroblock uses: the reference index of each list and
/// 8x8 quadrant (raster; −1 when the list is not used) and the vectors of each quadrant per
/// list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DirectMotion {
    /// `ref_idx[list][quadrant]`: refIdxL0 and refIdxL1 (the same for every quadrant in
    /// spatial mode; in temporal mode list 0's follows each co-located block).
    pub ref_idx: [[i8; 4]; 2],
    /// `mv[list][quadrant]`.
    pub mv: [[Mv; 4]; 2],
}

impl DirectMotion {
    /// Whether the quadrants' references and vectors are all equal (the macroblock moves as
    /// one 16x16 block; motion compensation can then run once).
    pub fn is_uniform(&self) -> bool {
        self.mv.iter().all(|l| l.iter().all(|m| *m == l[0]))
            && self.ref_idx.iter().all(|l| l.iter().all(|r| *r == l[0]))
    }

    /// Whether list `list` is used (by every quadrant: direct motion uses the same lists
    /// throughout the macroblock in both modes).
    pub fn uses(&self, list: usize) -> bool {
        self.ref_idx[list][0] >= 0
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
        ref_idx: ref_idx.map(|r| [r; 4]),
        mv: [[[0, 0]; 4]; 2],
    };
    if ref_idx[0] < 0 && ref_idx[1] < 0 {
        // directZeroPredictionFlag: both lists, reference 0, zero motion.
        out.ref_idx = [[0; 4]; 2];
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

/// What temporal direct prediction needs of the current picture and its lists.
#[derive(Clone, Copy, Debug)]
pub struct TemporalFrame<'a> {
    /// PicOrderCnt of the current picture.
    pub poc: i32,
    /// PicOrderCnt of each active RefPicList0 entry.
    pub l0_pocs: &'a [i32],
    /// PicOrderCnt of RefPicList1[0], the co-located picture.
    pub col_poc: i32,
    /// PicOrderCnt of the entries of the co-located picture's own lists when it was coded
    /// (`col_lists[list][ref_idx]`), which its blocks' reference indices address.
    pub col_lists: &'a [Vec<u32>; 2],
}

/// DistScaleFactor (§8.4.1.2.3) between the current picture at `poc`, its list 0
/// reference at `poc0` and the co-located picture at `poc1`; `None` when td = 0 (the
/// vector is then copied unscaled).
fn dist_scale_factor(poc: i32, poc0: i32, poc1: i32) -> Option<i32> {
    let tb = (poc - poc0).clamp(-128, 127);
    let td = (poc1 - poc0).clamp(-128, 127);
    if td == 0 {
        return None;
    }
    let tx = (16384 + (td / 2).abs()) / td;
    Some(((tb * tx + 32) >> 6).clamp(-1024, 1023))
}

/// Temporal direct motion (§8.4.1.2.3) of a macroblock whose co-located macroblock is
/// `col`: per quadrant, list 0 uses the lowest index of the current RefPicList0 holding
/// the picture the co-located block referenced (reference 0 and a zero vector when that
/// block is intra), list 1 uses index 0, and the co-located vector is split between them
/// in proportion to the picture-order distances.
///
/// `None` when a co-located block's reference is not in the active RefPicList0 (framepress
/// truncates list 0 to the pictures before the current one): the macroblock then must not
/// be direct-predicted.
pub fn temporal(col: &MbInfo, f: &TemporalFrame<'_>) -> Option<DirectMotion> {
    let mut out = DirectMotion {
        ref_idx: [[0; 4]; 2],
        mv: [[[0, 0]; 4]; 2],
    };
    for (q, &blk) in CORNER.iter().enumerate() {
        let (ref_idx, mv_col) = if col.kind == MbKind::Intra {
            (0usize, [0i16, 0])
        } else {
            let (list, r, mv) = if col.ref_idx[q] >= 0 {
                (0, col.ref_idx[q], col.mv[blk])
            } else {
                (1, col.ref_idx_l1[q], col.mv_l1[blk])
            };
            let poc = *f.col_lists[list].get(usize::try_from(r).ok()?)?;
            let idx = f.l0_pocs.iter().position(|&p| p == poc as i32)?;
            (idx, mv)
        };
        let poc0 = f.l0_pocs[ref_idx];
        out.ref_idx[0][q] = ref_idx as i8;
        let (mv0, mv1) = match dist_scale_factor(f.poc, poc0, f.col_poc) {
            None => (mv_col, [0, 0]),
            Some(dsf) => {
                let mv0 = mv_col.map(|c| ((dsf * i32::from(c) + 128) >> 8) as i16);
                (mv0, [mv0[0] - mv_col[0], mv0[1] - mv_col[1]])
            }
        };
        out.mv[0][q] = mv0;
        out.mv[1][q] = mv1;
    }
    Some(out)
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
        assert_eq!(d.ref_idx, [[0; 4]; 2]);
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
        assert_eq!(d.ref_idx, [[0; 4]; 2]);
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
        assert_eq!(d.ref_idx, [[0; 4], [-1; 4]]);
        assert_eq!(d.mv[0], [[12, 0], [0, 0], [12, 0], [12, 0]]);
        assert!(!d.is_uniform());
        // A co-located block on reference 1 does not count as still.
        col.ref_idx = [1; 4];
        let d = spatial(&ctx(&mbs, 4, 0), &ctx(&mbs, 4, 1), &col);
        assert_eq!(d.mv[0], [[12, 0]; 4]);
    }

    #[test]
    fn temporal_splits_the_colocated_vector_by_picture_distance() {
        // B at POC 2 between P0 (list 0) and P4 (co-located), which predicted from P0
        // with (16, -8): list 0 gets half of it, list 1 minus the other half.
        let col = inter(0, [16, -8], -1, [0, 0]);
        let lists = [vec![0], vec![]];
        let f = TemporalFrame {
            poc: 2,
            l0_pocs: &[0],
            col_poc: 4,
            col_lists: &lists,
        };
        let d = temporal(&col, &f).unwrap();
        assert_eq!(d.ref_idx, [[0; 4]; 2]);
        assert_eq!(d.mv[0], [[8, -4]; 4]);
        assert_eq!(d.mv[1], [[-8, 4]; 4]);
        // One third of the way (POC 2 of 0..6): tx = (16384 + 3) / 6 = 2731,
        // DistScaleFactor = (2 · 2731 + 32) >> 6 = 85, mvL0 = (85 · 30 + 128) >> 8 = 10.
        let col = inter(0, [30, 0], -1, [0, 0]);
        let f = TemporalFrame { col_poc: 6, ..f };
        let d = temporal(&col, &f).unwrap();
        assert_eq!(d.mv[0][0], [10, 0]);
        assert_eq!(d.mv[1][0], [-20, 0]);
    }

    #[test]
    fn temporal_maps_the_colocated_reference_into_list_0() {
        // Co-located picture (POC 8) coded with list 0 = POC 4, 0; its quadrant 3 refers
        // to POC 0 (its index 1), which is index 1 of the current picture's list 0.
        let mut col = inter(0, [4, 4], -1, [0, 0]);
        col.ref_idx[3] = 1;
        let lists = [vec![4, 0], vec![]];
        let f = TemporalFrame {
            poc: 6,
            l0_pocs: &[4, 0],
            col_poc: 8,
            col_lists: &lists,
        };
        let d = temporal(&col, &f).unwrap();
        assert_eq!(d.ref_idx[0], [0, 0, 0, 1]);
        assert_eq!(d.ref_idx[1], [0; 4]);
        assert!(!d.is_uniform());
        // A block that referred to a picture the current list 0 lacks: no direct mode.
        let f = TemporalFrame { l0_pocs: &[4], ..f };
        assert_eq!(temporal(&col, &f), None);
        // An intra co-located macroblock: reference 0, zero motion, both lists.
        let d = temporal(&MbInfo::default(), &f).unwrap();
        assert_eq!(d.ref_idx, [[0; 4]; 2]);
        assert_eq!(d.mv, [[[0, 0]; 4]; 2]);
    }

    #[test]
    fn list_1_motion_of_the_colocated_block_counts_when_it_has_no_list_0() {
        // Co-located B-ref picture (POC 4) predicted this block from its list 1 (POC 8).
        let col = inter(-1, [0, 0], 0, [-12, 0]);
        let lists = [vec![0], vec![8]];
        let f = TemporalFrame {
            poc: 6,
            l0_pocs: &[4, 0, 8],
            col_poc: 4,
            col_lists: &lists,
        };
        let d = temporal(&col, &f).unwrap();
        assert_eq!(d.ref_idx[0], [2; 4]);
        // tb = 6 − 8 = −2, td = 4 − 8 = −4: half the vector.
        assert_eq!(d.mv[0][0], [-6, 0]);
        assert_eq!(d.mv[1][0], [6, 0]);
    }

    #[test]
    fn min_positive_rule() {
        assert_eq!(min_positive(-1, -1), -1);
        assert_eq!(min_positive(-1, 2), 2);
        assert_eq!(min_positive(3, 1), 1);
    }
}
