//! Fractional bit estimates of CABAC bins from a frozen set of contexts, for the decisions
//! made inside a macroblock (which levels to keep, which 4x4 intra mode), where running
//! the exact counter per trial would cost too much. The macroblock-level decision is
//! still made on exact counts ([`BinCounter`](super::BinCounter)).

use std::sync::OnceLock;

use super::contexts::Contexts;
use super::engine::BinEncoder;

/// Fixed-point scale of the estimates: 1 bit = 256.
pub const BIT: u32 = 256;

/// −log2 of the probability of the most and least probable symbol per pStateIdx, in 1/256
/// bit. The state machine approximates p_LPS(σ) = 0.5·α^σ with α = (0.01875 / 0.5)^(1/63)
/// (§9.3.1.1's design, Marpe et al. 2003).
fn costs() -> &'static [[u32; 2]; 64] {
    static COSTS: OnceLock<[[u32; 2]; 64]> = OnceLock::new();
    COSTS.get_or_init(|| {
        let alpha = (0.01875f64 / 0.5).powf(1.0 / 63.0);
        std::array::from_fn(|s| {
            let lps = 0.5 * alpha.powi(s as i32);
            [
                (-(1.0 - lps).log2() * f64::from(BIT)).round() as u32,
                (-lps.log2() * f64::from(BIT)).round() as u32,
            ]
        })
    })
}

/// Adds up the estimated cost of bins against `ctx` without adapting it.
pub struct BitEstimator<'a> {
    ctx: &'a Contexts,
    costs: &'static [[u32; 2]; 64],
    /// The estimate so far, in 1/256 bit.
    pub cost: u32,
}

impl<'a> BitEstimator<'a> {
    /// An estimator over `ctx`.
    pub fn new(ctx: &'a Contexts) -> BitEstimator<'a> {
        BitEstimator {
            ctx,
            costs: costs(),
            cost: 0,
        }
    }
}

impl BinEncoder for BitEstimator<'_> {
    #[inline]
    fn decision(&mut self, ctx: usize, bin: bool) {
        let s = self.ctx.0[ctx];
        let lps = bin != (s & 1 == 1);
        self.cost += self.costs[usize::from(s >> 1)][usize::from(lps)];
    }

    #[inline]
    fn bypass(&mut self, _bin: bool) {
        self.cost += BIT;
    }

    #[inline]
    fn terminate(&mut self, bin: bool) {
        // p(0) = 1 − 2/range: close to free; a one ends the slice.
        self.cost += if bin { 7 * BIT } else { 1 };
    }
}
