//! Boundary filtering strength bS (H.264 §8.7.2.1) for frame macroblocks of I, P and B
//! slices without MBAFF (so mixedModeEdgeFlag = 0 and every macroblock is a frame
//! macroblock).

use super::RefPicIds;
use crate::mb_info::{MbInfo, MbKind};

/// bS of every luma edge segment of one macroblock, `[direction][edge][segment]`: direction 0
/// for vertical edges, 1 for horizontal; edge 0..4 is the edge at luma offset 4·edge (0 =
/// the macroblock edge); segment 0..4 is the 4-sample run along the edge (top to bottom for
/// vertical edges, left to right for horizontal ones), i.e. one 4x4 block on each side.
pub(super) type MbStrengths = [[[u8; 4]; 4]; 2];

/// Whether the macroblock uses the 8x8 transform (`transform_size_8x8_flag`, §7.4.5): then
/// the luma edges internal to the 8x8 blocks (edges 1 and 3) are not filtered (§8.7) and
/// the bS = 2 test looks at the 8x8 block containing the sample.
pub(super) fn transform_size_8x8_flag(mb: &MbInfo) -> bool {
    mb.transform_8x8
}

/// The bS values of all luma edges of `cur`. `left`/`top` are the neighbours across edge 0
/// when that edge is filtered; when absent, the edge-0 entries are 0 (and unused).
pub(super) fn mb_strengths(
    cur: &MbInfo,
    left: Option<&MbInfo>,
    top: Option<&MbInfo>,
    ids: &RefPicIds,
) -> MbStrengths {
    std::array::from_fn(|dir| {
        std::array::from_fn(|edge| {
            std::array::from_fn(|seg| segment_strength(cur, left, top, dir == 1, edge, seg, ids))
        })
    })
}

/// bS of segment `seg` of luma edge `edge` of `cur` (horizontal or vertical).
fn segment_strength(
    cur: &MbInfo,
    left: Option<&MbInfo>,
    top: Option<&MbInfo>,
    horizontal: bool,
    edge: usize,
    seg: usize,
    ids: &RefPicIds,
) -> u8 {
    let (q_blk, p) = if horizontal {
        // Edge at block row `edge`: q0 in block (row edge, col seg), p0 in the block above
        // (row 3 of the top neighbour for the macroblock edge).
        let q_blk = 4 * edge + seg;
        let p = if edge == 0 {
            top.map(|m| (m, q_blk + 12))
        } else {
            Some((cur, q_blk - 4))
        };
        (q_blk, p)
    } else {
        // Edge at block column `edge`: q0 in block (row seg, col edge), p0 in the block to
        // its left (column 3 of the left neighbour for the macroblock edge).
        let q_blk = 4 * seg + edge;
        let p = if edge == 0 {
            left.map(|m| (m, q_blk + 3))
        } else {
            Some((cur, q_blk - 1))
        };
        (q_blk, p)
    };
    p.map_or(0, |(p_mb, p_blk)| {
        boundary_strength(p_mb, p_blk, cur, q_blk, edge == 0, ids)
    })
}

/// bS for the edge between 4x4 luma block `p_blk` of `p` (containing p0) and block `q_blk`
/// of `q` (containing q0), blocks numbered in raster order within their macroblock;
/// `mb_edge` tells whether the edge is a macroblock edge (§8.7.2.1, frame case):
///
/// * 4 — a macroblock edge with p0 or q0 in an intra macroblock;
/// * 3 — otherwise, p0 or q0 in an intra macroblock;
/// * 2 — the transform block containing p0 or the one containing q0 has non-zero transform
///   coefficients;
/// * 1 — different reference pictures or a different number of motion vectors for the
///   partitions containing p0 and q0, or a motion vector component differing by 4 or more
///   in quarter luma samples;
/// * 0 — otherwise.
pub(super) fn boundary_strength(
    p: &MbInfo,
    p_blk: usize,
    q: &MbInfo,
    q_blk: usize,
    mb_edge: bool,
    ids: &RefPicIds,
) -> u8 {
    if p.kind == MbKind::Intra || q.kind == MbKind::Intra {
        if mb_edge { 4 } else { 3 }
    } else if has_coefficients(p, p_blk) || has_coefficients(q, q_blk) {
        2
    } else if motion_differs(p, p_blk, q, q_blk, ids) {
        1
    } else {
        0
    }
}

