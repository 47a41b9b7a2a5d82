//! Inter macroblocks of P slices (§8.4): the P_Skip probe, motion search with predictors and
//! sub-sample refinement for 16x16, 16x8, 8x16 and 8x8 partitions, and their coding.

use super::block_rate::{BlockRate, chroma_ac_rate, luma_rate};
use super::intra::nonzero_bits;
use super::layer::{LayerPred, MbLayer};
use super::residual::{ChromaLevels, code_4x4, code_4x4_rdo, code_chroma};
use super::{Coded, MbAvailability, MbCoder};
use crate::cost::{sad, satd, se_bits, ue_bits};
use crate::mb_info::{MbInfo, MbKind};
use crate::mc::{predict_chroma, predict_luma_halfpel};
use crate::mvpred::{Mv, MvContext, PartShape};
use crate::quant::Component;

/// Half-width of the integer search window around the best predictor, in pixels.
const SEARCH_RANGE: i32 = 32;
/// Motion vectors stay within this many pixels outside the picture (the reference border
/// is wider, so integer-position SADs can read the plane directly).
const MV_MARGIN: i32 = 24;

/// A macroblock partitioning of P slices (mb_type 0..=3; P_8x8 with 8x8 sub-partitions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartMode {
    /// P_L0_16x16.
    P16x16,
    /// P_L0_L0_16x8.
    P16x8,
    /// P_L0_L0_8x16.
    P8x16,
    /// P_8x8 with every sub_mb_type P_L0_8x8.
    P8x8,
}

impl PartMode {
    /// (x, y, w, h) of each partition in 4x4-block units, in decoding order, with its shape.
    pub(crate) fn partitions(self) -> &'static [(isize, isize, isize, isize, PartShape)] {
        match self {
            PartMode::P16x16 => &[(0, 0, 4, 4, PartShape::Other)],
            PartMode::P16x8 => &[
                (0, 0, 4, 2, PartShape::Wide(0)),
                (0, 2, 4, 2, PartShape::Wide(1)),
            ],
            PartMode::P8x16 => &[
                (0, 0, 2, 4, PartShape::Tall(0)),
                (2, 0, 2, 4, PartShape::Tall(1)),
            ],
            PartMode::P8x8 => &[
                (0, 0, 2, 2, PartShape::Other),
                (2, 0, 2, 2, PartShape::Other),
                (0, 2, 2, 2, PartShape::Other),
                (2, 2, 2, 2, PartShape::Other),
            ],
        }
    }

    pub(crate) fn mb_type(self) -> u32 {
        match self {
            PartMode::P16x16 => 0,
            PartMode::P16x8 => 1,
            PartMode::P8x16 => 2,
            PartMode::P8x8 => 3,
        }
    }
}

/// The motion of one macroblock: a partitioning and a motion vector and predictor per part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterPlan {
    /// The P_Skip motion vector.
    pub skip_mv: Mv,
    /// Partitioning.
    pub mode: PartMode,
    /// Reference index per partition.
    pub refs: Vec<i8>,
    /// Motion vector per partition.
    pub mvs: Vec<Mv>,
    /// Predictor per partition.
    pub mvps: Vec<Mv>,
    /// Code the luma residual with the 8x8 transform.
    pub transform_8x8: bool,
    /// SATD + λ·(mvd + partition bits) cost.
    pub cost: u32,
}

pub(super) struct Search<'c, 'a> {
    coder: &'c MbCoder<'a>,
    /// The reference list searched (0 or 1).
    list: usize,
    /// Block origin (pixels) and size.
    x: i32,
    y: i32,
    w: usize,
    h: usize,
    mvp: Mv,
    /// Index into RefPicList0.
    ref_idx: usize,
    /// λ·bits of ref_idx_l0.
    ref_cost: u32,
    /// (min, max) quarter-pel motion vector components.
    bounds: ([i32; 2], [i32; 2]),
}

/// Bits of `te(v)` for `v` with range maximum `max`.
fn te_bits(v: u32, max: u32) -> u32 {
    match max {
        0 => 0,
        1 => 1,
        _ => ue_bits(v),
    }
}

