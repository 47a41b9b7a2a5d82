//! Macroblocks of B slices (§8.4 with two lists): direct prediction (B_Skip and
//! B_Direct_16x16), 16x16 motion from list 0, list 1 or both, and their coding (16x8 and
//! 8x16 partitions are searched in [`super::bpart`]).
//!
//! Bi-prediction is the default weighted average (§8.4.2.3.1): each list's prediction is
//! rounded to 8 bits first, then `(a + b + 1) >> 1`, for luma and chroma alike.

use super::inter::{
    PartMode, Search, code_residual, finish_inter, mv_context, predict_into_recon, to_mv,
};
use super::layer::{LayerPred, MbLayer, PredDir};
use super::{Coded, MbAvailability, MbCoder};
use crate::cost::satd;
use crate::direct::{DirectMotion, TemporalFrame, spatial, temporal};
use crate::mb::cabac_writer::DIRECT_16X16;
use crate::mb_info::{MbInfo, MbKind};
use crate::mc::predict_luma_halfpel;
use crate::mvpred::{Mv, PartShape};

/// The motion of one partition of a B macroblock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BPart {
    /// The lists used.
    pub dir: PredDir,
    /// Reference index per list (−1 when unused).
    pub refs: [i8; 2],
    /// Vector per list.
    pub mvs: [Mv; 2],
    /// Predictor per list.
    pub mvps: [Mv; 2],
}

/// A motion choice of a B macroblock: 16x16, or 16x8 / 8x16 with each partition's own
/// lists and vectors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BPlan {
    /// Partitioning (`P16x16`, `P16x8` or `P8x16`).
    pub mode: PartMode,
    /// Each partition's motion, in decoding order.
    pub parts: Vec<BPart>,
    /// SATD + λ·(motion and type bits).
    pub cost: u32,
    /// Code the luma residual with the 8x8 transform.
    pub transform_8x8: bool,
}

/// The direct motion of macroblock `addr` in the slice's direct mode; `None` when temporal
/// direct cannot express it (see [`temporal`]: the macroblock may then be neither B_Skip
/// nor B_Direct_16x16).
pub fn direct_motion(coder: &MbCoder<'_>, addr: usize) -> Option<DirectMotion> {
    if !coder.temporal_direct {
        return Some(spatial_direct(coder, addr));
    }
    let col_ref = coder.refs_l1.first()?;
    let col = col_ref.mbs.get(addr).copied().unwrap_or_default();
    let l0_pocs: Vec<i32> = coder.refs.iter().map(|r| r.poc).collect();
    let frame = TemporalFrame {
        poc: coder.poc,
        l0_pocs: &l0_pocs,
        col_poc: col_ref.poc,
        col_lists: col_ref.list_pocs,
    };
    temporal(&col, &frame)
}

/// The spatial direct motion of macroblock `addr` (it always exists).
fn spatial_direct(coder: &MbCoder<'_>, addr: usize) -> DirectMotion {
    let col = coder
        .refs_l1
        .first()
        .and_then(|r| r.mbs.get(addr))
        .copied()
        .unwrap_or_default();
    let l0 = mv_context(coder, addr);
    let mut l1 = mv_context(coder, addr);
    l1.list = 1;
    spatial(&l0, &l1, &col)
}

/// Predicts the macroblock by its direct motion (quadrant by quadrant when the vectors
/// differ).
fn predict_direct(coder: &mut MbCoder<'_>, addr: usize, d: &DirectMotion) {
    let (mx, my) = coder.mb_origin(addr);
    let lists = |q: usize| {
        let l = |list: usize| d.uses(list).then(|| (d.ref_idx[list][q], d.mv[list][q]));
        (l(0), l(1))
    };
    if d.is_uniform() {
        let (a, b) = lists(0);
        predict_into_recon(coder, (mx, my, 16, 16), a, b);
    } else {
        for q in 0..4 {
            let (a, b) = lists(q);
            let rect = (mx + (q % 2) * 8, my + (q / 2) * 8, 8, 8);
            predict_into_recon(coder, rect, a, b);
        }
    }
}

/// What later macroblocks and pictures need of a direct-predicted macroblock.
fn direct_info(d: &DirectMotion, kind: MbKind) -> MbInfo {
    let mut info = MbInfo {
        kind,
        direct: 0x0F | DIRECT_16X16,
        ref_idx: d.ref_idx[0],
        ref_idx_l1: d.ref_idx[1],
        ..MbInfo::default()
    };
    for b in 0..16 {
        let q = (b / 8) * 2 + (b % 4) / 2;
        if d.uses(0) {
            info.mv[b] = d.mv[0][q];
        }
        if d.uses(1) {
            info.mv_l1[b] = d.mv[1][q];
        }
    }
    info
}

/// Codes the macroblock as B_Skip with direct motion `d` (prediction only).
pub fn code_as_skip(coder: &mut MbCoder<'_>, addr: usize, d: &DirectMotion) {
    predict_direct(coder, addr, d);
    coder.finish(addr, direct_info(d, MbKind::Skip));
}

