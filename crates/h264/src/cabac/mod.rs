//! CABAC, the arithmetic entropy coder of the Main and High profiles (ITU-T H.264 §9.3).
//!
//! * [`Contexts`] holds the adaptive probability states, initialised per slice.
//! * [`ArithmeticWriter`] is the encoding engine; [`BinCounter`] is its exact
//!   bit-counting twin for mode decision, whose [`BinLog`] the writer replays;
//!   [`BitEstimator`] gives fractional estimates for decisions inside a macroblock.
//! * `elements` binarises the macroblock syntax elements and picks their contexts from the
//!   neighbouring macroblocks pass in (§9.3.2, §9.3.3.1); `residual` codes transform
//!   blocks. Which neighbour gives which ctxIdxInc is the macroblock writer's business
//!   (`mb::cabac_writer`).
//!
//! Written from the standard: the engine is small and is the core of the encoder, and
//! mode decision needs the counting twin, which no crate offers.

mod contexts;
mod elements;
mod engine;
mod estimate;
mod init_tables;
mod residual;
mod state_tables;

#[cfg(test)]
pub(crate) mod decode;
#[cfg(test)]
mod tests;

pub use contexts::{CONTEXT_COUNT, ContextTable, Contexts, TERMINATE_CTX};
pub use elements::{
    I16x16Type, coded_block_pattern, end_of_slice, exp_golomb_bypass, intra_chroma_pred_mode,
    intra4x4_pred_mode, mb_qp_delta, mb_skip_flag_b, mb_skip_flag_p, mb_type_b_inter,
    mb_type_b_intra, mb_type_i, mb_type_p_inter, mb_type_p_intra, mvd, mvd_inc, ref_idx,
    sub_mb_type_p, transform_size_8x8_flag,
};
pub use engine::{ArithmeticWriter, BinCounter, BinEncoder, BinLog};
pub use estimate::{BIT, BitEstimator};
pub use residual::{BlockCat, residual_block};
