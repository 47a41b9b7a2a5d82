//! # framepress-session
//!
//! The compression session of framepress, with VideoToolbox's semantics: create a session for
//! a size and codec, configure it with properties (typed or by VT key name), submit pixel
//! buffers with time stamps, and receive compressed [`SampleBuffer`](framepress_core::SampleBuffer)s
//! through a callback, per-frame handlers or a receiver.
//!
//! Encoding runs on a worker thread fed by a bounded queue. Outputs are delivered off the
//! caller's thread, serialised, in decode order, exactly once per accepted frame (a sample, a
//! drop, or an error). A panic in a user callback is caught and turns the session into a
//! failed state that every later call reports as `kVTSessionMalfunctionErr` (−17691).

mod builder;
mod info_flags;
mod output;
mod property_store;
mod registry;
mod session;
mod worker;

pub use builder::SessionBuilder;
pub use info_flags::EncodeInfoFlags;
pub use output::{Output, OutputCallback, OutputHandler};
pub use registry::{EncoderRegistry, encoder_list_options};
pub use session::{COMPRESSION_SESSION_TYPE_ID, CompressionSession, SessionState};

pub(crate) use session::validate_dimensions;

use framepress_core::{CodecType, Dictionary, Result};

/// `VTIsStereoMVHEVCEncodeSupported`: false until framepress has an MV-HEVC encoder.
pub fn is_stereo_mv_hevc_encode_supported() -> bool {
    EncoderRegistry::builtin().encoders().iter().any(|d| {
        (d.supported_properties)(64, 64)
            .iter()
            .any(|s| s.def.name == "MVHEVCVideoLayerIDs")
    })
}

/// `VTCopyVideoEncoderList` over the built-in encoders.
pub fn copy_video_encoder_list(options: Option<&Dictionary>) -> Result<Vec<Dictionary>> {
    EncoderRegistry::builtin().encoder_list(options)
}

/// `VTCopySupportedPropertyDictionaryForEncoder` over the built-in encoders: the encoder ID
/// that would be used and its supported properties.
pub fn copy_supported_property_dictionary_for_encoder(
    width: i32,
    height: i32,
    codec: CodecType,
    encoder_specification: Option<&Dictionary>,
) -> Result<(String, Dictionary)> {
    EncoderRegistry::builtin().supported_property_dictionary_for_encoder(
        width,
        height,
        codec,
        encoder_specification,
    )
}