impl<'c, 'a> Search<'c, 'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        coder: &'c MbCoder<'a>,
        list: usize,
        x: i32,
        y: i32,
        w: usize,
        h: usize,
        mvp: Mv,
        ref_idx: usize,
    ) -> Search<'c, 'a> {
        let (pw, ph) = (coder.recon.y.width as i32, coder.recon.y.height as i32);
        let mut bounds = (
            [(-x - MV_MARGIN) * 4, (-y - MV_MARGIN) * 4],
            [
                (pw - x - w as i32 + MV_MARGIN) * 4,
                (ph - y - h as i32 + MV_MARGIN) * 4,
            ],
        );
        if let Some(z) = coder.refresh.filter(|z| z.is_clean(x as usize / 16)) {
            // Intra refresh: a clean macroblock reads only the clean part of reference 0.
            bounds.1[0] = bounds.1[0].min(z.max_mv_x(x, w as i32));
            bounds.0[0] = bounds.0[0].min(bounds.1[0]);
        }
        let count = coder.list(list).len() as u32;
        let ref_cost = coder.lambda * te_bits(ref_idx as u32, count.saturating_sub(1));
        Search {
            coder,
            list,
            x,
            y,
            w,
            h,
            mvp,
            ref_idx,
            ref_cost,
            bounds,
        }
    }

    pub(super) fn mv_cost(&self, mv: [i32; 2]) -> u32 {
        self.ref_cost
            + self.coder.lambda
                * (se_bits(mv[0] - self.mvp[0] as i32) + se_bits(mv[1] - self.mvp[1] as i32))
    }

    fn clamp(&self, mv: [i32; 2]) -> [i32; 2] {
        [
            mv[0].clamp(self.bounds.0[0], self.bounds.1[0]),
            mv[1].clamp(self.bounds.0[1], self.bounds.1[1]),
        ]
    }

    /// SAD at an integer-pel motion vector (quarter-pel units, multiple of 4).
    fn sad_full(&self, mv: [i32; 2]) -> u32 {
        let Some(r) = self.coder.list(self.list).get(self.ref_idx) else {
            return u32::MAX;
        };
        let refp = &r.picture.y;
        let src = &self.coder.src.y;
        let ri = refp.index(
            (self.x + (mv[0] >> 2)) as isize,
            (self.y + (mv[1] >> 2)) as isize,
        );
        let si = src.index(self.x as isize, self.y as isize);
        sad(
            &src.data[si..],
            src.stride,
            &refp.data[ri..],
            refp.stride,
            self.w,
            self.h,
        )
    }

    fn satd_sub(&self, mv: [i32; 2], buf: &mut [u8; 256]) -> u32 {
        let Some(r) = self.coder.list(self.list).get(self.ref_idx) else {
            return u32::MAX;
        };
        let (x, y, w, h) = (self.x as isize, self.y as isize, self.w, self.h);
        predict_luma_halfpel(&r.picture.y, r.halfpel, x, y, mv[0], mv[1], w, h, buf);
        if let Some(l) = r.weights.luma {
            l.apply(&mut buf[..w * h]);
        }
        let src = &self.coder.src.y;
        let si = src.index(x, y);
        satd(&src.data[si..], src.stride, buf, w, w, h)
    }

    /// Integer search: best of the candidates, then (for `wide`) a cross and hexagon search
    /// that escapes local minima under fast motion, then a small diamond until no
    /// improvement.
    pub(super) fn integer(&self, candidates: &[[i32; 2]], wide: bool) -> [i32; 2] {
        let full = |mv: [i32; 2]| self.clamp([(mv[0] + 2) & !3, (mv[1] + 2) & !3]);
        let mut best = full([self.mvp[0] as i32, self.mvp[1] as i32]);
        let mut best_cost = self.sad_full(best) + self.mv_cost(best);
        for &c in candidates {
            let c = full(c);
            let cost = self.sad_full(c) + self.mv_cost(c);
            if cost < best_cost {
                best = c;
                best_cost = cost;
            }
        }
        let centre = best;
        let limit = SEARCH_RANGE * 4;
        let try_at = |c: [i32; 2], best: &mut [i32; 2], best_cost: &mut u32| {
            let c = self.clamp(c);
            let cost = self.sad_full(c) + self.mv_cost(c);
            if cost < *best_cost {
                *best = c;
                *best_cost = cost;
            }
        };
        if wide && self.coder.tools.wide_search {
            // Cross: ±16 px horizontally, ±8 px vertically, every 2 px (motion is mostly
            // horizontal in natural video).
            for d in (2..=16).step_by(2) {
                try_at([centre[0] + d * 4, centre[1]], &mut best, &mut best_cost);
                try_at([centre[0] - d * 4, centre[1]], &mut best, &mut best_cost);
                if d <= 8 {
                    try_at([centre[0], centre[1] + d * 4], &mut best, &mut best_cost);
                    try_at([centre[0], centre[1] - d * 4], &mut best, &mut best_cost);
                }
            }
            // Hexagon (radius 2) iterations.
            const HEX: [[i32; 2]; 6] = [[-8, 0], [-4, 8], [4, 8], [8, 0], [4, -8], [-4, -8]];
            for _ in 0..16 {
                let c = best;
                for h in HEX {
                    try_at([c[0] + h[0], c[1] + h[1]], &mut best, &mut best_cost);
                }
                if best == c {
                    break;
                }
            }
        }
        for _ in 0..SEARCH_RANGE {
            let mut improved = false;
            for d in [[-4, 0], [4, 0], [0, -4], [0, 4]] {
                let c = self.clamp([best[0] + d[0], best[1] + d[1]]);
                if (c[0] - centre[0]).abs() > limit || (c[1] - centre[1]).abs() > limit {
                    continue;
                }
                let cost = self.sad_full(c) + self.mv_cost(c);
                if cost < best_cost {
                    best = c;
                    best_cost = cost;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        best
    }

    /// Half- then quarter-sample refinement on SATD.
    pub(super) fn subpel(&self, start: [i32; 2]) -> ([i32; 2], u32) {
        let mut buf = [0u8; 256];
        let mut best = start;
        let mut best_cost = self.satd_sub(best, &mut buf) + self.mv_cost(best);
        let tools = self.coder.tools;
        let steps: &[i32] = if tools.quarter_pel { &[2, 1] } else { &[2] };
        for &step in steps {
            for _ in 0..tools.subpel_rounds {
                let centre = best;
                for dy in [-step, 0, step] {
                    for dx in [-step, 0, step] {
                        if dx == 0 && dy == 0 {
                            continue;
                        }
                        let c = self.clamp([centre[0] + dx, centre[1] + dy]);
                        let cost = self.satd_sub(c, &mut buf) + self.mv_cost(c);
                        if cost < best_cost {
                            best = c;
                            best_cost = cost;
                        }
                    }
                }
                if best == centre {
                    break;
                }
            }
        }
        (best, best_cost)
    }
}

pub(super) fn to_mv(v: [i32; 2]) -> Mv {
    [v[0] as i16, v[1] as i16]
}

/// One list's prediction of a block: luma `w`×`h` and chroma at half size, dense.
struct Pred {
    luma: [u8; 256],
    cb: [u8; 64],
    cr: [u8; 64],
}

fn predict_list(
    coder: &MbCoder<'_>,
    list: usize,
    ref_idx: i8,
    (x, y, w, h): (usize, usize, usize, usize),
    mv: Mv,
) -> Option<Pred> {
    let r = coder.list(list).get(ref_idx.max(0) as usize)?;
    let mut p = Pred {
        luma: [0; 256],
        cb: [0; 64],
        cr: [0; 64],
    };
    let (mx, my) = (i32::from(mv[0]), i32::from(mv[1]));
    predict_luma_halfpel(
        &r.picture.y,
        r.halfpel,
        x as isize,
        y as isize,
        mx,
        my,
        w,
        h,
        &mut p.luma,
    );
    let (cx, cy) = (x as isize / 2, y as isize / 2);
    predict_chroma(&r.picture.cb, cx, cy, mx, my, w / 2, h / 2, &mut p.cb);
    predict_chroma(&r.picture.cr, cx, cy, mx, my, w / 2, h / 2, &mut p.cr);
    // Explicit weighted prediction (P slices), after interpolation as §8.4.2.3 orders.
    if let Some(l) = r.weights.luma {
        l.apply(&mut p.luma[..w * h]);
    }
    if let Some([cb, cr]) = r.weights.chroma {
        cb.apply(&mut p.cb[..w * h / 4]);
        cr.apply(&mut p.cr[..w * h / 4]);
    }
    Some(p)
}

/// Bi-prediction of the two lists' predictions into `a` with weights (w0, w1) in 1/64:
/// the default average for (32, 32), else implicit weighting.
pub(super) fn bipred(a: &mut [u8], b: &[u8], weights: (i32, i32)) {
    if weights == (32, 32) {
        average(a, b);
    } else {
        crate::weighted::bipred_implicit(a, b, weights);
    }
}

/// The default weighted bi-prediction (§8.4.2.3.1): `(a + b + 1) >> 1` of the two lists'
/// 8-bit predictions, into `a`.
pub(super) fn average(a: &mut [u8], b: &[u8]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = ((u16::from(*x) + u16::from(*y) + 1) >> 1) as u8;
    }
}

/// Motion-compensates block (x, y, w, h) (pixels, absolute) from list 0 and/or list 1
/// (reference index and vector of each) into the reconstruction, luma and chroma.
pub(super) fn predict_into_recon(
    coder: &mut MbCoder<'_>,
    rect: (usize, usize, usize, usize),
    l0: Option<(i8, Mv)>,
    l1: Option<(i8, Mv)>,
) {
    let p0 = l0.and_then(|(r, mv)| predict_list(coder, 0, r, rect, mv));
    let p1 = l1.and_then(|(r, mv)| predict_list(coder, 1, r, rect, mv));
    let p = match (p0, p1) {
        (Some(mut a), Some(b)) => {
            let refs = [l0.map_or(0, |l| l.0), l1.map_or(0, |l| l.0)];
            let weights = coder.bipred_weights(refs);
            bipred(&mut a.luma, &b.luma, weights);
            bipred(&mut a.cb, &b.cb, weights);
            bipred(&mut a.cr, &b.cr, weights);
            a
        }
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return,
    };
    let (x, y, w, h) = rect;
    let (cw, ch) = (w / 2, h / 2);
    coder.recon.y.write_block(x, y, w, h, &p.luma[..w * h]);
    coder
        .recon
        .cb
        .write_block(x / 2, y / 2, cw, ch, &p.cb[..cw * ch]);
    coder
        .recon
        .cr
        .write_block(x / 2, y / 2, cw, ch, &p.cr[..cw * ch]);
}

/// Motion-compensates partition (x, y, w, h) from reference `ref_idx` of list 0 with `mv`.
fn predict_part_into_recon(
    coder: &mut MbCoder<'_>,
    ref_idx: i8,
    (x, y, w, h): (usize, usize, usize, usize),
    mv: Mv,
) {
    predict_into_recon(coder, (x, y, w, h), Some((ref_idx, mv)), None);
}

pub(super) struct InterResidual {
    /// Per 4x4 block (raster), scan order; with `transform_8x8` the 8x8 blocks' levels
    /// interleaved as [`MbLayer::luma`] holds them.
    pub(super) luma: [[i32; 16]; 16],
    pub(super) transform_8x8: bool,
    pub(super) cb: ChromaLevels,
    pub(super) cr: ChromaLevels,
}

impl InterResidual {
    pub(super) fn is_empty(&self) -> bool {
        self.luma.iter().flatten().all(|&l| l == 0)
            && !self.cb.has_dc()
            && !self.cb.has_ac()
            && !self.cr.has_dc()
            && !self.cr.has_ac()
    }
}

/// Codes the residual over the prediction already in the reconstruction, the luma with
/// 4x4 or (`transform_8x8`) 8x8 transforms.
pub(super) fn code_residual(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    rdo: bool,
    transform_8x8: bool,
) -> InterResidual {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    let lambda2 = super::level_lambda(coder.qp, coder.cabac.is_some());
    let mut luma = [[0i32; 16]; 16];
    let mut totals = [0u8; 16];
    // The contexts at the start of the macroblock (a copy: the coder is borrowed mutably
    // while the rates are in use).
    let contexts = coder.cabac.as_ref().map(|c| c.ctx.clone());
    let mut rates = [BlockRate::Cavlc { nc: 0 }; 16];
    let mut pred = [0u8; 256];
    coder.recon.y.read_block(mx, my, 16, 16, &mut pred);
    if transform_8x8 {
        code_luma_8x8(coder, addr, avail, rdo, &pred, contexts.as_ref(), &mut luma);
    }
    let q = coder.quant_luma(false);
    // Raster order: each block's left and upper neighbours are final when its nC is needed.
    for b in (0..16).filter(|_| !transform_8x8) {
        let (x, y) = (mx + (b % 4) * 4, my + (b / 4) * 4);
        let rate = luma_rate(
            contexts.as_ref(),
            coder.state,
            addr,
            avail,
            &totals,
            b,
            false,
        );
        rates[b] = rate;
        luma[b] = if rdo {
            code_4x4_rdo(&coder.src.y, &mut coder.recon.y, x, y, q, rate, lambda2)
        } else {
            code_4x4(&coder.src.y, &mut coder.recon.y, x, y, q)
        };
        totals[b] = super::residual::count_nonzero(&luma[b]);
    }
    if rdo && !transform_8x8 {
        // The mode-decision λ (not the halved level λ): measured best of λ/2, λ, 1.5λ, 2λ
        // (−0.8 % BD-rate on bikes, −2.4 % on carphone).
        let lambda = super::lambda_ssd(coder.qp);
        zero_costly_8x8(coder, mx, my, &pred, &mut luma, &rates, lambda);
    }
    let chroma_lambda = if rdo { lambda2 } else { 0 };
    let (cx, cy) = (mx / 2, my / 2);
    let ac_rate = chroma_ac_rate(contexts.as_ref(), coder.state, addr, avail, false);
    let (q_cb, q_cr) = (
        coder.quant_chroma(Component::Cb, false),
        coder.quant_chroma(Component::Cr, false),
    );
    let cb = code_chroma(
        &coder.src.cb,
        &mut coder.recon.cb,
        cx,
        cy,
        q_cb,
        chroma_lambda,
        ac_rate,
    );
    let cr = code_chroma(
        &coder.src.cr,
        &mut coder.recon.cr,
        cx,
        cy,
        q_cr,
        chroma_lambda,
        ac_rate,
    );
    InterResidual {
        luma,
        transform_8x8,
        cb,
        cr,
    }
}

/// The luma of [`code_residual`] with the 8x8 transform: each 8x8 block's levels chosen by
/// [`code_8x8_rdo`] (`rdo`), then dropped when the prediction alone costs less (as
/// `zero_costly_8x8` does for 4x4 blocks); stored interleaved in `luma`.
fn code_luma_8x8(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    rdo: bool,
    pred: &[u8; 256],
    contexts: Option<&crate::cabac::Contexts>,
    luma: &mut [[i32; 16]; 16],
) {
    use super::block_rate::luma_8x8_rate;
    use super::residual::{code_8x8_rdo, count_nonzero, interleave_8x8};
    use super::syntax::BLK_TO_RASTER;
    let (mx, my) = coder.mb_origin(addr);
    let lambda2 = if rdo {
        super::level_lambda(coder.qp, coder.cabac.is_some())
    } else {
        0
    };
    let lambda = super::lambda_ssd(coder.qp);
    let mut totals = [0u8; 16];
    for q in 0..4 {
        let rate = luma_8x8_rate(contexts, coder.state, addr, avail, &totals, q);
        let (qx, qy) = ((q % 2) * 8, (q / 2) * 8);
        let (x, y) = (mx + qx, my + qy);
        let quant = coder.quant_8x8(false);
        let mut levels = code_8x8_rdo(
            &coder.src.y,
            &mut coder.recon.y,
            x,
            y,
            quant,
            &rate,
            lambda2,
        );
        if rdo
            && levels.iter().any(|&l| l != 0)
            && prediction_alone_wins(
                coder,
                (mx, my),
                q,
                pred,
                (lambda * rate.cost_q8(&levels)) >> 8,
            )
        {
            levels = [0; 64];
        }
        for (k, piece) in interleave_8x8(&levels).into_iter().enumerate() {
            let b = BLK_TO_RASTER[4 * q + k];
            totals[b] = count_nonzero(&piece);
            luma[b] = piece;
        }
    }
}

/// The residual-free alternative for each 8x8 luma quadrant: when the prediction alone
/// (SSD) costs less than the coded quadrant (SSD + λ·bits of its four blocks), its levels are
/// dropped and the prediction restored. Greedy per-coefficient RD cannot see this: a few
/// isolated ±1 levels each look worth their bits, but together with the coded_block_pattern
/// bit they are not (x264 reaches a similar result with its decimation score).
fn zero_costly_8x8(
    coder: &mut MbCoder<'_>,
    mx: usize,
    my: usize,
    pred: &[u8; 256],
    luma: &mut [[i32; 16]; 16],
    rates: &[BlockRate<'_>; 16],
    lambda: u64,
) {
    for q in 0..4 {
        let blocks = super::syntax::blocks_of_8x8(q);
        if blocks.iter().all(|&b| luma[b].iter().all(|&l| l == 0)) {
            continue;
        }
        let bits_q8: u64 = blocks.iter().map(|&b| rates[b].cost_q8(&luma[b])).sum();
        if prediction_alone_wins(coder, (mx, my), q, pred, (lambda * bits_q8) >> 8) {
            for &b in &blocks {
                luma[b] = [0; 16];
            }
        }
    }
}

/// Whether 8x8 quadrant `q` of the macroblock at `origin` costs less as its prediction
/// alone (`pred`, the macroblock's 16x16 prediction) than as coded now in the
/// reconstruction (SSD + `rate_cost`); when it does, the prediction is put back.
fn prediction_alone_wins(
    coder: &mut MbCoder<'_>,
    (mx, my): (usize, usize),
    q: usize,
    pred: &[u8; 256],
    rate_cost: u64,
) -> bool {
    let (qx, qy) = ((q % 2) * 8, (q / 2) * 8);
    let (x, y) = (mx + qx, my + qy);
    let src = &coder.src.y;
    let rec = &coder.recon.y;
    let si = src.index(x as isize, y as isize);
    let ri = rec.index(x as isize, y as isize);
    let coded = crate::cost::ssd(
        &src.data[si..],
        src.stride,
        &rec.data[ri..],
        rec.stride,
        8,
        8,
    );
    let pi = qy * 16 + qx;
    let zero = crate::cost::ssd(&src.data[si..], src.stride, &pred[pi..], 16, 8, 8);
    if zero > coded + rate_cost {
        return false;
    }
    let mut block = [0u8; 64];
    for r in 0..8 {
        block[r * 8..r * 8 + 8].copy_from_slice(&pred[pi + r * 16..pi + r * 16 + 8]);
    }
    coder.recon.y.write_block(x, y, 8, 8, &block);
    true
}

fn skip_info(mv: Mv) -> MbInfo {
    MbInfo {
        kind: MbKind::Skip,
        mv: [mv; 16],
        ref_idx: [0; 4],
        ..MbInfo::default()
    }
}

pub(super) fn mv_context<'s>(coder: &'s MbCoder<'_>, addr: usize) -> MvContext<'s> {
    MvContext {
        mbs: &coder.state.mbs,
        mb_width: coder.state.mb_width,
        mb_addr: addr,
        slice: coder.slice,
        cur_mv: [[0, 0]; 16],
        cur_ref: [-1; 4],
        decoded: 0,
        list: 0,
    }
}

/// Marks partition blocks as decided in an [`MvContext`].
pub(super) fn set_part(
    ctx: &mut MvContext<'_>,
    (px, py, pw, ph): (isize, isize, isize, isize),
    ref_idx: i8,
    mv: Mv,
) {
    for by in py..py + ph {
        for bx in px..px + pw {
            let i = (by * 4 + bx) as usize;
            ctx.cur_mv[i] = mv;
            ctx.decoded |= 1 << i;
            ctx.cur_ref[(by as usize / 2) * 2 + bx as usize / 2] = ref_idx;
        }
    }
}

/// References the smaller partitions search: 0 up to the largest of the 16x16 winner's and
/// the neighbouring macroblocks' references (x264's mixed-reference rule). Searching every
/// reference gained 0.4 % more BD-rate on bikes for 35 % more time; searching only 0 and the
/// winner's cost 0.6 % (measured).
pub(super) fn partition_refs(coder: &MbCoder<'_>, addr: usize, winner: i8) -> Vec<usize> {
    let mb_width = coder.state.mb_width;
    let avail = MbAvailability::of(addr, mb_width, coder.slice_first);
    let mut max_ref = winner.max(0);
    let neighbours = [
        (avail.left, addr.wrapping_sub(1)),
        (avail.top, addr.wrapping_sub(mb_width)),
        (avail.top_left, addr.wrapping_sub(mb_width + 1)),
        (avail.top_right, addr.wrapping_sub(mb_width).wrapping_add(1)),
    ];
    for (present, a) in neighbours {
        if present && let Some(mb) = coder.state.mbs.get(a) {
            max_ref = mb.ref_idx.iter().fold(max_ref, |m, &r| m.max(r));
        }
    }
    let max_ref = (max_ref as usize).min(coder.refs.len().saturating_sub(1));
    (0..=max_ref).collect()
}

/// Searches motion for every partition of `mode`, in decoding order (each predictor depends
/// on the motion chosen for the partitions before it).
fn search_mode(
    coder: &MbCoder<'_>,
    addr: usize,
    mode: PartMode,
    seeds: &[[i32; 2]],
    skip_mv: Mv,
    ref_candidates: &[usize],
) -> InterPlan {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) as i32 * 16, (addr / mb_width) as i32 * 16);
    let mut ctx = mv_context(coder, addr);
    let mut mvs = Vec::new();
    let mut mvps = Vec::new();
    let mut refs = Vec::new();
    let mut cost = coder.lambda * ue_bits(mode.mb_type());
    if mode == PartMode::P8x8 {
        cost += coder.lambda * 4; // four sub_mb_type codes
    }
    for &(px, py, pw, ph, shape) in mode.partitions() {
        let (a, b, c) = ctx.neighbours(px, py, pw);
        let mut best: Option<(u32, usize, Mv, Mv)> = None;
        for &r in ref_candidates {
            let mvp = ctx.predict(px, py, pw, r as i8, shape);
            let (x, y, w, h) = (
                mx + px as i32 * 4,
                my + py as i32 * 4,
                pw as usize * 4,
                ph as usize * 4,
            );
            let search = Search::new(coder, 0, x, y, w, h, mvp, r);
            let mut cands: Vec<[i32; 2]> = seeds.to_vec();
            for n in [a, b, c] {
                if n.ref_idx == r as i8 {
                    cands.push([n.mv[0] as i32, n.mv[1] as i32]);
                }
            }
            let full = search.integer(&cands, mode == PartMode::P16x16);
            let (mv, c) = search.subpel(full);
            if best.as_ref().is_none_or(|(bc, ..)| c < *bc) {
                best = Some((c, r, to_mv(mv), mvp));
            }
        }
        let (c, r, mv, mvp) = best.unwrap_or((u32::MAX / 8, 0, [0, 0], [0, 0]));
        cost = cost.saturating_add(c);
        set_part(&mut ctx, (px, py, pw, ph), r as i8, mv);
        mvs.push(mv);
        mvps.push(mvp);
        refs.push(r as i8);
    }
    InterPlan {
        skip_mv,
        mode,
        refs,
        mvs,
        mvps,
        cost,
        transform_8x8: false,
    }
}

