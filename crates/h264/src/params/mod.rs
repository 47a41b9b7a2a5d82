//! Parameter sets and other stream-level syntax: SPS, PPS, VUI, SEI, levels, `avcC`.

pub mod avcc;
pub mod level;
pub mod pps;
pub mod scaling_matrix;
pub mod sei;
pub mod sps;
pub mod vui;
