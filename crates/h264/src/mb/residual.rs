//! Transform, quantisation and reconstruction of a macroblock's residual: the encoder half
//! of §8.5, producing both the levels to code and the decoder's exact reconstruction.

use super::block_rate::{BlockRate, Rate8x8};
use crate::picture::Plane;
use crate::quant::{Quant4, Quant8, ZIGZAG_4X4, ZIGZAG_8X8};
use crate::transform::{
    add_residual_4x4, add_residual_8x8, forward_4x4, forward_8x8, forward_hadamard_2x2,
    forward_hadamard_4x4, inverse_4x4, inverse_8x8, residual_4x4, residual_8x8,
};

/// Baseline forbids level_prefix > 15 (§9.2.2.1): levels stay within ±this.
pub const MAX_LEVEL: i32 = crate::cavlc::MAX_LEVEL_PREFIX_15;

fn clamp_levels<const N: usize>(levels: &mut [i32; N]) {
    for l in levels.iter_mut() {
        *l = (*l).clamp(-MAX_LEVEL, MAX_LEVEL);
    }
}

/// Levels of one 4x4 block in scan order.
pub fn to_scan(levels: &[i32; 16]) -> [i32; 16] {
    std::array::from_fn(|i| levels[ZIGZAG_4X4[i]])
}

/// Number of non-zero levels.
pub fn count_nonzero(levels: &[i32]) -> u8 {
    levels.iter().filter(|&&l| l != 0).count() as u8
}

/// Codes the 4x4 block at (x, y) whose prediction is already in `recon`, quantised as `q`
/// says: returns its levels in scan order and leaves the reconstruction in `recon`.
pub fn code_4x4(src: &Plane, recon: &mut Plane, x: usize, y: usize, q: Quant4<'_>) -> [i32; 16] {
    let si = src.index(x as isize, y as isize);
    let ri = recon.index(x as isize, y as isize);
    let r = residual_4x4(&src.data[si..], src.stride, &recon.data[ri..], recon.stride);
    let (mut levels, nonzero) = q.quantize(&forward_4x4(&r));
    if nonzero {
        clamp_levels(&mut levels);
        let res = inverse_4x4(&q.dequantize(&levels));
        add_residual_4x4(&mut recon.data[ri..], recon.stride, &res);
    }
    to_scan(&levels)
}

/// The prediction (already in `recon`) and source samples of the 4x4 block at (x, y).
fn pred_and_orig(src: &Plane, recon: &Plane, x: usize, y: usize) -> ([u8; 16], [u8; 16]) {
    let mut pred = [0u8; 16];
    let mut orig = [0u8; 16];
    recon.read_block(x, y, 4, 4, &mut pred);
    src.read_block(x, y, 4, 4, &mut orig);
    (pred, orig)
}

/// The greedy RD step shared by luma and chroma: from the last scan position down to
/// `first`, move each non-zero level (raster order) towards zero while `cost` keeps falling.
fn shrink_levels(raster: &mut [i32; 16], first: usize, cost: impl Fn(&[i32; 16]) -> u64) {
    shrink_levels_in(raster, &ZIGZAG_4X4, first, cost);
}

/// [`shrink_levels`] for a block of any size with scan `scan`.
fn shrink_levels_in<const N: usize>(
    raster: &mut [i32; N],
    scan: &[usize; N],
    first: usize,
    cost: impl Fn(&[i32; N]) -> u64,
) {
    let mut best = cost(raster);
    for i in (first..N).rev() {
        let k = scan[i];
        while raster[k] != 0 {
            let old = raster[k];
            raster[k] -= old.signum();
            let c = cost(raster);
            if c < best {
                best = c;
            } else {
                raster[k] = old;
                break;
            }
        }
    }
}

/// Forward transforms of the `N` 4x4 blocks of a `cols`-block-wide area at (x, y) (raster
/// block order) against the prediction in `recon`, and their DC coefficients.
fn forward_blocks<const N: usize>(
    src: &Plane,
    recon: &Plane,
    x: usize,
    y: usize,
    cols: usize,
) -> ([[i32; 16]; N], [i32; N]) {
    let coefs: [[i32; 16]; N] = std::array::from_fn(|b| {
        let (bx, by) = (x + (b % cols) * 4, y + (b / cols) * 4);
        let si = src.index(bx as isize, by as isize);
        let ri = recon.index(bx as isize, by as isize);
        forward_4x4(&residual_4x4(
            &src.data[si..],
            src.stride,
            &recon.data[ri..],
            recon.stride,
        ))
    });
    let dc = std::array::from_fn(|b| coefs[b][0]);
    (coefs, dc)
}

