//! CAVLC entropy coding of residual data and of coded_block_pattern (ITU-T H.264 §9.1.2,
//! §9.2), as pure functions over a [`BitWriter`](framepress_bitstream::BitWriter).
//!
//! * [`write_residual_block`] writes `residual_block_cavlc()` (§7.3.5.3.2) for one block of
//!   levels in scan order and returns its TotalCoeff; [`residual_block_bits`] counts the same
//!   bits without writing them, for rate–distortion decisions.
//! * [`coeff_token_bits`] exposes Table 9-5 for rate estimation; [`predict_nc`] computes nC
//!   from the neighbouring blocks' TotalCoeff (§9.2.1).
//! * [`cbp_to_code_intra4x4`] / [`cbp_to_code_inter`] map coded_block_pattern to the
//!   codeNum sent as `ue(v)` (Table 9-4), with their inverses.
//!
//! The tables are transcribed from the standard as the bit strings it prints (see `vlc`).

mod cbp;
mod coeff_token;
mod level;
mod nc;
mod residual;
mod run_before;
mod sink;
mod total_zeros;
mod vlc;

#[cfg(test)]
pub(crate) mod decode;
#[cfg(test)]
mod tests;

pub use cbp::{cbp_to_code_inter, cbp_to_code_intra4x4, code_to_cbp_inter, code_to_cbp_intra4x4};
pub use coeff_token::coeff_token_bits;
pub use nc::predict_nc;
pub use residual::{residual_block_bits, write_residual_block};

/// The largest level magnitude that never needs a level_prefix above 15, whatever the
/// suffixLength: the Baseline, Constrained Baseline, Main and Extended profiles forbid
/// level_prefix > 15 (§9.2.2.1), so their encoders must keep levels within ±this value.
/// (With suffixLength 0 or 1, level_prefix 15 reaches levelCode 4125, i.e. ±2063.)
pub const MAX_LEVEL_PREFIX_15: i32 = 2063;
