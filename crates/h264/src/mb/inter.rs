//! Inter macroblocks of P slices: the P_Skip probe, 16x16 motion search with predictors,
//! sub-sample refinement, the inter/intra choice, and P_L0_16x16 coding (§8.4).

use framepress_bitstream::BitWriter;

use super::intra::nonzero_bits;
use super::residual::{ChromaLevels, code_4x4, code_chroma};
use super::syntax::{
    BLK_TO_RASTER, NcContext, cbp_chroma, chroma_totals, luma_totals, write_cbp, write_chroma, write_luma_4x4_blocks,
};
use super::{Coded, MbAvailability, MbCoder};
use crate::cost::{sad, satd, se_bits};
use crate::mb_info::{MbInfo, MbKind};
use crate::mc::{predict_chroma, predict_luma_halfpel};
use crate::mvpred::{Mv, MvContext, PartShape};

/// Half-width of the integer search window around the best predictor, in pixels.
const SEARCH_RANGE: i32 = 32;
/// Motion vectors stay within this many pixels outside the picture (the reference border
/// is wider, so integer-position SADs can read the plane directly).
const MV_MARGIN: i32 = 24;

struct Search<'c, 'a> {
    coder: &'c MbCoder<'a>,
    mx: i32,
    my: i32,
    mvp: Mv,
    /// (min, max) quarter-pel motion vector components.
    bounds: ([i32; 2], [i32; 2]),
}

impl Search<'_, '_> {
    fn mv_cost(&self, mv: [i32; 2]) -> u32 {
        self.coder.lambda * (se_bits(mv[0] - self.mvp[0] as i32) + se_bits(mv[1] - self.mvp[1] as i32))
    }

    fn clamp(&self, mv: [i32; 2]) -> [i32; 2] {
        [mv[0].clamp(self.bounds.0[0], self.bounds.1[0]), mv[1].clamp(self.bounds.0[1], self.bounds.1[1])]
    }

    /// SAD at an integer-pel motion vector (quarter-pel units, multiple of 4).
    fn sad_full(&self, mv: [i32; 2]) -> u32 {
        let Some(r) = &self.coder.reference else { return u32::MAX };
        let refp = &r.picture.y;
        let src = &self.coder.src.y;
        let ri = refp.index((self.mx + (mv[0] >> 2)) as isize, (self.my + (mv[1] >> 2)) as isize);
        let si = src.index(self.mx as isize, self.my as isize);
        sad(&src.data[si..], src.stride, &refp.data[ri..], refp.stride, 16, 16)
    }

    fn satd_sub(&self, mv: [i32; 2], buf: &mut [u8; 256]) -> u32 {
        let Some(r) = &self.coder.reference else { return u32::MAX };
        predict_luma_halfpel(&r.picture.y, r.halfpel, self.mx as isize, self.my as isize, mv[0], mv[1], 16, 16, buf);
        let src = &self.coder.src.y;
        let si = src.index(self.mx as isize, self.my as isize);
        satd(&src.data[si..], src.stride, buf, 16, 16, 16)
    }

    /// Integer search: best of the candidates, then a small diamond until no improvement.
    fn integer(&self, candidates: &[[i32; 2]]) -> ([i32; 2], u32) {
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
        (best, best_cost)
    }

    /// Half- then quarter-sample refinement on SATD.
    fn subpel(&self, start: [i32; 2]) -> ([i32; 2], u32) {
        let mut buf = [0u8; 256];
        let mut best = start;
        let mut best_cost = self.satd_sub(best, &mut buf) + self.mv_cost(best);
        for step in [2, 1] {
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
        }
        (best, best_cost)
    }
}

/// Motion-compensates the 16x16 macroblock at (mx, my) with `mv` into the reconstruction.
fn predict_into_recon(coder: &mut MbCoder<'_>, mx: usize, my: usize, mv: Mv) {
    let Some(r) = &coder.reference else { return };
    let (picture, halfpel) = (r.picture, r.halfpel);
    let mut luma = [0u8; 256];
    predict_luma_halfpel(&picture.y, halfpel, mx as isize, my as isize, mv[0] as i32, mv[1] as i32, 16, 16, &mut luma);
    let mut cb = [0u8; 64];
    let mut cr = [0u8; 64];
    let (cx, cy) = (mx as isize / 2, my as isize / 2);
    predict_chroma(&picture.cb, cx, cy, mv[0] as i32, mv[1] as i32, 8, 8, &mut cb);
    predict_chroma(&picture.cr, cx, cy, mv[0] as i32, mv[1] as i32, 8, 8, &mut cr);
    for (plane, data, size, x, y) in [
        (&mut coder.recon.y, &luma[..], 16usize, mx, my),
        (&mut coder.recon.cb, &cb[..], 8, mx / 2, my / 2),
        (&mut coder.recon.cr, &cr[..], 8, mx / 2, my / 2),
    ] {
        for r in 0..size {
            let i = plane.index(x as isize, (y + r) as isize);
            plane.data[i..i + size].copy_from_slice(&data[r * size..(r + 1) * size]);
        }
    }
}

struct InterResidual {
    luma: [[i32; 16]; 16],
    cb: ChromaLevels,
    cr: ChromaLevels,
}

impl InterResidual {
    fn is_empty(&self) -> bool {
        self.luma.iter().flatten().all(|&l| l == 0) && !self.cb.has_dc() && !self.cb.has_ac() && !self.cr.has_dc() && !self.cr.has_ac()
    }
}