/// Rate–distortion optimised quantisation of a 4x4 block (the encoder's free choice of
/// levels; a greedy form of x264's trellis for CAVLC): starting from the levels rounded to
/// nearest (above the dead zone's, which moving down could never reach), each non-zero level, from the last in scan order, is moved one step towards zero when that
/// lowers SSD + λ·bits, with bits from the slice's entropy coder (`rate`). Leaves the
/// block's reconstruction in `recon` and returns the chosen levels in scan order.
#[allow(clippy::too_many_arguments)]
pub fn code_4x4_rdo(
    src: &Plane,
    recon: &mut Plane,
    x: usize,
    y: usize,
    q: Quant4<'_>,
    rate: BlockRate<'_>,
    lambda2: u64,
) -> [i32; 16] {
    let (pred, orig) = pred_and_orig(src, recon, x, y);
    let res = residual_4x4(&orig, 4, &pred, 4);
    let (mut raster, nonzero) = q.quantize_nearest(&forward_4x4(&res));
    if !nonzero {
        return [0; 16];
    }
    clamp_levels(&mut raster);
    let cost = |raster: &[i32; 16]| -> u64 {
        let mut block = pred;
        if raster.iter().any(|&l| l != 0) {
            add_residual_4x4(&mut block, 4, &inverse_4x4(&q.dequantize(raster)));
        }
        let d = crate::cost::ssd(&block, 4, &orig, 4, 4, 4);
        d + rate.lambda_cost(lambda2, &to_scan(raster))
    };
    shrink_levels(&mut raster, 0, cost);
    if raster.iter().any(|&l| l != 0) {
        let ri = recon.index(x as isize, y as isize);
        let res = inverse_4x4(&q.dequantize(&raster));
        add_residual_4x4(&mut recon.data[ri..], recon.stride, &res);
    }
    to_scan(&raster)
}

/// Codes the 8x8 luma block at (x, y) whose prediction is already in `recon` with the 8x8
/// transform, choosing levels as [`code_4x4_rdo`] does (rounded to nearest, then each
/// non-zero level moved towards zero while SSD + λ·bits falls; `lambda2` 0 keeps the
/// dead-zone levels instead). Leaves the reconstruction in `recon`; returns the levels in 8x8 scan order.
#[allow(clippy::too_many_arguments)]
pub fn code_8x8_rdo(
    src: &Plane,
    recon: &mut Plane,
    x: usize,
    y: usize,
    q: Quant8<'_>,
    rate: &Rate8x8<'_>,
    lambda2: u64,
) -> [i32; 64] {
    let mut pred = [0u8; 64];
    let mut orig = [0u8; 64];
    recon.read_block(x, y, 8, 8, &mut pred);
    src.read_block(x, y, 8, 8, &mut orig);
    let res = residual_8x8(&orig, 8, &pred, 8);
    let (mut raster, nonzero) = if lambda2 > 0 {
        q.quantize_nearest(&forward_8x8(&res))
    } else {
        q.quantize(&forward_8x8(&res))
    };
    if !nonzero {
        return [0; 64];
    }
    clamp_levels(&mut raster);
    let to_scan_8x8 =
        |raster: &[i32; 64]| -> [i32; 64] { std::array::from_fn(|i| raster[ZIGZAG_8X8[i]]) };
    if lambda2 > 0 {
        let cost = |raster: &[i32; 64]| -> u64 {
            let mut block = pred;
            if raster.iter().any(|&l| l != 0) {
                add_residual_8x8(&mut block, 8, &inverse_8x8(&q.dequantize(raster)));
            }
            let d = crate::cost::ssd(&block, 8, &orig, 8, 8, 8);
            d + ((lambda2 * rate.cost_q8(&to_scan_8x8(raster))) >> 8)
        };
        shrink_levels_in(&mut raster, &ZIGZAG_8X8, 0, cost);
    }
    if raster.iter().any(|&l| l != 0) {
        let ri = recon.index(x as isize, y as isize);
        let res = inverse_8x8(&q.dequantize(&raster));
        add_residual_8x8(&mut recon.data[ri..], recon.stride, &res);
    }
    to_scan_8x8(&raster)
}

/// Splits 8x8 levels (scan order) into the four interleaved 4x4 pieces CAVLC codes: piece
/// k holds levels k, k + 4, k + 8, … (§7.3.5.3.2).
pub fn interleave_8x8(levels: &[i32; 64]) -> [[i32; 16]; 4] {
    std::array::from_fn(|k| std::array::from_fn(|i| levels[4 * i + k]))
}

/// Reconstructs a 4x4 block from already chosen levels (scan order) over the prediction in
/// `recon` — used when levels were decided elsewhere (e.g. zeroed by decimation).
pub fn reconstruct_4x4(recon: &mut Plane, x: usize, y: usize, scan: &[i32; 16], q: Quant4<'_>) {
    if scan.iter().all(|&l| l == 0) {
        return;
    }
    let mut raster = [0i32; 16];
    for (i, &l) in scan.iter().enumerate() {
        raster[ZIGZAG_4X4[i]] = l;
    }
    let ri = recon.index(x as isize, y as isize);
    let res = inverse_4x4(&q.dequantize(&raster));
    add_residual_4x4(&mut recon.data[ri..], recon.stride, &res);
}