/// Codes the macroblock as B_Skip with its own direct motion (every macroblock of an
/// all-skip picture, whose slices always use spatial direct: it exists for every
/// macroblock).
pub fn code_as_predicted_skip(coder: &mut MbCoder<'_>, addr: usize) {
    debug_assert!(
        !coder.temporal_direct,
        "all-skip pictures use spatial direct"
    );
    let d = spatial_direct(coder, addr);
    code_as_skip(coder, addr, &d);
}

/// Codes the macroblock as B_Direct_16x16 (direct motion plus residual); returns `None`
/// after coding it as B_Skip when no residual remains.
pub fn code_as_direct(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    d: &DirectMotion,
    transform_8x8: bool,
) -> Option<MbLayer> {
    predict_direct(coder, addr, d);
    let res = code_residual(coder, addr, avail, coder.tools.rd_levels, transform_8x8);
    if res.is_empty() {
        coder.finish(addr, direct_info(d, MbKind::Skip));
        return None;
    }
    let pred = LayerPred::B {
        mode: None,
        dirs: [PredDir::L0; 2],
        refs: [[0; 2]; 2],
        ref_count: [0; 2],
        mvds: [[[0; 2]; 2]; 2],
    };
    Some(finish_inter(
        coder,
        addr,
        pred,
        res,
        direct_info(d, MbKind::Inter),
    ))
}

/// Bits of the B mb_type codes of the 16x16 types (CAVLC ue(v) lengths of 1, 2, 3; CABAC
/// spends about as many), for the motion-search cost.
fn type_bits(dir: PredDir) -> u32 {
    match dir {
        PredDir::L0 | PredDir::L1 => 3,
        PredDir::Bi => 5,
    }
}

/// The best 16x16 vector of list `list` over all its references: (cost, ref, mv, mvp).
fn search_list(
    coder: &MbCoder<'_>,
    addr: usize,
    list: usize,
    seeds: &[[i32; 2]],
) -> (u32, i8, Mv, Mv) {
    let (mx, my) = coder.mb_origin(addr);
    let mut ctx = mv_context(coder, addr);
    ctx.list = list;
    let (a, b, c) = ctx.neighbours(0, 0, 4);
    let mut best = (u32::MAX, 0i8, [0i16; 2], [0i16; 2]);
    for r in 0..coder.list(list).len() {
        let mvp = ctx.predict(0, 0, 4, r as i8, PartShape::Other);
        let search = Search::new(coder, list, mx as i32, my as i32, 16, 16, mvp, r);
        let mut cands: Vec<[i32; 2]> = seeds.to_vec();
        for n in [a, b, c] {
            if n.ref_idx == r as i8 {
                cands.push([i32::from(n.mv[0]), i32::from(n.mv[1])]);
            }
        }
        let full = search.integer(&cands, true);
        let (mv, cost) = search.subpel(full);
        if cost < best.0 {
            best = (cost, r as i8, to_mv(mv), mvp);
        }
    }
    best
}

/// SATD of the bi-predicted block `(x, y, w, h)` (luma pixels, at most 16x16).
pub(super) fn bi_satd(
    coder: &MbCoder<'_>,
    (x, y, w, h): (usize, usize, usize, usize),
    refs: [i8; 2],
    mvs: [Mv; 2],
) -> u32 {
    let mut buf = [[0u8; 256]; 2];
    for list in 0..2 {
        let Some(r) = coder.list(list).get(refs[list] as usize) else {
            return u32::MAX / 4;
        };
        predict_luma_halfpel(
            &r.picture.y,
            r.halfpel,
            x as isize,
            y as isize,
            i32::from(mvs[list][0]),
            i32::from(mvs[list][1]),
            w,
            h,
            &mut buf[list],
        );
    }
    let [mut a, b] = buf;
    super::inter::bipred(&mut a[..w * h], &b[..w * h], coder.bipred_weights(refs));
    let src = &coder.src.y;
    let si = src.index(x as isize, y as isize);
    satd(&src.data[si..], src.stride, &a, w, w, h)
}

