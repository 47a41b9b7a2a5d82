//! The lookahead's cheap copy of a picture: luma at half resolution, in 8x8 blocks (one
//! macroblock each), with the estimates every lookahead decision is built from — an intra
//! cost per block, and a motion search against another reduced picture scored by SATD.
//!
//! Why half resolution: a quarter of the samples makes the estimates cheap enough to run
//! several per picture (the B-frame planner needs up to a dozen pairs per decision), and the
//! relative costs of frame types survive the reduction well (the same reasoning as x264's
//! lowres lookahead, written from its description).

use crate::cost::{sad, satd};

/// Half-resolution block size (one macroblock).
pub const BLOCK: usize = 8;
/// Search range of the reduced-picture motion search, in reduced pixels (±32 full-size).
pub const RANGE: i32 = 16;

/// A half-resolution luma picture.
#[derive(Clone, Debug)]
pub struct Reduced {
    /// Samples, row by row (`width` per row).
    pub data: Vec<u8>,
    /// Width in samples (half the picture's, rounded down).
    pub width: usize,
    /// Height in samples.
    pub height: usize,
}

impl Reduced {
    /// Averages each 2x2 group of the `width`×`height` luma samples produced by `row`.
    pub fn from_rows<'a>(width: usize, height: usize, row: impl Fn(usize) -> &'a [u8]) -> Reduced {
        let (w, h) = (width / 2, height / 2);
        let mut data = vec![0u8; w * h];
        for y in 0..h {
            let (r0, r1) = (row(2 * y), row(2 * y + 1));
            for (x, out) in data[y * w..(y + 1) * w].iter_mut().enumerate() {
                let s = r0[2 * x] as u32
                    + r0[2 * x + 1] as u32
                    + r1[2 * x] as u32
                    + r1[2 * x + 1] as u32;
                *out = ((s + 2) / 4) as u8;
            }
        }
        Reduced {
            data,
            width: w,
            height: h,
        }
    }

    /// The samples from (x, y) on (rows continue every `width`).
    pub fn at(&self, x: usize, y: usize) -> &[u8] {
        &self.data[y * self.width + x..]
    }

    /// Blocks across and down (whole blocks only: a remainder narrower than a block is left
    /// out of every estimate).
    pub fn blocks(&self) -> (usize, usize) {
        (self.width / BLOCK, self.height / BLOCK)
    }

    /// Whether `other` has the same size (estimates between pictures need it).
    pub fn same_size(&self, other: &Reduced) -> bool {
        self.width == other.width && self.height == other.height
    }
}

/// One picture as the lookahead keeps it: its reduced luma and each block's intra estimate
/// (computed once; every decision involving the picture reuses them).
#[derive(Clone, Debug)]
pub struct LowresFrame {
    /// Identifies the picture in the planner's caches; increases in presentation order.
    pub serial: u64,
    /// The reduced luma.
    pub pic: Reduced,
    /// [`intra_cost`] of each block, raster order.
    pub intra: Vec<u32>,
}

impl LowresFrame {
    /// Reduces the `width`×`height` luma picture whose rows `row` produces.
    pub fn new<'a>(
        serial: u64,
        width: usize,
        height: usize,
        row: impl Fn(usize) -> &'a [u8],
    ) -> LowresFrame {
        let pic = Reduced::from_rows(width, height, row);
        let (bw, bh) = pic.blocks();
        let intra = (0..bh)
            .flat_map(|by| (0..bw).map(move |bx| (bx, by)))
            .map(|(bx, by)| intra_cost(&pic, bx * BLOCK, by * BLOCK))
            .collect();
        LowresFrame { serial, pic, intra }
    }
}

/// The cheapest of DC, horizontal and vertical prediction (from the reduced source's
/// neighbouring samples; 128 where there are none), by SATD.
pub fn intra_cost(cur: &Reduced, x: usize, y: usize) -> u32 {
    let src = cur.at(x, y);
    let stride = cur.width;
    let top: Option<Vec<u8>> = (y > 0).then(|| cur.at(x, y - 1)[..BLOCK].to_vec());
    let left: Option<Vec<u8>> =
        (x > 0).then(|| (0..BLOCK).map(|i| cur.at(x - 1, y + i)[0]).collect());
    let dc = match (&top, &left) {
        (Some(t), Some(l)) => {
            let s: u32 = t.iter().chain(l).map(|&v| v as u32).sum();
            ((s + BLOCK as u32) / (2 * BLOCK as u32)) as u8
        }
        (Some(e), None) | (None, Some(e)) => {
            let s: u32 = e.iter().map(|&v| v as u32).sum();
            ((s + BLOCK as u32 / 2) / BLOCK as u32) as u8
        }
        (None, None) => 128,
    };
    let mut pred = [dc; BLOCK * BLOCK];
    let mut best = satd(src, stride, &pred, BLOCK, BLOCK, BLOCK);
    if let Some(t) = &top {
        for row in pred.chunks_exact_mut(BLOCK) {
            row.copy_from_slice(t);
        }
        best = best.min(satd(src, stride, &pred, BLOCK, BLOCK, BLOCK));
    }
    if let Some(l) = &left {
        for (row, &v) in pred.chunks_exact_mut(BLOCK).zip(l) {
            row.fill(v);
        }
        best = best.min(satd(src, stride, &pred, BLOCK, BLOCK, BLOCK));
    }
    best
}

/// Best vector for the block at (x, y) among `seeds`, refined by a small diamond search on
/// SAD within ±[`RANGE`] and the picture; returns it with its SATD.
pub fn search(
    cur: &Reduced,
    prev: &Reduced,
    x: usize,
    y: usize,
    seeds: &[[i32; 2]],
) -> ([i32; 2], u32) {
    let (max_x, max_y) = (
        (prev.width - BLOCK) as i32 - x as i32,
        (prev.height - BLOCK) as i32 - y as i32,
    );
    let clamp = |mv: [i32; 2]| {
        [
            mv[0].clamp(-RANGE, RANGE).clamp(-(x as i32), max_x),
            mv[1].clamp(-RANGE, RANGE).clamp(-(y as i32), max_y),
        ]
    };
    let src = cur.at(x, y);
    let at = |mv: [i32; 2]| prev.at((x as i32 + mv[0]) as usize, (y as i32 + mv[1]) as usize);
    let cost = |mv: [i32; 2]| sad(src, cur.width, at(mv), prev.width, BLOCK, BLOCK);
    let mut best = clamp(seeds.first().copied().unwrap_or([0, 0]));
    let mut best_cost = cost(best);
    for &s in seeds.iter().skip(1) {
        let s = clamp(s);
        let c = cost(s);
        if c < best_cost {
            best = s;
            best_cost = c;
        }
    }
    for _ in 0..2 * RANGE {
        let centre = best;
        for d in [[-1, 0], [1, 0], [0, -1], [0, 1]] {
            let c = clamp([centre[0] + d[0], centre[1] + d[1]]);
            let cc = cost(c);
            if cc < best_cost {
                best = c;
                best_cost = cc;
            }
        }
        if best == centre {
            break;
        }
    }
    (
        best,
        satd(src, cur.width, at(best), prev.width, BLOCK, BLOCK),
    )
}
