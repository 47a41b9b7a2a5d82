//! Adaptive B-frame placement: how many of the frames waiting for reordering are coded as
//! B-frames before the next P-frame.
//!
//! Why: a fixed pattern wastes bits both ways. In fast motion a B-frame far from its
//! references predicts badly and the P-frame after a long run predicts worse still; on a
//! still scene longer runs cost almost nothing. The estimate per frame type comes from the
//! half-resolution pictures: a P-frame costs, per block, the cheaper of intra and the best
//! match in its reference; a B-frame the cheapest of intra, the past match, the future match
//! and their average (bi-prediction). Costs are SATD sums, so they compare across patterns
//! of the same frames.
//!
//! Motion searches are cached per (reference, picture) pair: consecutive decisions share
//! most of their window, so each picture is searched against a handful of others in all.

use std::collections::HashMap;

use super::BFrameAdaptive;
use super::lowres::{BLOCK, LowresFrame, search};
use crate::cost::satd;

/// B-frames' estimates count this many percent: they are coded at a coarser QP
/// (`FramepressBFrameQPOffset`-style offsets) and mostly skip, so the same SATD costs them
/// fewer bits than a P-frame. Measured on carphone (BD-rate of Trellis against Off): 100 %
/// +4.0 %, 70 % +0.9 %, 50 % 0.0 % (then it always picks the full run); bikes (100 frames):
/// 70 % −0.2 %.
const B_COST_PERCENT: u64 = 70;

/// What every P-frame costs beyond its blocks' estimates (slice header, its place in the
/// reference list): it also makes the plan with fewer P-frames win between equal
/// estimates, as on a still picture.
const P_FRAME_OVERHEAD: u64 = 1;

/// The best match of one block in another picture.
#[derive(Clone, Copy, Debug)]
struct BlockMotion {
    /// Vector in reduced samples.
    mv: [i32; 2],
    /// Its SATD.
    cost: u32,
}

/// Decides B-frame runs; keeps the motion searches its decisions share.
#[derive(Debug, Default)]
pub struct BFramePlanner {
    /// Per (reference serial, picture serial): every block's best match.
    motion: HashMap<(u64, u64), Vec<BlockMotion>>,
}

impl BFramePlanner {
    /// A planner with nothing cached.
    pub fn new() -> BFramePlanner {
        BFramePlanner::default()
    }

    /// How many of the `window` frames (presentation order, all after `prev`, the last
    /// reference frame coded) to code as B-frames before the next P-frame: the frame at
    /// the returned index becomes that P-frame. At most `max_b`, and less than the window
    /// length; 0 for a window of one frame.
    pub fn plan(
        &mut self,
        mode: BFrameAdaptive,
        prev: &LowresFrame,
        window: &[&LowresFrame],
        max_b: usize,
    ) -> usize {
        let longest = max_b.min(window.len().saturating_sub(1));
        if longest == 0 {
            return 0;
        }
        if window.iter().any(|f| !f.pic.same_size(&prev.pic)) {
            // A size change restarts the stream: nothing to compare.
            return longest;
        }
        match mode {
            BFrameAdaptive::Off => longest,
            BFrameAdaptive::Fast => self.plan_fast(prev, window, longest),
            BFrameAdaptive::Trellis => self.plan_trellis(prev, window, max_b),
        }
    }

    /// Drops the cached searches involving pictures before `serial` (the decisions still
    /// to come start at the reference frame with that serial).
    pub fn forget_before(&mut self, serial: u64) {
        self.motion.retain(|&(r, c), _| r >= serial && c >= serial);
    }

    /// Frame by frame: the next frame is a B-frame while coding it between the frames
    /// around it (the P-frame after it predicted from `prev`) is estimated cheaper than
    /// coding both as P-frames.
    fn plan_fast(&mut self, prev: &LowresFrame, window: &[&LowresFrame], longest: usize) -> usize {
        let mut run = 0;
        while run < longest {
            let (cur, next) = (window[run], window[run + 1]);
            let as_b = self.b_cost(prev, cur, next) + self.p_cost(prev, next) + P_FRAME_OVERHEAD;
            let as_p = self.p_cost(prev, cur) + self.p_cost(cur, next) + 2 * P_FRAME_OVERHEAD;
            if as_b >= as_p {
                break;
            }
            run += 1;
        }
        run
    }

