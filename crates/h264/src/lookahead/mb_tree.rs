//! The macroblock tree (`FramepressMBTree`): QP offsets from how much later frames take
//! from each macroblock.
//!
//! Why: a block that the following frames copy (a static background, a slowly moving
//! object) is paid for once and seen many times, so its bits are worth more than those of
//! a block the next frame replaces. One QP per frame type cannot tell them apart; the tree
//! gives such blocks a finer QP and blocks nothing copies a coarser one, which is how
//! x264's `mbtree` gains most of its lead in its rate-controlled modes. It trades PSNR
//! spread across the frames for quality where it lasts, so constant-QP benchmark runs leave
//! it off.
//!
//! How (the idea of x264's macroblock tree, written from its published description): on
//! the lookahead's half-resolution frames, every frame that predicts from others hands part
//! of its information to the blocks it predicts from. A block with intra cost `I` and inter
//! cost `P` (`P ≤ I`) passes on `(I + received) · (1 − P / I)` — the share of itself and of
//! what later frames took from it that prediction supplies — split between the reference
//! blocks its vector overlaps, by area (bi-predicted blocks give half to each reference).
//! Frames are visited in reverse coding order, so everything a frame receives is known
//! before it passes its own share on. A reference block's offset is then
//! `−strength · log2((I + received) / I)`.

use super::lowres::{BLOCK, LowresFrame};
use super::motion::{MotionCache, bi_cost};

/// x264's strength, 5 · (1 − qcompress) at its qcompress 0.6: two QP steps finer per
/// doubling of a block's lasting value.
pub const STRENGTH: f64 = 2.0;

/// One frame of the tree, in coding order.
#[derive(Clone, Copy, Debug)]
pub struct TreeFrame<'a> {
    /// Its half-resolution copy.
    pub frame: &'a LowresFrame,
    /// The earlier entry (coding order) it predicts from backwards in time, if any.
    pub past: Option<usize>,
    /// The earlier entry it predicts from forwards in time (B-frames), if any.
    pub future: Option<usize>,
}

/// How the frames after the one being coded will be coded: the GOP pattern the tree
/// assumes for frames not yet planned.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// B-frames between reference frames (runs are this long, shorter before a key frame
    /// and at the end of the lookahead).
    pub b_frames: usize,
    /// The middle B-frame of each run of two or more is a reference for the others.
    pub pyramid: bool,
}

