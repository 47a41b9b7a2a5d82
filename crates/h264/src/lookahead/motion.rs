//! Motion between half-resolution pictures, searched once per (reference, picture) pair and
//! kept while decisions still need it.
//!
//! Why a cache: the B-frame planner costs the same pairs in consecutive decisions (their
//! windows overlap), and the macroblock tree walks every frame of the lookahead again for
//! each reference frame it sets offsets for. Each picture is searched against a handful of
//! others in all.

use std::collections::HashMap;

use super::lowres::{BLOCK, LowresFrame, search};
use crate::cost::satd;

/// The best match of one block in another picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockMotion {
    /// Vector in reduced samples.
    pub mv: [i32; 2],
    /// Its SATD.
    pub cost: u32,
}

/// Per (reference serial, picture serial): every block's best match.
#[derive(Debug, Default)]
pub struct MotionCache {
    searched: HashMap<(u64, u64), Vec<BlockMotion>>,
}

impl MotionCache {
    /// An empty cache.
    pub fn new() -> MotionCache {
        MotionCache::default()
    }

    /// Every block of `cur` matched in `reference` (searched on first use).
    pub fn get(&mut self, reference: &LowresFrame, cur: &LowresFrame) -> &[BlockMotion] {
        self.searched
            .entry((reference.serial, cur.serial))
            .or_insert_with(|| search_picture(reference, cur))
    }

    /// Searches both pairs so that [`Self::pair`] can lend them together.
    pub fn ensure(&mut self, reference: &LowresFrame, cur: &LowresFrame) {
        self.get(reference, cur);
    }

    /// The searches of `cur` in `past` and in `future`, both already [`Self::ensure`]d.
    pub fn pair(
        &self,
        past: &LowresFrame,
        cur: &LowresFrame,
        future: &LowresFrame,
    ) -> (&[BlockMotion], &[BlockMotion]) {
        (
            &self.searched[&(past.serial, cur.serial)],
            &self.searched[&(future.serial, cur.serial)],
        )
    }

    /// Drops the searches involving pictures before `serial` (the decisions still to come
    /// start at the reference frame with that serial).
    pub fn forget_before(&mut self, serial: u64) {
        self.searched
            .retain(|&(r, c), _| r >= serial && c >= serial);
    }

    /// The pairs held (for tests).
    #[cfg(test)]
    pub fn pairs(&self) -> Vec<(u64, u64)> {
        self.searched.keys().copied().collect()
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
pub fn bi_cost(
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
