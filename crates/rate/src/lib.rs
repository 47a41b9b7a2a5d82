//! framepress's rate control, shared by every codec.
//!
//! A codec asks [`RateController::plan`] for each frame's QP and byte ceiling, codes the
//! frame, re-codes it at [`RateController::retry_qp`] while it exceeds the ceiling, pads it
//! with [`RateController::filler_bytes`] in constant-bit-rate mode, and reports the result
//! with [`RateController::commit`] (or [`RateController::drop_frame`]). The modes and
//! constraints are VideoToolbox's (`AverageBitRate`, `ConstantBitRate`, `VariableBitRate` +
//! VBV, `DataRateLimits`, `Quality`, `ConstantQualityFactor`, `Min/MaxAllowedFrameQP`), read
//! by [`RateConfig::from_properties`].
//!
//! Written here rather than taken from a crate: rate control is part of the encoder we sell,
//! and no Rust crate offers one that is codec-agnostic.

pub mod config;
pub mod controller;
pub mod hrd;
pub mod predictor;
pub mod qscale;
pub mod window;

pub use config::{
    CodecRateInfo, LOW_LATENCY_BUFFER_SECONDS, LOW_LATENCY_INITIAL_PERCENT, RateConfig, RateMode,
    VbvConfig,
};
pub use controller::{FrameInfo, FramePlan, RateController};
pub use window::DataRateLimit;
