//! # framepress-h264
//!
//! framepress's own H.264 / AVC encoder, written from ITU-T H.264 (section numbers in the
//! docs refer to the 08/2021 edition): Constrained Baseline, Baseline, Main, High and
//! Constrained High; CAVLC and CABAC; I, P and B slices with reordering; see ARCHITECTURE.md.

pub mod adaptive_quant;
pub mod cabac;
pub mod cavlc;
pub mod cost;
pub mod deblock;
pub mod descriptor;
pub mod direct;
pub mod dpb;
pub mod encoder;
pub mod frame;
pub mod intra;
pub mod intra_refresh;
pub mod lookahead;
pub mod ltr;
pub mod mb;
pub mod mb_info;
pub mod mc;
pub mod mvpred;
pub mod nal;
pub mod params;
pub mod picture;
pub mod presets;
pub mod quality_metrics;
pub mod quant;
pub mod rate;
pub mod scene_cut;
pub mod settings;
pub mod slice;
pub mod source;
pub mod speed;
pub mod transform;
pub mod weighted;

pub use descriptor::{ENCODER_ID, descriptor};
pub use encoder::H264Encoder;
