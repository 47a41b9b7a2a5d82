//! A deliberately naive second transcription of §8.7 for the tests: it walks every sample
//! of every edge in picture coordinates, finds the macroblocks and 4x4 blocks of p0 and q0
//! from the luma positions (chroma via the corresponding luma samples, §8.7.2.1), derives bS
//! and the thresholds per sample, and applies the formulas of §8.7.2.3 / §8.7.2.4 as written.
//! It shares only the constant tables with the real implementation.

use crate::deblock::DeblockParams;
use crate::deblock::tables::{ALPHA, BETA, TC0, chroma_qp};
use crate::mb_info::{MbInfo, MbKind};
use crate::picture::{Picture, Plane};

/// Filters one line given p0..p3 and q0..q3; returns the new values. `chroma` selects
/// chromaStyleFilteringFlag = 1.
#[allow(clippy::too_many_arguments)]
pub(super) fn reference_line(
    p: [i32; 4],
    q: [i32; 4],
    bs: u8,
    alpha: i32,
    beta: i32,
    tc0: i32,
    chroma: bool,
) -> ([i32; 4], [i32; 4]) {
    let clip3 = |lo: i32, hi: i32, x: i32| {
        if x < lo {
            lo
        } else if x > hi {
            hi
        } else {
            x
        }
    };
    let clip1 = |x: i32| clip3(0, 255, x);
    let (mut pf, mut qf) = (p, q);
    let filter_samples_flag = bs != 0
        && (p[0] - q[0]).abs() < alpha
        && (p[1] - p[0]).abs() < beta
        && (q[1] - q[0]).abs() < beta;
    if !filter_samples_flag {
        return (pf, qf);
    }
    let ap = (p[2] - p[0]).abs();
    let aq = (q[2] - q[0]).abs();
    if bs < 4 {
        let tc = if chroma {
            tc0 + 1
        } else {
            tc0 + if ap < beta { 1 } else { 0 } + if aq < beta { 1 } else { 0 }
        };
        let delta = clip3(-tc, tc, (((q[0] - p[0]) << 2) + (p[1] - q[1]) + 4) >> 3);
        pf[0] = clip1(p[0] + delta);
        qf[0] = clip1(q[0] - delta);
        if !chroma && ap < beta {
            pf[1] = p[1]
                + clip3(
                    -tc0,
                    tc0,
                    (p[2] + ((p[0] + q[0] + 1) >> 1) - (p[1] << 1)) >> 1,
                );
        }
        if !chroma && aq < beta {
            qf[1] = q[1]
                + clip3(
                    -tc0,
                    tc0,
                    (q[2] + ((p[0] + q[0] + 1) >> 1) - (q[1] << 1)) >> 1,
                );
        }
    } else {
        let small_gap = (p[0] - q[0]).abs() < ((alpha >> 2) + 2);
        if !chroma && ap < beta && small_gap {
            pf[0] = (p[2] + 2 * p[1] + 2 * p[0] + 2 * q[0] + q[1] + 4) >> 3;
            pf[1] = (p[2] + p[1] + p[0] + q[0] + 2) >> 2;
            pf[2] = (2 * p[3] + 3 * p[2] + p[1] + p[0] + q[0] + 4) >> 3;
        } else {
            pf[0] = (2 * p[1] + p[0] + q[1] + 2) >> 2;
        }
        if !chroma && aq < beta && small_gap {
            qf[0] = (p[1] + 2 * p[0] + 2 * q[0] + 2 * q[1] + q[2] + 4) >> 3;
            qf[1] = (p[0] + q[0] + q[1] + q[2] + 2) >> 2;
            qf[2] = (2 * q[3] + 3 * q[2] + q[1] + q[0] + p[0] + 4) >> 3;
        } else {
            qf[0] = (2 * q[1] + q[0] + p[1] + 2) >> 2;
        }
    }
    (pf, qf)
}