/// The tree for coding `anchor` (a key frame when `key`) after `prev`, the last reference
/// frame coded, with the B-frames `run` between them, and `future` after it (with their
/// key flags) coded as `layout` says. Returns the entries (in coding order) and the index
/// of `anchor` (0 or 1) and, with a pyramid, of the run's reference B-frame.
pub fn build<'a>(
    prev: Option<&'a LowresFrame>,
    run: &[&'a LowresFrame],
    anchor: &'a LowresFrame,
    key: bool,
    future: &[(&'a LowresFrame, bool)],
    layout: Layout,
) -> (Vec<TreeFrame<'a>>, usize, Option<usize>) {
    let mut tree = Vec::with_capacity(run.len() + future.len() + 2);
    let prev = prev.filter(|_| !key).map(|p| {
        tree.push(TreeFrame {
            frame: p,
            past: None,
            future: None,
        });
        0
    });
    let (anchor_at, ref_b) = push_run(&mut tree, prev, run, anchor, layout);
    let mut last = anchor_at;
    let ahead: Vec<&LowresFrame> = future
        .iter()
        .take_while(|(_, key)| !key)
        .map(|(f, _)| *f)
        .collect();
    for chunk in ahead.chunks(layout.b_frames + 1) {
        let (bs, a) = chunk.split_at(chunk.len() - 1);
        last = push_run(&mut tree, Some(last), bs, a[0], layout).0;
    }
    (tree, anchor_at, ref_b)
}

/// Appends `anchor` (predicted from `prev`) then the B-frames `run` before it; returns
/// the anchor's index and the run's reference B-frame's.
fn push_run<'a>(
    tree: &mut Vec<TreeFrame<'a>>,
    prev: Option<usize>,
    run: &[&'a LowresFrame],
    anchor: &'a LowresFrame,
    layout: Layout,
) -> (usize, Option<usize>) {
    let anchor_at = tree.len();
    tree.push(TreeFrame {
        frame: anchor,
        past: prev,
        future: None,
    });
    let middle = (layout.pyramid && run.len() >= 2).then(|| (run.len() - 1) / 2);
    let ref_b = middle.map(|m| {
        tree.push(TreeFrame {
            frame: run[m],
            past: prev,
            future: Some(anchor_at),
        });
        tree.len() - 1
    });
    for (i, &b) in run.iter().enumerate() {
        let (past, future) = match (middle, ref_b) {
            (Some(m), _) if i == m => continue,
            (Some(m), Some(r)) if i < m => (prev, Some(r)),
            (Some(_), Some(r)) => (Some(r), Some(anchor_at)),
            _ => (prev, Some(anchor_at)),
        };
        tree.push(TreeFrame {
            frame: b,
            past,
            future,
        });
    }
    (anchor_at, ref_b)
}

/// What each entry's blocks receive from the entries after it (raster order per entry).
pub fn propagate(motion: &mut MotionCache, tree: &[TreeFrame]) -> Vec<Vec<f32>> {
    let mut received: Vec<Vec<f32>> = tree
        .iter()
        .map(|t| vec![0.0; t.frame.intra.len()])
        .collect();
    for i in (0..tree.len()).rev() {
        let t = tree[i];
        let (earlier, rest) = received.split_at_mut(i);
        let own = &rest[0];
        let (bw, bh) = t.frame.pic.blocks();
        let size_ok = |j: usize| tree[j].frame.pic.same_size(&t.frame.pic);
        match (
            t.past.filter(|&j| size_ok(j)),
            t.future.filter(|&j| size_ok(j)),
        ) {
            (None, None) => {}
            (Some(r), None) | (None, Some(r)) => {
                let m = motion.get(tree[r].frame, t.frame);
                for (b, (&intra, mv)) in t.frame.intra.iter().zip(m).enumerate() {
                    let amount = passed_on(intra, mv.cost, own[b]);
                    if amount > 0.0 {
                        spread(&mut earlier[r], bw, bh, b, mv.mv, amount);
                    }
                }
            }
            (Some(p), Some(f)) => {
                let (past, future) = (tree[p].frame, tree[f].frame);
                motion.ensure(past, t.frame);
                motion.ensure(future, t.frame);
                let (fwd, bwd) = motion.pair(past, t.frame, future);
                for (b, &intra) in t.frame.intra.iter().enumerate() {
                    let (x, y) = ((b % bw) * BLOCK, (b / bw) * BLOCK);
                    let (mf, mb) = (fwd[b], bwd[b]);
                    let bi = bi_cost(past, t.frame, future, x, y, mf.mv, mb.mv);
                    let best = mf.cost.min(mb.cost).min(bi);
                    let amount = passed_on(intra, best, own[b]);
                    if amount <= 0.0 {
                        continue;
                    }
                    if best == bi {
                        spread(&mut earlier[p], bw, bh, b, mf.mv, amount / 2.0);
                        spread(&mut earlier[f], bw, bh, b, mb.mv, amount / 2.0);
                    } else if best == mf.cost {
                        spread(&mut earlier[p], bw, bh, b, mf.mv, amount);
                    } else {
                        spread(&mut earlier[f], bw, bh, b, mb.mv, amount);
                    }
                }
            }
        }
    }
    received
}

/// What a block with `intra` and best inter cost `inter` that later frames took
/// `received` from passes to what it predicts from.
fn passed_on(intra: u32, inter: u32, received: f32) -> f32 {
    if inter >= intra {
        return 0.0;
    }
    (intra as f32 + received) * (intra - inter) as f32 / intra as f32
}

/// Adds `amount` to the blocks of a `bw`×`bh` grid that block `b`'s vector `mv` (reduced
/// samples) overlaps, each by the overlapping area.
fn spread(dst: &mut [f32], bw: usize, bh: usize, b: usize, mv: [i32; 2], amount: f32) {
    let n = BLOCK as i32;
    let (x, y) = ((b % bw) as i32 * n + mv[0], (b / bw) as i32 * n + mv[1]);
    let (bx, by) = (x.div_euclid(n), y.div_euclid(n));
    let (fx, fy) = (x.rem_euclid(n), y.rem_euclid(n));
    let area = (n * n) as f32;
    for (dy, h) in [(0, n - fy), (1, fy)] {
        for (dx, w) in [(0, n - fx), (1, fx)] {
            let (cx, cy) = (bx + dx, by + dy);
            if w == 0 || h == 0 || cx < 0 || cy < 0 || cx >= bw as i32 || cy >= bh as i32 {
                continue;
            }
            dst[cy as usize * bw + cx as usize] += amount * (w * h) as f32 / area;
        }
    }
}

/// The QP offset of each block of `frame` that later frames took `received` from.
pub fn qp_offsets(frame: &LowresFrame, received: &[f32], strength: f64) -> Vec<f64> {
    frame
        .intra
        .iter()
        .zip(received)
        .map(|(&intra, &r)| {
            let intra = f64::from(intra.max(1));
            -strength * ((intra + f64::from(r)) / intra).log2()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 128;
    const H: usize = 64;

    /// A textured picture, with the right half replaced by noise that changes every frame
    /// (`frame_no` seeds it): the left half is what later frames can copy.
    fn frame(serial: u64) -> LowresFrame {
        let mut seed = 0x9e37_79b9u32.wrapping_mul(serial as u32 + 1);
        let pixels: Vec<u8> = (0..W * H)
            .map(|i| {
                let (x, y) = (i % W, i / W);
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if x < W / 2 {
                    (128.0 + 60.0 * (x as f64 * 0.3).sin() * (y as f64 * 0.2).cos()) as u8
                } else {
                    (seed >> 24) as u8
                }
            })
            .collect();
        LowresFrame::new(serial, W, H, |r| &pixels[r * W..(r + 1) * W])
    }

    #[test]
    fn blocks_later_frames_copy_get_finer_qps_than_blocks_they_replace() {
        let frames: Vec<LowresFrame> = (0..8).map(frame).collect();
        let future: Vec<(&LowresFrame, bool)> = frames[1..].iter().map(|f| (f, false)).collect();
        let layout = Layout {
            b_frames: 3,
            pyramid: true,
        };
        let (tree, at, ref_b) = build(None, &[], &frames[0], true, &future, layout);
        assert_eq!((at, ref_b), (0, None));
        // Key frame, then (anchor 4, ref B 2, B 1, B 3), then (anchor 7, ref B 5, B 6).
        assert_eq!(tree.len(), 8);
        assert_eq!(tree[1].frame.serial, 4);
        assert_eq!(
            (tree[2].frame.serial, tree[2].past, tree[2].future),
            (2, Some(0), Some(1))
        );
        assert_eq!(
            (tree[3].frame.serial, tree[3].past, tree[3].future),
            (1, Some(0), Some(2))
        );
        let received = propagate(&mut MotionCache::new(), &tree);
        let offsets = qp_offsets(tree[0].frame, &received[0], STRENGTH);
        let (bw, bh) = frames[0].pic.blocks();
        let half = |left: bool| -> f64 {
            let v: Vec<f64> = (0..bw * bh)
                .filter(|b| ((b % bw) < bw / 2) == left)
                .map(|b| offsets[b])
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(half(true) < -2.0, "copied half: {}", half(true));
        assert!(half(false) > -0.5, "replaced half: {}", half(false));
        // Nothing references the last frames' plain B-frames.
        assert!(received[3].iter().all(|&r| r == 0.0));
    }

    #[test]
    fn a_key_frame_ends_the_tree_and_runs_shorten_before_it() {
        let frames: Vec<LowresFrame> = (0..6).map(frame).collect();
        let future: Vec<(&LowresFrame, bool)> = frames[2..]
            .iter()
            .enumerate()
            .map(|(i, f)| (f, i == 2))
            .collect();
        let layout = Layout {
            b_frames: 3,
            pyramid: false,
        };
        let (tree, at, _) = build(Some(&frames[0]), &[], &frames[1], false, &future, layout);
        assert_eq!(at, 1);
        // prev, anchor 1, then frames 2 and 3 before the key frame 4: anchor 3, B 2.
        let serials: Vec<u64> = tree.iter().map(|t| t.frame.serial).collect();
        assert_eq!(serials, [0, 1, 3, 2]);
        assert_eq!((tree[3].past, tree[3].future), (Some(1), Some(2)));
    }

    #[test]
    fn spreading_splits_by_overlap_and_drops_what_falls_outside() {
        let mut dst = vec![0.0f32; 4];
        // Block 0 moved by (4, 4): a quarter into each of the four blocks.
        spread(&mut dst, 2, 2, 0, [4, 4], 4.0);
        assert_eq!(dst, [1.0, 1.0, 1.0, 1.0]);
        let mut dst = vec![0.0f32; 4];
        // Half of it left of the picture.
        spread(&mut dst, 2, 2, 0, [-4, 0], 4.0);
        assert_eq!(dst, [2.0, 0.0, 0.0, 0.0]);
        assert_eq!(passed_on(100, 100, 50.0), 0.0);
        assert_eq!(passed_on(100, 25, 100.0), 150.0);
    }
}