/// Whether P_Skip with `skip_mv` keeps the intra-refresh rules (always, without them).
pub fn skip_allowed(coder: &MbCoder<'_>, addr: usize, skip_mv: Mv) -> bool {
    let col = addr % coder.state.mb_width;
    match coder.refresh {
        None => true,
        Some(z) if z.is_intra(col) => false,
        Some(z) if z.is_clean(col) => i32::from(skip_mv[0]) <= z.max_mv_x(col as i32 * 16, 16),
        Some(_) => true,
    }
}

/// Runs the P_Skip probe (returns `Err` when the macroblock was coded as P_Skip because the
/// skip prediction leaves no residual), then motion search for the 16x16 partitioning and,
/// when the block is detailed enough to pay for them, the smaller partitionings. Returns the
/// plans sorted by cost (best first).
pub fn analyse(coder: &mut MbCoder<'_>, addr: usize) -> Result<Vec<InterPlan>, Coded> {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    let ctx = mv_context(coder, addr);
    let skip_mv = ctx.skip_mv();
    let colocated = coder
        .refs
        .first()
        .and_then(|r| r.mbs.get(addr))
        .map(|m| m.mv[0]);

    predict_part_into_recon(coder, 0, (mx, my, 16, 16), skip_mv);
    let avail = MbAvailability::of(addr, mb_width, coder.slice_first);
    // Plain quantisation here: only a residual that is negligible even before RD choices
    // ends the analysis early.
    let skip_residual = code_residual(coder, addr, avail, false, false);
    if skip_residual.is_empty() && skip_allowed(coder, addr, skip_mv) {
        coder.finish(addr, skip_info(skip_mv));
        return Err(Coded::Skipped);
    }

    let mut seeds = vec![[0, 0], [skip_mv[0] as i32, skip_mv[1] as i32]];
    if let Some(m) = colocated {
        seeds.push([m[0] as i32, m[1] as i32]);
    }
    let all_refs: Vec<usize> = (0..coder.refs.len()).collect();
    let p16 = search_mode(coder, addr, PartMode::P16x16, &seeds, skip_mv, &all_refs);
    let m16 = p16.mvs[0];
    seeds.push([m16[0] as i32, m16[1] as i32]);
    let part_refs = partition_refs(coder, addr, p16.refs[0]);

    let mut plans = vec![p16];
    let partitions: &[PartMode] = if coder.tools.p_partitions {
        &[PartMode::P16x8, PartMode::P8x16, PartMode::P8x8]
    } else {
        &[]
    };
    for &mode in partitions {
        plans.push(search_mode(coder, addr, mode, &seeds, skip_mv, &part_refs));
    }
    plans.sort_by_key(|p| p.cost);
    Ok(plans)
}

