//! Scaling (dequantisation, H.264 §8.5.9–§8.5.12.1), the encoder's forward quantisation,
//! chroma QP derivation (§8.5.8) and the zig-zag scan (§8.5.6).
//!
//! Baseline streams carry no scaling matrices, so the weights are the flat 16 of
//! Flat_4x4_16 and LevelScale4x4(m, i, j) = 16 · normAdjust4x4(m, i, j). Blocks are in
//! raster order (`c[4 * i + j]` = c_ij, row i, column j) as in
//! [`transform`](crate::transform); levels and coefficients are `i32`. QPs are 0..=51
//! (8-bit video, QpBdOffset = 0); a larger QP is treated as 51.

pub mod chroma_qp;
pub mod dequant;
pub mod forward;
pub mod scan;
pub mod tables;
#[cfg(test)]
mod tests;

pub use chroma_qp::chroma_qp;
pub use dequant::{
    dequantize_4x4, dequantize_4x4_ac, dequantize_8x8, dequantize_chroma_dc, dequantize_luma_dc,
};
pub use forward::{
    quantize_4x4, quantize_4x4_ac, quantize_8x8, quantize_chroma_dc, quantize_luma_dc,
};
pub use scan::{ZIGZAG_4X4, ZIGZAG_8X8};
pub use tables::{MF, NORM_ADJUST_4X4, level_scale_4x4, position_class};