    /// The cheapest split of the whole window into runs of at most `max_b` B-frames each
    /// ending in a P-frame (the window's last frame is one); returns the first run's length.
    fn plan_trellis(&mut self, prev: &LowresFrame, window: &[&LowresFrame], max_b: usize) -> usize {
        // Node 0 is `prev`, node t the window's frame t - 1.
        let node = |t: usize| if t == 0 { prev } else { window[t - 1] };
        let n = window.len();
        let mut best = vec![u64::MAX; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0;
        for t in 1..=n {
            // Latest start first, so that among equal paths the last run is the shortest
            // and the first (the one coded now) the longest.
            for s in (t.saturating_sub(max_b + 1)..t).rev() {
                let p = self.p_cost(node(s), node(t)) + P_FRAME_OVERHEAD;
                let mut cost = best[s].saturating_add(p);
                for m in s + 1..t {
                    cost = cost.saturating_add(self.b_cost(node(s), node(m), node(t)));
                }
                if cost < best[t] {
                    best[t] = cost;
                    from[t] = s;
                }
            }
        }
        let mut t = n;
        while from[t] != 0 {
            t = from[t];
        }
        t - 1
    }

    /// Estimated cost of `cur` as a P-frame predicted from `reference`.
    fn p_cost(&mut self, reference: &LowresFrame, cur: &LowresFrame) -> u64 {
        let motion = self.motion(reference, cur);
        cur.intra
            .iter()
            .zip(motion)
            .map(|(&intra, m)| u64::from(intra.min(m.cost)))
            .sum()
    }

    /// Estimated cost of `cur` as a B-frame between `past` and `future`.
    fn b_cost(&mut self, past: &LowresFrame, cur: &LowresFrame, future: &LowresFrame) -> u64 {
        self.ensure(past, cur);
        self.ensure(future, cur);
        let forward = &self.motion[&(past.serial, cur.serial)];
        let backward = &self.motion[&(future.serial, cur.serial)];
        let (bw, _) = cur.pic.blocks();
        let mut total = 0u64;
        for (i, ((&intra, f), b)) in cur.intra.iter().zip(forward).zip(backward).enumerate() {
            let (x, y) = ((i % bw) * BLOCK, (i / bw) * BLOCK);
            let bi = bi_cost(past, cur, future, x, y, f.mv, b.mv);
            total += u64::from(intra.min(f.cost).min(b.cost).min(bi));
        }
        total * B_COST_PERCENT / 100
    }

    /// The cached search of `cur` in `reference`.
    fn motion(&mut self, reference: &LowresFrame, cur: &LowresFrame) -> &[BlockMotion] {
        self.ensure(reference, cur);
        &self.motion[&(reference.serial, cur.serial)]
    }

    fn ensure(&mut self, reference: &LowresFrame, cur: &LowresFrame) {
        self.motion
            .entry((reference.serial, cur.serial))
            .or_insert_with(|| search_picture(reference, cur));
    }
}

/// Every block of `cur` searched in `reference`, seeded with the zero vector and the
/// vectors found left of and above it.
fn search_picture(reference: &LowresFrame, cur: &LowresFrame) -> Vec<BlockMotion> {
    let (bw, bh) = cur.pic.blocks();
    let mut out: Vec<BlockMotion> = Vec::with_capacity(bw * bh);
    for by in 0..bh {
        for bx in 0..bw {
            let mut seeds = [[0i32; 2]; 3];
            let mut n = 1;
            if bx > 0 {
                seeds[n] = out[by * bw + bx - 1].mv;
                n += 1;
            }
            if by > 0 {
                seeds[n] = out[(by - 1) * bw + bx].mv;
                n += 1;
            }
            let (mv, cost) = search(
                &cur.pic,
                &reference.pic,
                bx * BLOCK,
                by * BLOCK,
                &seeds[..n],
            );
            out.push(BlockMotion { mv, cost });
        }
    }
    out
}

/// SATD of the block at (x, y) of `cur` against the average of its matches in `past`
/// (vector `fwd`) and `future` (`bwd`).
fn bi_cost(
    past: &LowresFrame,
    cur: &LowresFrame,
    future: &LowresFrame,
    x: usize,
    y: usize,
    fwd: [i32; 2],
    bwd: [i32; 2],
) -> u32 {
    let w = cur.pic.width;
    let offset = |mv: [i32; 2]| ((x as i32 + mv[0]) as usize, (y as i32 + mv[1]) as usize);
    let (p, q) = (offset(fwd), offset(bwd));
    let (p, q) = (past.pic.at(p.0, p.1), future.pic.at(q.0, q.1));
    let mut avg = [0u8; BLOCK * BLOCK];
    for (r, row) in avg.chunks_exact_mut(BLOCK).enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            *v = ((u16::from(p[r * w + c]) + u16::from(q[r * w + c]) + 1) >> 1) as u8;
        }
    }
    satd(cur.pic.at(x, y), w, &avg, BLOCK, BLOCK, BLOCK)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 256;
    const H: usize = 128;

    /// A smoothly textured picture moved right by `dx` full-resolution samples.
    fn frame(serial: u64, dx: i32) -> LowresFrame {
        let pixels: Vec<u8> = (0..W * H)
            .map(|i| {
                let (x, y) = ((i % W) as f64 - f64::from(dx), (i / W) as f64);
                let v = 128.0
                    + 60.0 * (x * 0.11).sin() * (y * 0.07 + 0.3).cos()
                    + 30.0 * ((x + 2.0 * y) * 0.031).sin();
                v.clamp(0.0, 255.0) as u8
            })
            .collect();
        LowresFrame::new(serial, W, H, |r| &pixels[r * W..(r + 1) * W])
    }

    /// Frames 0..=4 moving `step` samples per frame; the plan for the last four after the
    /// first.
    fn plan_for(mode: BFrameAdaptive, step: i32) -> usize {
        let frames: Vec<LowresFrame> = (0..5).map(|i| frame(i as u64, i * step)).collect();
        let window: Vec<&LowresFrame> = frames[1..].iter().collect();
        BFramePlanner::new().plan(mode, &frames[0], &window, 3)
    }

    #[test]
    fn slow_motion_gets_the_full_run_and_fast_motion_a_shorter_one() {
        for mode in [BFrameAdaptive::Fast, BFrameAdaptive::Trellis] {
            assert_eq!(plan_for(mode, 2), 3, "{mode:?}");
            // 20 samples a frame: four frames apart is 80 (40 reduced), beyond the
            // search range, so a P-frame at the end of a long run predicts nothing.
            assert!(plan_for(mode, 20) < 3, "{mode:?}");
        }
        assert_eq!(plan_for(BFrameAdaptive::Off, 20), 3);
    }

    #[test]
    fn the_run_never_exceeds_the_count_or_the_window() {
        let frames: Vec<LowresFrame> = (0..6).map(|i| frame(i, 0)).collect();
        let window: Vec<&LowresFrame> = frames[1..].iter().collect();
        let mut p = BFramePlanner::new();
        for mode in [
            BFrameAdaptive::Off,
            BFrameAdaptive::Fast,
            BFrameAdaptive::Trellis,
        ] {
            assert_eq!(p.plan(mode, &frames[0], &window, 2), 2);
            assert_eq!(p.plan(mode, &frames[0], &window[..2], 3), 1);
            assert_eq!(p.plan(mode, &frames[0], &window[..1], 3), 0);
            assert_eq!(p.plan(mode, &frames[0], &window, 0), 0);
        }
        // Forgetting drops the searches from before the new reference frame.
        p.forget_before(2);
        assert!(p.motion.keys().all(|&(r, c)| r >= 2 && c >= 2));
    }
}
