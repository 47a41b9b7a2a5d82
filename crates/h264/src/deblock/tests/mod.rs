//! Picture-level tests of the deblocking filter.

mod random;
mod reference;

use super::{DeblockParams, deblock_picture};
use crate::mb_info::{MbInfo, MbKind};
use crate::picture::{Picture, Plane};
use reference::reference_line;

/// α, β and tC0 (bS 1, 2, 3) at indexA = indexB = 30, read off Tables 8-16 and 8-17.
const ALPHA_30: i32 = 25;
const BETA_30: i32 = 8;
const TC0_30: [i32; 3] = [1, 1, 2];

fn intra(qp: u8) -> MbInfo {
    MbInfo {
        kind: MbKind::Intra,
        qp,
        ref_idx: [-1; 4],
        ..MbInfo::default()
    }
}

fn inter_coded(qp: u8) -> MbInfo {
    MbInfo {
        kind: MbKind::Inter,
        qp,
        nonzero_luma: 0xffff,
        ref_idx: [0; 4],
        ..MbInfo::default()
    }
}

fn idc(disable_deblocking_filter_idc: u8) -> DeblockParams {
    DeblockParams {
        disable_deblocking_filter_idc,
        ..DeblockParams::default()
    }
}

/// Fills the rectangle from (x, y), `w`×`h`, of `plane` with `v`.
fn fill(plane: &mut Plane, (x, y): (usize, usize), (w, h): (usize, usize), v: u8) {
    for row in y..y + h {
        plane.row_mut(row)[x..x + w].fill(v);
    }
}

/// The naive single-line model: filters `row` across each vertical edge in `edges`
/// ((position of q0, bS), in the order given) with the QP-30 thresholds.
fn naive_row(row: &[u8], edges: &[(usize, u8)], chroma: bool) -> Vec<u8> {
    let mut r: Vec<i32> = row.iter().map(|&v| i32::from(v)).collect();
    for &(x, bs) in edges {
        let p = [r[x - 1], r[x - 2], r[x - 3], r[x - 4]];
        let q = [r[x], r[x + 1], r[x + 2], r[x + 3]];
        let tc0 = if (1..=3).contains(&bs) {
            TC0_30[usize::from(bs) - 1]
        } else {
            0
        };
        let (pf, qf) = reference_line(p, q, bs, ALPHA_30, BETA_30, tc0, chroma);
        for i in 0..4 {
            r[x - 1 - i] = pf[i];
            r[x + i] = qf[i];
        }
    }
    r.into_iter().map(|v| v as u8).collect()
}

/// A 2x1-macroblock picture: luma 100 on the left macroblock, `100 + step` on the right.
fn luma_step(step: u8) -> Picture {
    let mut pic = Picture::new(2, 1);
    fill(&mut pic.y, (0, 0), (16, 16), 100);
    fill(&mut pic.y, (16, 0), (16, 16), 100 + step);
    pic
}

fn all_rows_equal(plane: &Plane, expected: &[u8]) -> bool {
    (0..plane.height).all(|y| plane.row(y) == expected)
}

#[test]
fn flat_picture_is_unchanged() {
    let mut pic = Picture::new(4, 3);
    fill(&mut pic.y, (0, 0), (64, 48), 77);
    fill(&mut pic.cb, (0, 0), (32, 24), 200);
    fill(&mut pic.cr, (0, 0), (32, 24), 3);
    let mut mbs: Vec<MbInfo> = (0..12)
        .map(|i| match i % 3 {
            0 => intra(51),
            1 => inter_coded(40),
            _ => MbInfo {
                kind: MbKind::Skip,
                qp: 45,
                mv: [[64, -32]; 16],
                ..MbInfo::default()
            },
        })
        .collect();
    mbs[5].ref_idx = [1, 0, 2, 0];
    let before = pic.clone();
    let strong = DeblockParams {
        alpha_c0_offset: 12,
        beta_offset: 12,
        ..idc(0)
    };
    deblock_picture(&mut pic, &mbs, &[strong]);
    assert_eq!(pic, before);
}

#[test]
fn step_between_intra_macroblocks_at_qp_30() {
    // Edges of the row in order: MB 0 internal (bS 3), MB 1 left edge (bS 4) and internal.
    let edges = [(4, 3), (8, 3), (12, 3), (16, 4), (20, 3), (24, 3), (28, 3)];
    // Step 5 < (α >> 2) + 2 = 8: strong filter; step 10: 3-tap filter; step 25 = α: none.
    for (step, changed) in [(5, &[13, 14, 15, 16, 17, 18][..]), (10, &[15, 16][..])] {
        let mut pic = luma_step(step);
        let row = pic.y.row(0).to_vec();
        let expected = naive_row(&row, &edges, false);
        for x in 0..32 {
            assert_eq!(
                expected[x] != row[x],
                changed.contains(&x),
                "step {step}: x {x}"
            );
        }
        deblock_picture(&mut pic, &[intra(30), intra(30)], &[idc(0)]);
        assert!(
            all_rows_equal(&pic.y, &expected),
            "step {step}: {:?}",
            pic.y.row(0)
        );
    }
    let mut pic = luma_step(25);
    let before = pic.clone();
    deblock_picture(&mut pic, &[intra(30), intra(30)], &[idc(0)]);
    assert_eq!(pic, before);
}