/// Direct motion (`None` when the slice's direct mode has none for this macroblock), then —
/// unless the direct prediction leaves no residual, in which case the macroblock is coded
/// as B_Skip and `Err` returned — the 16x16 list 0, list 1 and bi-predicted plans,
/// cheapest first.
#[allow(clippy::type_complexity)]
pub fn analyse(
    coder: &mut MbCoder<'_>,
    addr: usize,
) -> Result<(Option<DirectMotion>, Vec<BPlan>), Coded> {
    let direct = direct_motion(coder, addr);
    let mut seeds = vec![[0, 0]];
    if let Some(d) = &direct {
        predict_direct(coder, addr, d);
        let avail = MbAvailability::of(addr, coder.state.mb_width, coder.slice_first);
        if code_residual(coder, addr, avail, false, false).is_empty() {
            coder.finish(addr, direct_info(d, MbKind::Skip));
            return Err(Coded::Skipped);
        }
        for list in 0..2 {
            if d.uses(list) {
                let m = d.mv[list][0];
                seeds.push([i32::from(m[0]), i32::from(m[1])]);
            }
        }
    }
    let lambda = coder.lambda;
    let s0 = search_list(coder, addr, 0, &seeds);
    let s1 = search_list(coder, addr, 1, &seeds);
    let single = |dir: PredDir, (cost, r, mv, mvp): (u32, i8, Mv, Mv)| {
        let list = usize::from(dir == PredDir::L1);
        let mut refs = [-1; 2];
        let mut mvs = [[0; 2]; 2];
        let mut mvps = [[0; 2]; 2];
        refs[list] = r;
        mvs[list] = mv;
        mvps[list] = mvp;
        BPlan {
            mode: PartMode::P16x16,
            parts: vec![BPart {
                dir,
                refs,
                mvs,
                mvps,
            }],
            cost: cost.saturating_add(lambda * type_bits(dir)),
            transform_8x8: false,
        }
    };
    let mut plans = vec![single(PredDir::L0, s0), single(PredDir::L1, s1)];
    // Both lists' best vectors averaged; their motion costs are the single searches'
    // costs minus their SATDs, which `Search::mv_cost` gives directly.
    let refs = [s0.1, s1.1];
    let mvs = [s0.2, s1.2];
    let mvps = [s0.3, s1.3];
    let mut motion = 0u32;
    for list in 0..2 {
        let (mx, my) = coder.mb_origin(addr);
        let s = Search::new(
            coder,
            list,
            mx as i32,
            my as i32,
            16,
            16,
            mvps[list],
            refs[list] as usize,
        );
        motion =
            motion.saturating_add(s.mv_cost([i32::from(mvs[list][0]), i32::from(mvs[list][1])]));
    }
    let (mx, my) = coder.mb_origin(addr);
    let bi_cost = bi_satd(coder, (mx, my, 16, 16), refs, mvs)
        .saturating_add(motion)
        .saturating_add(lambda * type_bits(PredDir::Bi));
    plans.push(BPlan {
        mode: PartMode::P16x16,
        parts: vec![BPart {
            dir: PredDir::Bi,
            refs,
            mvs,
            mvps,
        }],
        cost: bi_cost,
        transform_8x8: false,
    });
    // 16x8 and 8x16 partitions, seeded with the 16x16 winners of both lists.
    seeds.extend([s0.2, s1.2].map(|m| [i32::from(m[0]), i32::from(m[1])]));
    let l0_refs = if coder.tools.b_partitions {
        super::inter::partition_refs(coder, addr, s0.1)
    } else {
        Vec::new()
    };
    if coder.tools.b_partitions {
        for mode in [PartMode::P16x8, PartMode::P8x16] {
            plans.push(super::bpart::search(coder, addr, mode, &seeds, &l0_refs));
        }
    }
    plans.sort_by_key(|p| p.cost);
    Ok((direct, plans))
}

/// Codes the macroblock with `plan`'s partitions and motion and returns its syntax.
pub fn code_as_b(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    plan: &BPlan,
) -> Option<MbLayer> {
    let (mx, my) = coder.mb_origin(addr);
    let mut refs = [[0u8; 2]; 2];
    let mut mvds = [[[0i32; 2]; 2]; 2];
    let mut dirs = [PredDir::L0; 2];
    let mut info = MbInfo {
        kind: MbKind::Inter,
        ref_idx: [-1; 4],
        ref_idx_l1: [-1; 4],
        ..MbInfo::default()
    };
    for (p, (&(px, py, pw, ph, _), part)) in
        plan.mode.partitions().iter().zip(&plan.parts).enumerate()
    {
        let l = |list: usize| {
            part.dir
                .uses(list)
                .then(|| (part.refs[list], part.mvs[list]))
        };
        let (px, py, pw, ph) = (px as usize, py as usize, pw as usize, ph as usize);
        predict_into_recon(
            coder,
            (mx + px * 4, my + py * 4, pw * 4, ph * 4),
            l(0),
            l(1),
        );
        dirs[p] = part.dir;
        for list in (0..2).filter(|&l| part.dir.uses(l)) {
            refs[list][p] = part.refs[list].max(0) as u8;
            mvds[list][p] = [
                i32::from(part.mvs[list][0]) - i32::from(part.mvps[list][0]),
                i32::from(part.mvs[list][1]) - i32::from(part.mvps[list][1]),
            ];
            for by in py..py + ph {
                for bx in px..px + pw {
                    let (mv, r) = if list == 0 {
                        (&mut info.mv, &mut info.ref_idx)
                    } else {
                        (&mut info.mv_l1, &mut info.ref_idx_l1)
                    };
                    mv[by * 4 + bx] = part.mvs[list];
                    r[(by / 2) * 2 + bx / 2] = part.refs[list];
                }
            }
        }
    }
    let res = code_residual(
        coder,
        addr,
        avail,
        coder.tools.rd_levels,
        plan.transform_8x8,
    );
    let pred = LayerPred::B {
        mode: Some(plan.mode),
        dirs,
        refs,
        ref_count: [coder.refs.len() as u32, coder.refs_l1.len() as u32],
        mvds,
    };
    Some(finish_inter(coder, addr, pred, res, info))
}
