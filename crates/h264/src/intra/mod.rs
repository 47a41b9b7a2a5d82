//! Intra prediction sample generation (H.264 §8.3).
//!
//! * [`i4x4`] — Intra_4x4 luma, 9 modes (§8.3.1.2).
//! * [`i16x16`] — Intra_16x16 luma, 4 modes (§8.3.3).
//! * [`chroma`] — intra chroma for 4:2:0, 4 modes on an 8x8 block (§8.3.4).
//! * [`neighbours`] — the neighbouring samples and their availability, gathered from a
//!   [`Plane`](crate::picture::Plane).
//!
//! Every predictor is a pure function of the neighbouring samples and the availability flags
//! and returns its block in raster order (`pred[y * size + x]`). The caller decides what is
//! "available for Intra prediction" (§8.3.1.2, §8.3.3, §8.3.4): a neighbour outside the
//! picture or in another slice is not available, and neither is an inter-coded neighbour when
//! `constrained_intra_pred_flag` is 1. [`neighbours::block_availability_4x4`] derives the
//! per-4x4-block flags inside a macroblock from the macroblock-level ones.
//!
//! A mode must only be used when it is allowed by the availability (see each module's
//! `available_modes`); predicting with a disallowed mode is not an error but yields a
//! meaningless block built from the placeholder value of the missing samples.

pub mod chroma;
pub mod i16x16;
pub mod i4x4;
pub mod i8x8;
pub mod neighbours;

pub use chroma::{ChromaMode, predict_chroma};
pub use i4x4::{Intra4x4Mode, predict_4x4};
pub use i8x8::{Neighbours8x8, block_availability_8x8, predict_8x8};
pub use i16x16::{Intra16x16Mode, predict_16x16};
pub use neighbours::{
    Availability, Neighbours, Neighbours4x4, Neighbours16x16, NeighboursChroma,
    block_availability_4x4,
};

/// Value of an unavailable sample and of DC prediction without neighbours:
/// 1 << (BitDepth − 1) for 8-bit video (§8.3.1.2.3, §8.3.3.3, §8.3.4.1).
pub(crate) const MID: u8 = 128;

/// Clip1Y / Clip1C for 8-bit samples (§5.7: Clip3(0, 255, x)).
#[inline]
pub(crate) fn clip1(x: i32) -> u8 {
    x.clamp(0, 255) as u8
}