#[test]
fn later_edges_see_samples_filtered_by_earlier_edges() {
    // Inter macroblocks with coefficients: bS 2 everywhere. The MB edge moves x = 17 from
    // 110 to 109, which lets the internal edge at x = 20 change x = 18 as well.
    let mut pic = luma_step(10);
    let row = pic.y.row(0).to_vec();
    let edges: Vec<(usize, u8)> = (1..8).map(|e| (4 * e, 2)).collect();
    let expected = naive_row(&row, &edges, false);
    let mb_edge_only = naive_row(&row, &[(16, 2)], false);
    assert_eq!(&expected[12..20], [100, 100, 101, 103, 107, 109, 109, 110]);
    assert_ne!(expected, mb_edge_only);
    deblock_picture(&mut pic, &[inter_coded(30), inter_coded(30)], &[idc(0)]);
    assert!(all_rows_equal(&pic.y, &expected), "{:?}", pic.y.row(0));
}

#[test]
fn idc_1_disables_all_filtering() {
    let mut pic = luma_step(10);
    fill(&mut pic.cb, (8, 0), (8, 8), 140);
    fill(&mut pic.y, (0, 4), (32, 1), 90);
    let before = pic.clone();
    deblock_picture(&mut pic, &[intra(40), intra(40)], &[idc(1)]);
    assert_eq!(pic, before);
    // Two slices, both disabled.
    let mut two = [intra(40), intra(40)];
    two[1].slice = 1;
    deblock_picture(&mut pic, &two, &[idc(1), idc(1)]);
    assert_eq!(pic, before);
}

#[test]
fn idc_2_stops_at_slice_boundaries_only() {
    // Horizontal neighbours in slices 0 and 1, a step at the MB edge and one inside MB 1.
    let make = || {
        let mut pic = luma_step(10);
        fill(&mut pic.y, (24, 0), (8, 16), 120);
        pic
    };
    let mut mbs = [intra(30), intra(30)];
    mbs[1].slice = 1;
    let row = make().y.row(0).to_vec();
    let internal: Vec<(usize, u8)> = [4, 8, 12, 20, 24, 28].iter().map(|&x| (x, 3)).collect();
    let all: Vec<(usize, u8)> = [4, 8, 12, 16, 20, 24, 28]
        .iter()
        .map(|&x| (x, if x == 16 { 4 } else { 3 }))
        .collect();

    let mut pic = make();
    deblock_picture(&mut pic, &mbs, &[idc(2), idc(2)]);
    let expected = naive_row(&row, &internal, false);
    assert_eq!(expected[15..17], [100, 110]);
    assert_ne!(expected[23..25], [110, 120]);
    assert!(all_rows_equal(&pic.y, &expected), "{:?}", pic.y.row(0));

    // The current macroblock's slice decides: slice 1 with idc 0 filters its left edge even
    // though slice 0 has idc 2.
    let mut pic = make();
    deblock_picture(&mut pic, &mbs, &[idc(2), idc(0)]);
    assert!(all_rows_equal(&pic.y, &naive_row(&row, &all, false)));

    // idc 0 filters across the slice boundary; idc 2 within one slice filters everything.
    let mut pic = make();
    deblock_picture(&mut pic, &mbs, &[idc(0), idc(0)]);
    assert!(all_rows_equal(&pic.y, &naive_row(&row, &all, false)));
    let mut pic = make();
    deblock_picture(&mut pic, &[intra(30), intra(30)], &[idc(2)]);
    assert!(all_rows_equal(&pic.y, &naive_row(&row, &all, false)));

    // Vertical neighbours: the top edge is skipped the same way.
    let mut pic = Picture::new(1, 2);
    fill(&mut pic.y, (0, 16), (16, 16), 110);
    fill(&mut pic.y, (0, 0), (16, 16), 100);
    let before = pic.clone();
    deblock_picture(&mut pic, &mbs, &[idc(2), idc(2)]);
    assert_eq!(pic, before);
    deblock_picture(&mut pic, &mbs, &[idc(2), idc(0)]);
    assert_eq!((pic.y.at(3, 15), pic.y.at(3, 16)), (103, 108));
}