/// An Intra_16x16 macroblock's luma levels.
pub struct Luma16x16Levels {
    /// Intra16x16DCLevel in scan order.
    pub dc: [i32; 16],
    /// Intra16x16ACLevel per 4x4 block (raster block index), scan positions 1..=15 in
    /// elements 1..=15 (element 0 unused).
    pub ac: [[i32; 16]; 16],
}

/// Codes an Intra_16x16 macroblock's luma at (x, y) over the prediction in `recon`.
pub fn code_luma_16x16(
    src: &Plane,
    recon: &mut Plane,
    x: usize,
    y: usize,
    q: Quant4<'_>,
) -> Luma16x16Levels {
    let (coefs, dc) = forward_blocks::<16>(src, recon, x, y, 4);
    let (mut dc_levels, _) = q.quantize_luma_dc(&forward_hadamard_4x4(&dc));
    clamp_levels(&mut dc_levels);
    let dc_values = q.dequantize_luma_dc(&dc_levels);
    let mut ac = [[0i32; 16]; 16];
    let mut any_ac = false;
    for (b, c) in coefs.iter().enumerate() {
        let (mut levels, nz) = q.quantize_ac(c, false);
        clamp_levels(&mut levels);
        any_ac |= nz;
        ac[b] = levels;
    }
    for b in 0..16 {
        let (bx, by) = (x + (b % 4) * 4, y + (b / 4) * 4);
        let ri = recon.index(bx as isize, by as isize);
        let levels = if any_ac { ac[b] } else { [0; 16] };
        if dc_values[b] != 0 || levels.iter().any(|&l| l != 0) {
            let res = inverse_4x4(&q.dequantize_ac(&levels, dc_values[b]));
            add_residual_4x4(&mut recon.data[ri..], recon.stride, &res);
        }
    }
    Luma16x16Levels {
        dc: to_scan(&dc_levels),
        ac: std::array::from_fn(|b| if any_ac { to_scan(&ac[b]) } else { [0; 16] }),
    }
}

/// One chroma component's levels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChromaLevels {
    /// chroma DC (chroma4x4BlkIdx order).
    pub dc: [i32; 4],
    /// AC per block (raster 2x2), scan positions 1..=15 in elements 1..=15.
    pub ac: [[i32; 16]; 4],
}

impl ChromaLevels {
    /// Whether any DC level is non-zero.
    pub fn has_dc(&self) -> bool {
        self.dc.iter().any(|&l| l != 0)
    }

    /// Whether any AC level is non-zero.
    pub fn has_ac(&self) -> bool {
        self.ac.iter().flatten().any(|&l| l != 0)
    }
}

/// Codes the 8x8 chroma block at (x, y) (chroma coordinates) over the prediction in `recon`,
/// quantised as `q` says (QP'c, the component's scaling list).
/// With `lambda2` > 0 the AC levels are chosen by RD-optimised quantisation (like
/// [`code_4x4_rdo`], with nC estimated as 0).
#[allow(clippy::too_many_arguments)]
pub fn code_chroma(
    src: &Plane,
    recon: &mut Plane,
    x: usize,
    y: usize,
    q: Quant4<'_>,
    lambda2: u64,
    ac_rate: BlockRate<'_>,
) -> ChromaLevels {
    let (coefs, dc) = forward_blocks::<4>(src, recon, x, y, 2);
    let (mut dc_levels, _) = q.quantize_chroma_dc(&forward_hadamard_2x2(&dc));
    clamp_levels(&mut dc_levels);
    let mut out = ChromaLevels {
        dc: dc_levels,
        ac: [[0; 16]; 4],
    };
    for (b, c) in coefs.iter().enumerate() {
        let (mut levels, _) = q.quantize_ac(c, lambda2 > 0);
        clamp_levels(&mut levels);
        out.ac[b] = levels;
    }
    if lambda2 > 0 {
        let dc_values = q.dequantize_chroma_dc(&out.dc);
        for (b, (&dc, ac)) in dc_values.iter().zip(out.ac.iter_mut()).enumerate() {
            let (bx, by) = (x + (b % 2) * 4, y + (b / 2) * 4);
            rdo_chroma_ac(src, recon, bx, by, q, dc, lambda2, ac_rate, ac);
        }
    }
    reconstruct_chroma(recon, x, y, &out, q);
    for b in 0..4 {
        out.ac[b] = to_scan(&out.ac[b]);
    }
    out
}

