//! Scaling (dequantisation, H.264 §8.5.9–§8.5.13), the encoder's forward quantisation,
//! scaling matrices, chroma QP derivation (§8.5.8) and the zig-zag scans (§8.5.6, §8.5.7).
//!
//! A block is quantised and scaled through a [`Quant4`] or [`Quant8`]: its QP, whether it
//! is intra, and its scaling list's factors from [`ScalingTables`] (flat, weight 16 at
//! every position, unless the SPS sends [`ScalingLists`]). Blocks are in raster order
//! (`c[4 * i + j]` = c_ij, row i, column j) as in [`transform`](crate::transform); levels
//! and coefficients are `i32`. QPs are 0..=51 (8-bit video, QpBdOffset = 0); a larger QP
//! is treated as 51.

pub mod chroma_qp;
pub mod dequant;
pub mod forward;
pub mod scaling_lists;
pub mod scaling_tables;
pub mod scan;
pub mod tables;
#[cfg(test)]
mod tests;

pub use chroma_qp::chroma_qp;
pub use scaling_lists::{SCALING_LIST_VALUES, ScalingLists};
pub use scaling_tables::{Component, FLAT, Quant4, Quant8, ScalingTables};
pub use scan::{ZIGZAG_4X4, ZIGZAG_8X8};
pub use tables::{MF, NORM_ADJUST_4X4, position_class};
