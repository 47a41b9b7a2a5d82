//! Motion search of the 16x8 and 8x16 partitionings of B macroblocks (mb_type 4..=21):
//! each partition chooses list 0, list 1 or both for itself, so a macroblock straddling
//! an occlusion can predict its halves from different sides in time.
//!
//! Partitions are decided in decoding order: the second one's predictors depend on the
//! first one's motion in each list (or on its not using that list, refIdx −1).

use super::MbCoder;
use super::bframe::{BPart, BPlan, bi_satd};
use super::inter::{PartMode, Search, mv_context, set_part, to_mv};
use super::layer::{PredDir, b_mb_type};
use crate::cost::ue_bits;
use crate::mvpred::Mv;

/// The best (cost, reference, vector, predictor) of one list for one partition.
type ListBest = (u32, i8, Mv, Mv);

/// Searches `mode`'s two partitions of macroblock `addr` over list 0 references `l0_refs`
/// and list 1 reference 0, from `seeds` (quarter-sample vectors) and the neighbours'
/// vectors; each partition takes the cheapest of its list 0, list 1 and bi-predicted
/// (both winners averaged) choices by SATD + λ·bits.
pub fn search(
    coder: &MbCoder<'_>,
    addr: usize,
    mode: PartMode,
    seeds: &[[i32; 2]],
    l0_refs: &[usize],
) -> BPlan {
    let (mx, my) = coder.mb_origin(addr);
    let mut ctx = [mv_context(coder, addr), mv_context(coder, addr)];
    ctx[1].list = 1;
    let lambda = coder.lambda;
    let l1_refs: Vec<usize> = (0..coder.refs_l1.len()).collect();
    let mut parts = Vec::with_capacity(2);
    let mut cost = 0u32;
    for &(px, py, pw, ph, shape) in mode.partitions() {
        let (x, y) = (mx + px as usize * 4, my + py as usize * 4);
        let (w, h) = (pw as usize * 4, ph as usize * 4);
        let best: [ListBest; 2] = std::array::from_fn(|list| {
            let refs = if list == 0 { l0_refs } else { &l1_refs[..] };
            let (a, b, c) = ctx[list].neighbours(px, py, pw);
            let mut best: ListBest = (u32::MAX / 8, 0, [0, 0], [0, 0]);
            for &r in refs {
                let mvp = ctx[list].predict(px, py, pw, r as i8, shape);
                let search = Search::new(coder, list, x as i32, y as i32, w, h, mvp, r);
                let mut cands = seeds.to_vec();
                for n in [a, b, c] {
                    if n.ref_idx == r as i8 {
                        cands.push([i32::from(n.mv[0]), i32::from(n.mv[1])]);
                    }
                }
                let (mv, c) = search.subpel(search.integer(&cands, false));
                if c < best.0 {
                    best = (c, r as i8, to_mv(mv), mvp);
                }
            }
            best
        });
        let refs = [best[0].1, best[1].1];
        let mvs = [best[0].2, best[1].2];
        let mvps = [best[0].3, best[1].3];
        let motion: u32 = (0..2)
            .map(|list| {
                Search::new(
                    coder,
                    list,
                    x as i32,
                    y as i32,
                    w,
                    h,
                    mvps[list],
                    refs[list] as usize,
                )
                .mv_cost([i32::from(mvs[list][0]), i32::from(mvs[list][1])])
            })
            .sum();
        // A bi-predicted partition moves the mb_type to a longer code (about 2 bits).
        let bi = bi_satd(coder, (x, y, w, h), refs, mvs)
            .saturating_add(motion)
            .saturating_add(2 * lambda);
        let (dir, c) = [
            (PredDir::L0, best[0].0),
            (PredDir::L1, best[1].0),
            (PredDir::Bi, bi),
        ]
        .into_iter()
        .min_by_key(|&(_, c)| c)
        .unwrap_or((PredDir::L0, best[0].0));
        cost = cost.saturating_add(c);
        let mut part = BPart {
            dir,
            refs: [-1; 2],
            mvs: [[0, 0]; 2],
            mvps: [[0, 0]; 2],
        };
        for (list, ctx) in ctx.iter_mut().enumerate() {
            if dir.uses(list) {
                part.refs[list] = refs[list];
                part.mvs[list] = mvs[list];
                part.mvps[list] = mvps[list];
            }
            set_part(ctx, (px, py, pw, ph), part.refs[list], part.mvs[list]);
        }
        parts.push(part);
    }
    let dirs = [parts[0].dir, parts.get(1).map_or(PredDir::L0, |p| p.dir)];
    let type_bits = ue_bits(u32::from(b_mb_type(Some(mode), dirs)));
    BPlan {
        mode,
        parts,
        cost: cost.saturating_add(lambda * type_bits),
        transform_8x8: false,
    }
}