/// Whether the transform block containing luma 4x4 block `blk` has non-zero coefficients.
fn has_coefficients(mb: &MbInfo, blk: usize) -> bool {
    mb.nonzero_luma & transform_block_mask(blk, transform_size_8x8_flag(mb)) != 0
}

/// The `nonzero_luma` bits of the transform block containing 4x4 block `blk`: the block
/// itself, or with the 8x8 transform the four 4x4 blocks of its 8x8 block.
fn transform_block_mask(blk: usize, transform_8x8: bool) -> u16 {
    if transform_8x8 {
        // Top-left 4x4 block of the 8x8 block: row 2·(blk / 8), column 2·((blk % 4) / 2).
        let first = (blk / 8) * 8 + (blk % 4) / 2 * 2;
        0b11_0011 << first
    } else {
        1 << blk
    }
}

/// The motion of luma 4x4 block `blk`: how many vectors predict it (1 or 2) and each with
/// its reference picture's id, list 0 first. P_Skip predicts from refIdxL0 = 0 (§8.4.1.1),
/// whatever `ref_idx` holds; B_Skip (a skipped macroblock with direct quadrants) from the
/// references its direct prediction chose, which `ref_idx`/`ref_idx_l1` hold.
fn motion(mb: &MbInfo, blk: usize, ids: &RefPicIds) -> (usize, [(u8, [i16; 2]); 2]) {
    let b8 = (blk / 8) * 2 + (blk % 4) / 2;
    let mut out = [(0u8, [0i16; 2]); 2];
    let mut n = 0;
    if mb.kind == MbKind::Skip && mb.direct == 0 {
        return (1, [(ids.id(0, 0), mb.mv[blk]), (0, [0, 0])]);
    }
    for list in 0..2 {
        let r = mb.refs(list)[b8];
        if r >= 0 {
            out[n] = (ids.id(list, r as usize), mb.mvs(list)[blk]);
            n += 1;
        }
    }
    (n, out)
}

/// Whether two vectors differ by 4 or more quarter luma samples in a component (the
/// vertical limit would be 2 only for field macroblocks).
fn far(a: [i16; 2], b: [i16; 2]) -> bool {
    let dx = (i32::from(a[0]) - i32::from(b[0])).abs();
    let dy = (i32::from(a[1]) - i32::from(b[1])).abs();
    dx >= 4 || dy >= 4
}