/// Codes the macroblock as P_Skip with the skip vector its neighbours predict.
pub fn code_as_predicted_skip(coder: &mut MbCoder<'_>, addr: usize) {
    let skip_mv = mv_context(coder, addr).skip_mv();
    code_as_skip(coder, addr, skip_mv);
}

/// Codes the macroblock as P_Skip (prediction only, whatever residual remains).
pub fn code_as_skip(coder: &mut MbCoder<'_>, addr: usize, skip_mv: Mv) {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    predict_part_into_recon(coder, 0, (mx, my, 16, 16), skip_mv);
    coder.finish(addr, skip_info(skip_mv));
}

/// Codes the macroblock with `plan`'s partitions and motion and returns its syntax, or
/// codes it as P_Skip when that is identical and returns `None`.
pub fn code_as_inter(
    coder: &mut MbCoder<'_>,
    addr: usize,
    avail: MbAvailability,
    plan: &InterPlan,
) -> Option<MbLayer> {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    let mut mv4 = [[0i16; 2]; 16];
    let mut ref8 = [0i8; 4];
    for ((&(px, py, pw, ph, _), &mv), &r) in
        plan.mode.partitions().iter().zip(&plan.mvs).zip(&plan.refs)
    {
        let (x, y) = (mx + px as usize * 4, my + py as usize * 4);
        predict_part_into_recon(coder, r, (x, y, pw as usize * 4, ph as usize * 4), mv);
        for by in py..py + ph {
            for bx in px..px + pw {
                mv4[(by * 4 + bx) as usize] = mv;
                ref8[(by as usize / 2) * 2 + bx as usize / 2] = r;
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
    if plan.mode == PartMode::P16x16
        && plan.refs[0] == 0
        && plan.mvs[0] == plan.skip_mv
        && res.is_empty()
    {
        coder.finish(addr, skip_info(plan.skip_mv));
        return None;
    }
    let mut refs = [0u8; 4];
    let mut mvds = [[0i32; 2]; 4];
    for (i, ((&r, mv), mvp)) in plan.refs.iter().zip(&plan.mvs).zip(&plan.mvps).enumerate() {
        refs[i] = r as u8;
        mvds[i] = [
            i32::from(mv[0]) - i32::from(mvp[0]),
            i32::from(mv[1]) - i32::from(mvp[1]),
        ];
    }
    let pred = LayerPred::Inter {
        mode: plan.mode,
        refs,
        ref_count: coder.refs.len() as u32,
        mvds,
    };
    let info = MbInfo {
        kind: MbKind::Inter,
        mv: mv4,
        ref_idx: ref8,
        ..MbInfo::default()
    };
    Some(finish_inter(coder, addr, pred, res, info))
}

/// The syntax of an inter macroblock predicted as `pred` with residual `res`; stores
/// `info` (its motion) completed with the coded blocks' totals.
pub(super) fn finish_inter(
    coder: &mut MbCoder<'_>,
    addr: usize,
    pred: LayerPred,
    res: InterResidual,
    mut info: MbInfo,
) -> MbLayer {
    let layer = MbLayer::new(pred, 0, res.luma, [0; 16], res.cb, res.cr)
        .with_transform(coder.transform_8x8, res.transform_8x8);
    let (totals, ctotals) = layer.context_totals(coder.cabac.is_some());
    info.total_coeff_luma = totals;
    info.total_coeff_chroma = ctotals;
    info.nonzero_luma = nonzero_bits(&totals);
    coder.finish(addr, info);
    layer
}
