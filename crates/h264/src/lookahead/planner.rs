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
//! Motion searches come from the lookahead's [`MotionCache`]: consecutive decisions share
//! most of their window.

use super::BFrameAdaptive;
use super::lowres::{BLOCK, LowresFrame};
use super::motion::{MotionCache, bi_cost};

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

/// How many of the `window` frames (presentation order, all after `prev`, the last
/// reference frame coded) to code as B-frames before the next P-frame: the frame at the
/// returned index becomes that P-frame. At most `max_b`, and less than the window length;
/// 0 for a window of one frame.
pub fn plan(
    motion: &mut MotionCache,
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
        BFrameAdaptive::Fast => plan_fast(motion, prev, window, longest),
        BFrameAdaptive::Trellis => plan_trellis(motion, prev, window, max_b),
    }
}

/// Frame by frame: the next frame is a B-frame while coding it between the frames around
/// it (the P-frame after it predicted from `prev`) is estimated cheaper than coding both
/// as P-frames.
fn plan_fast(
    motion: &mut MotionCache,
    prev: &LowresFrame,
    window: &[&LowresFrame],
    longest: usize,
) -> usize {
    let mut run = 0;
    while run < longest {
        let (cur, next) = (window[run], window[run + 1]);
        let as_b = b_cost(motion, prev, cur, next) + p_cost(motion, prev, next) + P_FRAME_OVERHEAD;
        let as_p = p_cost(motion, prev, cur) + p_cost(motion, cur, next) + 2 * P_FRAME_OVERHEAD;
        if as_b >= as_p {
            break;
        }
        run += 1;
    }
    run
}

/// The cheapest split of the whole window into runs of at most `max_b` B-frames each
/// ending in a P-frame (the window's last frame is one); returns the first run's length.
fn plan_trellis(
    motion: &mut MotionCache,
    prev: &LowresFrame,
    window: &[&LowresFrame],
    max_b: usize,
) -> usize {
    // Node 0 is `prev`, node t the window's frame t - 1.
    let node = |t: usize| if t == 0 { prev } else { window[t - 1] };
    let n = window.len();
    let mut best = vec![u64::MAX; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0;
    for t in 1..=n {
        // Latest start first, so that among equal paths the last run is the shortest and
        // the first (the one coded now) the longest.
        for s in (t.saturating_sub(max_b + 1)..t).rev() {
            let p = p_cost(motion, node(s), node(t)) + P_FRAME_OVERHEAD;
            let mut cost = best[s].saturating_add(p);
            for m in s + 1..t {
                cost = cost.saturating_add(b_cost(motion, node(s), node(m), node(t)));
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
fn p_cost(motion: &mut MotionCache, reference: &LowresFrame, cur: &LowresFrame) -> u64 {
    cur.intra
        .iter()
        .zip(motion.get(reference, cur))
        .map(|(&intra, m)| u64::from(intra.min(m.cost)))
        .sum()
}

/// Estimated cost of `cur` as a B-frame between `past` and `future`.
fn b_cost(
    motion: &mut MotionCache,
    past: &LowresFrame,
    cur: &LowresFrame,
    future: &LowresFrame,
) -> u64 {
    motion.ensure(past, cur);
    motion.ensure(future, cur);
    let (forward, backward) = motion.pair(past, cur, future);
    let (bw, _) = cur.pic.blocks();
    let mut total = 0u64;
    for (i, ((&intra, f), b)) in cur.intra.iter().zip(forward).zip(backward).enumerate() {
        let (x, y) = ((i % bw) * BLOCK, (i / bw) * BLOCK);
        let bi = bi_cost(past, cur, future, x, y, f.mv, b.mv);
        total += u64::from(intra.min(f.cost).min(b.cost).min(bi));
    }
    total * B_COST_PERCENT / 100
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
        plan(&mut MotionCache::new(), mode, &frames[0], &window, 3)
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
        let mut m = MotionCache::new();
        for mode in [
            BFrameAdaptive::Off,
            BFrameAdaptive::Fast,
            BFrameAdaptive::Trellis,
        ] {
            assert_eq!(plan(&mut m, mode, &frames[0], &window, 2), 2);
            assert_eq!(plan(&mut m, mode, &frames[0], &window[..2], 3), 1);
            assert_eq!(plan(&mut m, mode, &frames[0], &window[..1], 3), 0);
            assert_eq!(plan(&mut m, mode, &frames[0], &window, 0), 0);
        }
        // Forgetting drops the searches from before the new reference frame.
        m.forget_before(2);
        assert!(m.pairs().iter().all(|&(r, c)| r >= 2 && c >= 2));
    }
}