/// The bS = 1 motion test of §8.7.2.1 for two inter blocks. Reference pictures are compared
/// as pictures, through `ids` (every slice of our pictures uses the same lists), not by
/// index or list: a B block predicted from picture X by list 0 and one predicted from X by
/// list 1 use the same reference picture.
fn motion_differs(p: &MbInfo, p_blk: usize, q: &MbInfo, q_blk: usize, ids: &RefPicIds) -> bool {
    let (np, mp) = motion(p, p_blk, ids);
    let (nq, mq) = motion(q, q_blk, ids);
    if np != nq {
        return true;
    }
    if np == 1 {
        return mp[0].0 != mq[0].0 || far(mp[0].1, mq[0].1);
    }
    let (p0, p1, q0, q1) = (mp[0], mp[1], mq[0], mq[1]);
    let same_set = (p0.0 == q0.0 && p1.0 == q1.0) || (p0.0 == q1.0 && p1.0 == q0.0);
    if !same_set {
        return true;
    }
    if p0.0 != p1.0 {
        // Two different pictures: compare the vectors that use the same picture.
        if p0.0 == q0.0 {
            far(p0.1, q0.1) || far(p1.1, q1.1)
        } else {
            far(p0.1, q1.1) || far(p1.1, q0.1)
        }
    } else {
        // Both vectors of each block use the same picture: both pairings must differ.
        (far(p0.1, q0.1) || far(p1.1, q1.1)) && (far(p0.1, q1.1) || far(p1.1, q0.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bs(p: &MbInfo, pb: usize, q: &MbInfo, qb: usize, mb_edge: bool) -> u8 {
        boundary_strength(p, pb, q, qb, mb_edge, &RefPicIds::default())
    }

    #[test]
    fn bipredicted_blocks_compare_pictures_not_lists() {
        // Pictures: list 0 index 0 is picture 7, list 1 index 0 is picture 9.
        let mut ids = RefPicIds::default();
        ids.l0[0] = 7;
        ids.l1[0] = 9;
        let bi = |m0: [i16; 2], m1: [i16; 2]| MbInfo {
            kind: MbKind::Inter,
            ref_idx: [0; 4],
            ref_idx_l1: [0; 4],
            mv: [m0; 16],
            mv_l1: [m1; 16],
            ..MbInfo::default()
        };
        let a = bi([0, 0], [8, 8]);
        assert_eq!(boundary_strength(&a, 3, &a, 0, true, &ids), 0);
        // One vector against two.
        let l0 = MbInfo {
            ref_idx_l1: [-1; 4],
            ..a
        };
        assert_eq!(boundary_strength(&a, 3, &l0, 0, true, &ids), 1);
        // Two pictures named by both lists, the other way round in the other block.
        let mut both = RefPicIds::default();
        both.l0[0] = 7;
        both.l1[0] = 9;
        both.l0[1] = 9;
        both.l1[1] = 7;
        let c = MbInfo {
            ref_idx: [1; 4],
            ref_idx_l1: [1; 4],
            ..bi([8, 8], [0, 0])
        };
        // a: 7 with (0,0), 9 with (8,8); c: 9 with (8,8), 7 with (0,0): same motion.
        assert_eq!(boundary_strength(&a, 3, &c, 0, true, &both), 0);
        let d = MbInfo {
            mv: [[8, 12]; 16],
            ..c
        };
        assert_eq!(boundary_strength(&a, 3, &d, 0, true, &both), 1);
        // Both vectors on one picture: either pairing may match.
        let mut one = RefPicIds::default();
        one.l0[0] = 5;
        one.l1[0] = 5;
        let e = bi([0, 0], [20, 0]);
        let f = bi([20, 0], [0, 0]);
        assert_eq!(boundary_strength(&e, 3, &f, 0, true, &one), 0);
        let g = bi([20, 0], [4, 0]);
        assert_eq!(boundary_strength(&e, 3, &g, 0, true, &one), 1);
    }

    fn intra() -> MbInfo {
        MbInfo {
            kind: MbKind::Intra,
            ref_idx: [-1; 4],
            ..MbInfo::default()
        }
    }

    fn inter() -> MbInfo {
        MbInfo {
            kind: MbKind::Inter,
            ref_idx: [0; 4],
            ..MbInfo::default()
        }
    }

    #[test]
    fn intra_gives_4_on_mb_edges_and_3_inside() {
        let (i, p) = (intra(), inter());
        assert_eq!(bs(&i, 3, &p, 0, true), 4);
        assert_eq!(bs(&p, 3, &i, 0, true), 4);
        assert_eq!(bs(&i, 3, &i, 0, true), 4);
        assert_eq!(bs(&i, 0, &i, 1, false), 3);
        // Intra wins over coefficients and motion.
        let busy = MbInfo {
            nonzero_luma: 0xffff,
            mv: [[100, -100]; 16],
            ..inter()
        };
        assert_eq!(bs(&busy, 12, &i, 0, true), 4);
    }

    #[test]
    fn coefficients_on_either_side_give_2() {
        let p = inter();
        let coded = MbInfo {
            nonzero_luma: 1 << 5,
            ..inter()
        };
        assert_eq!(bs(&coded, 5, &p, 6, false), 2);
        assert_eq!(bs(&p, 4, &coded, 5, false), 2);
        assert_eq!(bs(&coded, 5, &p, 0, true), 2);
        // Coefficients in another block do not count.
        assert_eq!(bs(&coded, 6, &p, 7, false), 0);
        // Coefficients beat motion.
        let moved = MbInfo {
            mv: [[40, 0]; 16],
            ..coded
        };
        assert_eq!(bs(&moved, 5, &p, 6, false), 2);
    }

    #[test]
    fn different_reference_gives_1() {
        let p = inter();
        let other_ref = MbInfo {
            ref_idx: [0, 1, 0, 0],
            ..inter()
        };
        // Block 2 (row 0, col 2) lies in 8x8 partition 1.
        assert_eq!(bs(&other_ref, 2, &p, 3, false), 1);
        assert_eq!(bs(&other_ref, 1, &other_ref, 2, false), 1);
        assert_eq!(bs(&other_ref, 0, &other_ref, 1, false), 0);
        // Block 9 (row 2, col 1) lies in partition 2, block 13 below it too.
        let r2 = MbInfo {
            ref_idx: [0, 0, 3, 0],
            ..inter()
        };
        assert_eq!(bs(&r2, 5, &r2, 9, false), 1);
        assert_eq!(bs(&r2, 9, &r2, 13, false), 0);
    }

    #[test]
    fn motion_difference_of_4_quarter_samples_gives_1() {
        let a = MbInfo {
            mv: [[10, -6]; 16],
            ..inter()
        };
        for (d, expect) in [(3, 0), (-3, 0), (4, 1), (-4, 1), (9, 1)] {
            let bx = MbInfo {
                mv: [[10 + d, -6]; 16],
                ..inter()
            };
            let by = MbInfo {
                mv: [[10, -6 + d]; 16],
                ..inter()
            };
            assert_eq!(bs(&a, 3, &bx, 0, true), expect, "dx {d}");
            assert_eq!(bs(&a, 3, &by, 0, true), expect, "dy {d}");
        }
        // Extreme vectors do not overflow.
        let lo = MbInfo {
            mv: [[i16::MIN, i16::MIN]; 16],
            ..inter()
        };
        let hi = MbInfo {
            mv: [[i16::MAX, i16::MAX]; 16],
            ..inter()
        };
        assert_eq!(bs(&lo, 0, &hi, 1, false), 1);
    }

    #[test]
    fn p_skip_is_inter_with_reference_0_and_no_coefficients() {
        let skip = MbInfo {
            kind: MbKind::Skip,
            ref_idx: [-1; 4],
            mv: [[8, 4]; 16],
            ..MbInfo::default()
        };
        let same = MbInfo {
            mv: [[8, 4]; 16],
            ..inter()
        };
        assert_eq!(bs(&skip, 3, &same, 0, true), 0);
        assert_eq!(bs(&skip, 0, &skip, 1, false), 0);
        let ref1 = MbInfo {
            ref_idx: [1; 4],
            ..same
        };
        assert_eq!(bs(&skip, 3, &ref1, 0, true), 1);
        let moved = MbInfo {
            mv: [[8, 0]; 16],
            ..same
        };
        assert_eq!(bs(&moved, 3, &skip, 0, true), 1);
        assert_eq!(bs(&skip, 12, &intra(), 0, true), 4);
    }

    #[test]
    fn macroblock_strengths_pair_the_right_blocks() {
        // Left neighbour: coefficients only in its block 7 (row 1, col 3).
        let left = MbInfo {
            nonzero_luma: 1 << 7,
            ..inter()
        };
        // Top neighbour: different vector only in its block 14 (row 3, col 2).
        let mut top = inter();
        top.mv[14] = [0, 4];
        // Current: coefficients in block 10 (row 2, col 2).
        let cur = MbInfo {
            nonzero_luma: 1 << 10,
            ..inter()
        };
        let bs = mb_strengths(&cur, Some(&left), Some(&top), &RefPicIds::default());
        assert_eq!(bs[0][0], [0, 2, 0, 0]);
        assert_eq!(bs[1][0], [0, 0, 1, 0]);
        // Vertical edges 2 (p = block 9) and 3 (p = block 10) in row 2.
        assert_eq!(bs[0][2], [0, 0, 2, 0]);
        assert_eq!(bs[0][3], [0, 0, 2, 0]);
        assert_eq!(bs[0][1], [0; 4]);
        // Horizontal edges 2 (p = block 6) and 3 (p = block 10) in column 2.
        assert_eq!(bs[1][2], [0, 0, 2, 0]);
        assert_eq!(bs[1][3], [0, 0, 2, 0]);
        assert_eq!(bs[1][1], [0; 4]);

        let none = mb_strengths(&intra(), None, None, &RefPicIds::default());
        assert_eq!(none[0][0], [0; 4]);
        assert_eq!(none[1][0], [0; 4]);
        assert_eq!(none[0][1], [3; 4]);
        assert_eq!(
            mb_strengths(&intra(), Some(&inter()), None, &RefPicIds::default())[0][0],
            [4; 4]
        );
    }

    #[test]
    fn transform_block_masks() {
        assert_eq!(transform_block_mask(6, false), 1 << 6);
        // With the 8x8 transform, block 6 (row 1, col 2) is in the top-right 8x8 block made
        // of blocks 2, 3, 6, 7; block 13 in the bottom-left one.
        for b in [2, 3, 6, 7] {
            assert_eq!(transform_block_mask(b, true), 0b1100_1100);
        }
        assert_eq!(
            transform_block_mask(13, true),
            (1 << 8) | (1 << 9) | (1 << 12) | (1 << 13)
        );
        assert_eq!(transform_block_mask(15, true), 0xcc00);
    }
}