/// Codes the residual over the prediction already in the reconstruction.
fn code_residual(coder: &mut MbCoder<'_>, mx: usize, my: usize) -> InterResidual {
    let mut luma = [[0i32; 16]; 16];
    for (b, l) in luma.iter_mut().enumerate() {
        *l = code_4x4(&coder.src.y, &mut coder.recon.y, mx + (b % 4) * 4, my + (b / 4) * 4, coder.qp, false);
    }
    let qpc = coder.qpc();
    let cb = code_chroma(&coder.src.cb, &mut coder.recon.cb, mx / 2, my / 2, qpc, false);
    let cr = code_chroma(&coder.src.cr, &mut coder.recon.cr, mx / 2, my / 2, qpc, false);
    InterResidual { luma, cb, cr }
}

fn skip_info(mv: Mv) -> MbInfo {
    MbInfo { kind: MbKind::Skip, mv: [mv; 16], ref_idx: [0; 4], ..MbInfo::default() }
}

/// What motion analysis found for a macroblock of a P slice.
pub struct InterPlan {
    /// The P_Skip motion vector.
    pub skip_mv: Mv,
    /// The 16x16 motion vector predictor.
    pub mvp: Mv,
    /// The best 16x16 motion vector.
    pub mv: Mv,
    /// Its SATD + λ·mvd cost.
    pub cost: u32,
}

/// Tries P_Skip exactly (prediction leaves no residual): returns true and finishes the
/// macroblock if so. Otherwise runs the motion search.
pub fn analyse(coder: &mut MbCoder<'_>, addr: usize) -> Result<InterPlan, Coded> {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    let ctx = MvContext {
        mbs: &coder.state.mbs,
        mb_width,
        mb_addr: addr,
        slice: coder.slice,
        cur_mv: [[0, 0]; 16],
        cur_ref: [-1; 4],
        decoded: 0,
    };
    let skip_mv = ctx.skip_mv();
    let mvp = ctx.predict(0, 0, 4, 0, PartShape::Other);
    let (a, b, c) = ctx.neighbours(0, 0, 4);
    let colocated = coder.reference.as_ref().and_then(|r| r.mbs.get(addr)).map(|m| m.mv[0]);

    // P_Skip probe: if the skip prediction leaves nothing to code, we are done.
    predict_into_recon(coder, mx, my, skip_mv);
    let skip_residual = code_residual(coder, mx, my);
    if skip_residual.is_empty() {
        coder.finish(addr, skip_info(skip_mv));
        return Err(Coded::Skipped);
    }

    let (pw, ph) = (coder.recon.y.width as i32, coder.recon.y.height as i32);
    let bounds = (
        [(-(mx as i32) - MV_MARGIN) * 4, (-(my as i32) - MV_MARGIN) * 4],
        [(pw - mx as i32 - 16 + MV_MARGIN) * 4, (ph - my as i32 - 16 + MV_MARGIN) * 4],
    );
    let search = Search { coder, mx: mx as i32, my: my as i32, mvp, bounds };
    let mut candidates = vec![[0, 0], [skip_mv[0] as i32, skip_mv[1] as i32]];
    for n in [a, b, c] {
        if n.ref_idx >= 0 {
            candidates.push([n.mv[0] as i32, n.mv[1] as i32]);
        }
    }
    if let Some(m) = colocated {
        candidates.push([m[0] as i32, m[1] as i32]);
    }
    let (full, _) = search.integer(&candidates);
    let (mv, cost) = search.subpel(full);
    Ok(InterPlan { skip_mv, mvp, mv: [mv[0] as i16, mv[1] as i16], cost })
}

/// Codes the macroblock as P_Skip (prediction only, whatever residual remains).
pub fn code_as_skip(coder: &mut MbCoder<'_>, addr: usize, skip_mv: Mv) {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    predict_into_recon(coder, mx, my, skip_mv);
    coder.finish(addr, skip_info(skip_mv));
}

/// Codes the macroblock as P_L0_16x16 with `mv` (or P_Skip when that is identical) and
/// writes it.
pub fn code_as_p16x16(coder: &mut MbCoder<'_>, addr: usize, avail: MbAvailability, plan: &InterPlan, w: &mut BitWriter) -> Coded {
    let mb_width = coder.state.mb_width;
    let (mx, my) = ((addr % mb_width) * 16, (addr / mb_width) * 16);
    let (mv, mvp) = (plan.mv, plan.mvp);
    predict_into_recon(coder, mx, my, mv);
    let res = code_residual(coder, mx, my);
    if mv == plan.skip_mv && res.is_empty() {
        coder.finish(addr, skip_info(mv));
        return Coded::Skipped;
    }
    let totals = luma_totals(&res.luma);
    let mut cbp_luma = 0u8;
    for (blk, &b) in BLK_TO_RASTER.iter().enumerate() {
        if totals[b] > 0 {
            cbp_luma |= 1 << (blk / 4);
        }
    }
    let cbpc = cbp_chroma(&res.cb, &res.cr);
    let ctotals = chroma_totals(&res.cb, &res.cr, cbpc);
    w.write_ue(0); // mb_type P_L0_16x16
    w.write_se(mv[0] as i32 - mvp[0] as i32);
    w.write_se(mv[1] as i32 - mvp[1] as i32);
    let cbp = cbp_luma | (cbpc << 4);
    write_cbp(w, cbp, false);
    if cbp > 0 {
        w.write_se(0); // mb_qp_delta
        let nc = NcContext { state: coder.state, addr, avail };
        write_luma_4x4_blocks(w, &nc, &res.luma, cbp_luma, &totals);
        write_chroma(w, &nc, &res.cb, &res.cr, cbpc, &ctotals);
    }
    let info = MbInfo {
        kind: MbKind::Inter,
        mv: [mv; 16],
        ref_idx: [0; 4],
        total_coeff_luma: totals,
        total_coeff_chroma: ctotals,
        nonzero_luma: nonzero_bits(&totals),
        ..MbInfo::default()
    };
    coder.finish(addr, info);
    Coded::Written
}