#[test]
fn chroma_qp_index_offset_is_honoured() {
    // A Cb and Cr step of 30 at the MB edge between intra MBs at QP 30. Default offset:
    // QPC = 29, α(29) = 22 ≤ 30, untouched. Offset +6: qPI 36, QPC 34, α(34) = 40 > 30.
    let make = || {
        let mut pic = Picture::new(2, 1);
        for plane in [&mut pic.cb, &mut pic.cr] {
            fill(plane, (0, 0), (8, 8), 100);
            fill(plane, (8, 0), (8, 8), 130);
        }
        pic
    };
    let mbs = [intra(30), intra(30)];
    let mut pic = make();
    let before = pic.clone();
    deblock_picture(&mut pic, &mbs, &[idc(0)]);
    assert_eq!(pic, before);

    let mut pic = make();
    let params = DeblockParams {
        chroma_qp_index_offset: 6,
        ..idc(0)
    };
    deblock_picture(&mut pic, &mbs, &[params]);
    // Chroma bS 4: p0' = (2·p1 + p0 + q1 + 2) >> 2 = 108, q0' = 123.
    let mut expected = before.cb.row(0).to_vec();
    (expected[7], expected[8]) = (108, 123);
    assert!(all_rows_equal(&pic.cb, &expected), "{:?}", pic.cb.row(0));
    assert!(all_rows_equal(&pic.cr, &expected));
    assert_eq!(pic.y, before.y);

    // A negative offset lowers QPC: a step of 15 filtered at the default (α(29) = 22) is
    // left alone at −6 (QPC 24, α(24) = 12).
    let mut pic = Picture::new(2, 1);
    fill(&mut pic.cb, (8, 0), (8, 8), 143);
    let before = pic.clone();
    deblock_picture(
        &mut pic,
        &mbs,
        &[DeblockParams {
            chroma_qp_index_offset: -6,
            ..idc(0)
        }],
    );
    assert_eq!(pic, before);
    deblock_picture(&mut pic, &mbs, &[idc(0)]);
    assert_ne!(pic, before);
}

#[test]
fn chroma_uses_the_bs_of_the_corresponding_luma_samples() {
    // Inter MBs: the left one has coefficients only in its 4x4 block 7 (rows 4..8), so only
    // luma rows 4..8, i.e. chroma rows 2..4, of the MB edge get bS 2; the rest bS 0.
    let mut left = inter_coded(36);
    left.nonzero_luma = 1 << 7;
    let mut right = inter_coded(36);
    right.nonzero_luma = 0;
    let mut pic = Picture::new(2, 1);
    fill(&mut pic.cb, (8, 0), (8, 8), 134);
    deblock_picture(&mut pic, &[left, right], &[idc(0)]);
    // Column 8 (q0) is touched by the MB edge only: MB 1 has bS 0 on its internal edges.
    for y in 0..8 {
        let changed = pic.cb.at(8, y) != 134;
        assert_eq!(changed, (2..4).contains(&y), "chroma row {y}");
    }
}

#[test]
fn malformed_input_is_ignored_without_panicking() {
    let mut pic = luma_step(10);
    let before = pic.clone();
    // No parameters for the slice, or no macroblock information at all.
    deblock_picture(&mut pic, &[intra(30), intra(30)], &[]);
    deblock_picture(&mut pic, &[], &[idc(0)]);
    let mut other_slice = [intra(30), intra(30)];
    other_slice[0].slice = 9;
    other_slice[1].slice = 9;
    deblock_picture(&mut pic, &other_slice, &[idc(0)]);
    // Values of the idc beyond 2, out-of-range QPs and offsets.
    deblock_picture(&mut pic, &[intra(30), intra(30)], &[idc(3)]);
    assert_eq!(pic, before);
    let wild = DeblockParams {
        disable_deblocking_filter_idc: 0,
        alpha_c0_offset: i8::MAX,
        beta_offset: i8::MIN,
        chroma_qp_index_offset: i8::MIN,
        ..DeblockParams::default()
    };
    deblock_picture(&mut pic, &[intra(255), intra(200)], &[wild]);
    // More macroblock entries than the picture has.
    deblock_picture(&mut pic, &[intra(30); 5], &[idc(0)]);
    // Planes that do not form a 4:2:0 picture.
    let mut broken = luma_step(10);
    broken.cb = Plane::new(4, 4, 2, 0);
    let broken_before = broken.clone();
    deblock_picture(&mut broken, &[intra(30), intra(30)], &[idc(0)]);
    assert_eq!(broken, broken_before);
    broken.cb = Plane::new(16, 8, 24, 0);
    broken.y.data.truncate(10);
    deblock_picture(&mut broken, &[intra(30), intra(30)], &[idc(0)]);
}
