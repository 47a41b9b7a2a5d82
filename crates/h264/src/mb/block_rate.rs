//! How many bits a residual block costs, in the entropy coder of the slice: the rate term of
//! the decisions made block by block (RD quantisation, quadrant zeroing, 4x4 intra modes).

use super::cabac_writer::{CabacNeighbours, chroma_ac_cbf_inc, luma_cbf_inc};
use super::syntax::{BLK_TO_RASTER, NcContext};
use super::{MbAvailability, PictureState};
use crate::cabac::{BIT, BitEstimator, BlockCat, Contexts, residual_block};

/// The rate model of one block.
#[derive(Clone, Copy, Debug)]
pub enum BlockRate<'a> {
    /// CAVLC with this nC (exact bits).
    Cavlc {
        /// nC of the block (−1 for chroma DC).
        nc: i32,
    },
    /// CABAC, estimated from the contexts at the start of the macroblock.
    Cabac {
        /// The contexts.
        ctx: &'a Contexts,
        /// ctxBlockCat.
        cat: BlockCat,
        /// ctxIdxInc of coded_block_flag.
        cbf_inc: usize,
    },
}

impl BlockRate<'_> {
    /// Cost of `levels` (scan order, `levels.len()` = maxNumCoeff) in 1/256 bit.
    pub fn cost_q8(&self, levels: &[i32]) -> u64 {
        match *self {
            BlockRate::Cavlc { nc } => {
                u64::from(crate::cavlc::residual_block_bits(levels, nc, levels.len()))
                    * u64::from(BIT)
            }
            BlockRate::Cabac { ctx, cat, cbf_inc } => {
                let mut e = BitEstimator::new(ctx);
                residual_block(&mut e, cat, levels, cbf_inc);
                u64::from(e.cost)
            }
        }
    }

    /// λ·bits of `levels` for a λ per bit.
    pub fn lambda_cost(&self, lambda: u64, levels: &[i32]) -> u64 {
        (lambda * self.cost_q8(levels)) >> 8
    }
}

/// The rate model of 16-coefficient luma block `b` (raster) of macroblock `addr`, whose
/// earlier blocks have the TotalCoeffs `cur`; `cabac`: the CABAC contexts at the start of
/// the macroblock, in CABAC slices.
pub fn luma_rate<'a>(
    cabac: Option<&'a Contexts>,
    state: &PictureState,
    addr: usize,
    avail: MbAvailability,
    cur: &[u8; 16],
    b: usize,
    intra: bool,
) -> BlockRate<'a> {
    match cabac {
        None => BlockRate::Cavlc {
            nc: NcContext { state, addr, avail }.luma_nc(cur, b),
        },
        Some(c) => {
            let nb = CabacNeighbours::of(state, addr, avail, super::SliceKind::I);
            BlockRate::Cabac {
                ctx: c,
                cat: BlockCat::Luma4x4,
                cbf_inc: luma_cbf_inc(&nb, cur, b, intra),
            }
        }
    }
}

/// The rate model of one 8x8 luma block.
#[derive(Clone, Copy, Debug)]
pub enum Rate8x8<'a> {
    /// CAVLC: the four interleaved 4x4 blocks with these nC (decoding order).
    Cavlc {
        /// nC per interleaved block.
        nc: [i32; 4],
    },
    /// CABAC, estimated from the contexts at the start of the macroblock.
    Cabac {
        /// The contexts.
        ctx: &'a Contexts,
    },
}

impl Rate8x8<'_> {
    /// Cost of `levels` (8x8 scan order) in 1/256 bit.
    pub fn cost_q8(&self, levels: &[i32; 64]) -> u64 {
        match *self {
            Rate8x8::Cavlc { nc } => {
                (0..4)
                    .map(|k| {
                        let piece: [i32; 16] = std::array::from_fn(|i| levels[4 * i + k]);
                        u64::from(crate::cavlc::residual_block_bits(&piece, nc[k], 16))
                    })
                    .sum::<u64>()
                    * u64::from(crate::cabac::BIT)
            }
            Rate8x8::Cabac { ctx } => {
                if levels.iter().all(|&l| l == 0) {
                    return 0;
                }
                let mut e = crate::cabac::BitEstimator::new(ctx);
                crate::cabac::residual_block(&mut e, crate::cabac::BlockCat::Luma8x8, levels, 0);
                u64::from(e.cost)
            }
        }
    }
}

/// The rate model of 8x8 luma block `b8` of macroblock `addr` (8x8 transform), whose
/// earlier blocks have the TotalCoeffs `cur` (CAVLC: each interleaved 4x4 block's nC).
pub fn luma_8x8_rate<'a>(
    cabac: Option<&'a Contexts>,
    state: &PictureState,
    addr: usize,
    avail: MbAvailability,
    cur: &[u8; 16],
    b8: usize,
) -> Rate8x8<'a> {
    match cabac {
        Some(ctx) => Rate8x8::Cabac { ctx },
        None => {
            let nc = NcContext { state, addr, avail };
            Rate8x8::Cavlc {
                nc: std::array::from_fn(|k| nc.luma_nc(cur, BLK_TO_RASTER[4 * b8 + k])),
            }
        }
    }
}

/// The rate model of the chroma AC blocks of macroblock `addr` (CAVLC: nC taken as 0).
pub fn chroma_ac_rate<'a>(
    cabac: Option<&'a Contexts>,
    state: &PictureState,
    addr: usize,
    avail: MbAvailability,
    intra: bool,
) -> BlockRate<'a> {
    match cabac {
        None => BlockRate::Cavlc { nc: 0 },
        Some(c) => {
            let nb = CabacNeighbours::of(state, addr, avail, super::SliceKind::I);
            BlockRate::Cabac {
                ctx: c,
                cat: BlockCat::ChromaAc,
                cbf_inc: chroma_ac_cbf_inc(&nb, intra),
            }
        }
    }
}