/// bS for luma samples p0 at `lp` and q0 at `lq` (picture luma coordinates).
fn reference_bs(mbs: &[MbInfo], mb_width: usize, lp: (usize, usize), lq: (usize, usize)) -> u8 {
    let mb_at = |(x, y): (usize, usize)| &mbs[(y / 16) * mb_width + x / 16];
    let blk_at = |(x, y): (usize, usize)| (y % 16) / 4 * 4 + (x % 16) / 4;
    let (mp, mq) = (mb_at(lp), mb_at(lq));
    let (bp, bq) = (blk_at(lp), blk_at(lq));
    let mb_edge = (lp.0 / 16, lp.1 / 16) != (lq.0 / 16, lq.1 / 16);
    if mp.kind == MbKind::Intra || mq.kind == MbKind::Intra {
        return if mb_edge { 4 } else { 3 };
    }
    if (mp.nonzero_luma >> bp) & 1 == 1 || (mq.nonzero_luma >> bq) & 1 == 1 {
        return 2;
    }
    let part = |b: usize| (b / 4 / 2) * 2 + (b % 4) / 2;
    let refp = if mp.kind == MbKind::Skip {
        0
    } else {
        mp.ref_idx[part(bp)]
    };
    let refq = if mq.kind == MbKind::Skip {
        0
    } else {
        mq.ref_idx[part(bq)]
    };
    let dmv = |k: usize| (i32::from(mp.mv[bp][k]) - i32::from(mq.mv[bq][k])).abs();
    u8::from(refp != refq || dmv(0) >= 4 || dmv(1) >= 4)
}

/// The whole picture, macroblock by macroblock.
pub(super) fn reference_deblock(pic: &mut Picture, mbs: &[MbInfo], params: &[DeblockParams]) {
    let mb_width = pic.mb_width();
    for (addr, cur) in mbs.iter().enumerate() {
        let par = params[usize::from(cur.slice)];
        if par.disable_deblocking_filter_idc == 1 {
            continue;
        }
        let (mx, my) = (addr % mb_width, addr / mb_width);
        let left_ok =
            mx > 0 && (par.disable_deblocking_filter_idc != 2 || mbs[addr - 1].slice == cur.slice);
        let top_ok = my > 0
            && (par.disable_deblocking_filter_idc != 2 || mbs[addr - mb_width].slice == cur.slice);
        for component in 0..3 {
            let chroma = component != 0;
            let (n, sub) = if chroma { (8, 2) } else { (16, 1) };
            for vertical in [true, false] {
                for e in (0..n).step_by(4) {
                    if e == 0 && !(if vertical { left_ok } else { top_ok }) {
                        continue;
                    }
                    for k in 0..n {
                        let (qx, qy) = if vertical {
                            (mx * n + e, my * n + k)
                        } else {
                            (mx * n + k, my * n + e)
                        };
                        let lq = (qx * sub, qy * sub);
                        let lp = if vertical {
                            (lq.0 - 1, lq.1)
                        } else {
                            (lq.0, lq.1 - 1)
                        };
                        let bs = reference_bs(mbs, mb_width, lp, lq);
                        let qp_of = |l: (usize, usize)| {
                            let qp = mbs[(l.1 / 16) * mb_width + l.0 / 16].qp;
                            if chroma {
                                chroma_qp(qp, par.chroma_qp_index_offset)
                            } else {
                                qp
                            }
                        };
                        let qpav = (i32::from(qp_of(lp)) + i32::from(qp_of(lq)) + 1) >> 1;
                        let index_a = (qpav + i32::from(par.alpha_c0_offset)).clamp(0, 51);
                        let index_b = (qpav + i32::from(par.beta_offset)).clamp(0, 51);
                        let alpha = i32::from(ALPHA[index_a as usize]);
                        let beta = i32::from(BETA[index_b as usize]);
                        let tc0 = if (1..=3).contains(&bs) {
                            i32::from(TC0[index_a as usize][usize::from(bs) - 1])
                        } else {
                            0
                        };
                        let plane: &mut Plane = match component {
                            0 => &mut pic.y,
                            1 => &mut pic.cb,
                            _ => &mut pic.cr,
                        };
                        let pos = |i: isize| -> (isize, isize) {
                            if vertical {
                                (qx as isize + i, qy as isize)
                            } else {
                                (qx as isize, qy as isize + i)
                            }
                        };
                        let read = |plane: &Plane, i: isize| {
                            let (x, y) = pos(i);
                            i32::from(plane.at(x, y))
                        };
                        let p = [
                            read(plane, -1),
                            read(plane, -2),
                            read(plane, -3),
                            read(plane, -4),
                        ];
                        let q = [
                            read(plane, 0),
                            read(plane, 1),
                            read(plane, 2),
                            read(plane, 3),
                        ];
                        let (pf, qf) = reference_line(p, q, bs, alpha, beta, tc0, chroma);
                        for i in 0..3 {
                            let (x, y) = pos(-1 - i as isize);
                            let idx = plane.index(x, y);
                            plane.data[idx] = pf[i] as u8;
                            let (x, y) = pos(i as isize);
                            let idx = plane.index(x, y);
                            plane.data[idx] = qf[i] as u8;
                        }
                    }
                }
            }
        }
    }
}
