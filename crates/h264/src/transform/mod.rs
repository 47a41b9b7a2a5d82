//! Residual transforms (H.264 §8.5.10–§8.5.12 and §8.5.14) and the forward transforms an
//! encoder pairs with them.
//!
//! * [`core4x4`] — the 4x4 integer core transform: forward `Cf·X·Cfᵀ` and the normative
//!   inverse of §8.5.12.2 with its `(x + 32) >> 6` rounding.
//! * [`core8x8`] — the 8x8 integer transform of the High profiles (§8.5.13.2), forward and
//!   inverse.
//! * [`hadamard`] — the 4x4 Hadamard of the Intra_16x16 luma DC coefficients (§8.5.10) and
//!   the 2x2 one of the 4:2:0 chroma DC coefficients (§8.5.11.1), forward and inverse.
//! * [`residual`] — forming residuals and adding them back with Clip1 (§8.5.14).
//!
//! Blocks are 4x4 matrices in raster order: element `c[4 * i + j]` is row i, column j, which
//! is the standard's c_ij (i the row, j the column: residual r_ij lands on sample
//! (xO + j, yO + i)). Coefficients are `i32`; scaling (quantisation) lives in
//! [`quant`](crate::quant).

pub mod core4x4;
pub mod core8x8;
pub mod hadamard;
pub mod residual;

pub use core4x4::{forward_4x4, inverse_4x4};
pub use core8x8::{add_residual_8x8, forward_8x8, inverse_8x8, residual_8x8};
pub use hadamard::{
    forward_hadamard_2x2, forward_hadamard_4x4, inverse_hadamard_2x2, inverse_hadamard_4x4,
};
pub use residual::{add_residual_4x4, residual_4x4};