/// Greedy RD refinement of one chroma block's AC levels (raster order, DC fixed to `dc`):
/// levels move towards zero while SSD + λ·bits falls.
#[allow(clippy::too_many_arguments)]
fn rdo_chroma_ac(
    src: &Plane,
    recon: &Plane,
    x: usize,
    y: usize,
    q: Quant4<'_>,
    dc: i32,
    lambda2: u64,
    rate: BlockRate<'_>,
    ac: &mut [i32; 16],
) {
    if ac.iter().all(|&l| l == 0) {
        return;
    }
    let (pred, orig) = pred_and_orig(src, recon, x, y);
    let cost = |ac: &[i32; 16]| -> u64 {
        let mut block = pred;
        add_residual_4x4(&mut block, 4, &inverse_4x4(&q.dequantize_ac(ac, dc)));
        let d = crate::cost::ssd(&block, 4, &orig, 4, 4, 4);
        d + rate.lambda_cost(lambda2, &to_scan(ac)[1..])
    };
    shrink_levels(ac, 1, cost);
}

/// Adds the residual of `levels` (AC in raster order) to the prediction in `recon`.
fn reconstruct_chroma(recon: &mut Plane, x: usize, y: usize, levels: &ChromaLevels, q: Quant4<'_>) {
    let dc_values = q.dequantize_chroma_dc(&levels.dc);
    for (b, (&dc, ac)) in dc_values.iter().zip(&levels.ac).enumerate() {
        let (bx, by) = (x + (b % 2) * 4, y + (b / 2) * 4);
        if dc != 0 || ac.iter().any(|&l| l != 0) {
            let ri = recon.index(bx as isize, by as isize);
            let res = inverse_4x4(&q.dequantize_ac(ac, dc));
            add_residual_4x4(&mut recon.data[ri..], recon.stride, &res);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planes(seed: u32) -> (Plane, Plane) {
        let mut s = seed;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        };
        let mut src = Plane::new(16, 16, 8, 0);
        let mut pred = Plane::new(16, 16, 8, 0);
        for y in 0..16 {
            for x in 0..16 {
                let base = (x * 9 + y * 5) as u32;
                src.row_mut(y)[x] = (base + next() % 40) as u8;
                pred.row_mut(y)[x] = (base + next() % 12) as u8;
            }
        }
        (src, pred)
    }

    fn block_j(src: &Plane, rec: &Plane, scan: &[i32; 16], nc: i32, lambda2: u64) -> u64 {
        let mut d = 0u64;
        for y in 0..4 {
            for x in 0..4 {
                d += ((src.row(y)[x] as i32 - rec.row(y)[x] as i32).pow(2)) as u64;
            }
        }
        d + lambda2 * crate::cavlc::residual_block_bits(scan, nc, 16) as u64
    }

    #[test]
    fn rdo_levels_shrink_towards_zero_and_never_cost_more() {
        let mut above_dead_zone = 0;
        for seed in 1..200u32 {
            for qp in [12u8, 24, 30, 38] {
                let (src, pred) = planes(seed * 7 + qp as u32);
                let lambda2 = crate::mb::lambda_ssd(qp) / 2;
                let q = Quant4::flat(qp, false);
                // The start: every level rounded to nearest.
                let (p, orig) = pred_and_orig(&src, &pred, 0, 0);
                let (start, _) = q.quantize_nearest(&forward_4x4(&residual_4x4(&orig, 4, &p, 4)));
                let mut start_rec = pred.clone();
                let start = to_scan(&start);
                reconstruct_4x4(&mut start_rec, 0, 0, &start, q);
                let mut rdo_rec = pred.clone();
                let rate = BlockRate::Cavlc { nc: 2 };
                let rdo = code_4x4_rdo(&src, &mut rdo_rec, 0, 0, q, rate, lambda2);
                for (p, r) in start.iter().zip(&rdo) {
                    assert!(r.abs() <= p.abs() && (r * p >= 0), "{start:?} -> {rdo:?}");
                }
                assert!(
                    block_j(&src, &rdo_rec, &rdo, 2, lambda2)
                        <= block_j(&src, &start_rec, &start, 2, lambda2)
                );
                // Starting above the dead zone pays somewhere: count the blocks that keep
                // a level larger than the dead-zone quantiser's.
                let mut dz_rec = pred.clone();
                let dead_zone = code_4x4(&src, &mut dz_rec, 0, 0, q);
                if rdo.iter().zip(&dead_zone).any(|(r, d)| r.abs() > d.abs()) {
                    above_dead_zone += 1;
                }
                // The reconstruction is the decoder's for the chosen levels.
                let mut check = pred.clone();
                reconstruct_4x4(&mut check, 0, 0, &rdo, q);
                assert_eq!(check.row(0)[..4], rdo_rec.row(0)[..4]);
                assert_eq!(check.row(3)[..4], rdo_rec.row(3)[..4]);
            }
        }
        assert!(above_dead_zone > 0);
    }
}
