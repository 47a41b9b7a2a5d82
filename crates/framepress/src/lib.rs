//! # framepress
//!
//! A portable, pure-Rust implementation of Apple's VideoToolbox compression session
//! (`VTCompressionSession`) with its own encoders: a session takes pixel buffers with time
//! stamps and hands back compressed sample buffers through a callback, per-frame handlers or a
//! receiver — on Linux, Windows, macOS and WebAssembly, with `cargo build` and nothing else.
//!
//! ```
//! use framepress::{CodecType, CompressionSession, FrameOptions, PixelBuffer, PixelFormat, Time, keys};
//!
//! let (session, outputs) = CompressionSession::builder(320, 240, CodecType::JPEG)
//!     .property(keys::QUALITY, 0.8)
//!     .build_with_receiver::<u64>()?;
//! let pool = session.pixel_buffer_pool()?;
//! for i in 0..3u64 {
//!     let mut frame: PixelBuffer = pool.create_pixel_buffer()?;
//!     frame.plane_mut(0).expect("luma plane").fill(16 + 20 * i as u8);
//!     session.encode_frame(&frame, Time::new(i as i64, 30), Time::new(1, 30), &FrameOptions::default(), i)?;
//! }
//! session.complete_frames(Time::INVALID)?; // flush everything
//! for out in outputs.try_iter() {
//!     let sample = out.sample.expect("encoded");
//!     println!("frame {} → {} bytes", out.source_refcon, sample.total_sample_size());
//! }
//! # Ok::<(), framepress::Error>(())
//! ```
//!
//! Cargo features select codecs: `jpeg` (default). H.264 and HEVC arrive as their own
//! features.

pub use framepress_core::{
    CleanAperture, CodecType, ColorPrimaries, ColorRange, Dictionary, EncoderConfig,
    EncoderDescriptor, EncoderOutput, EncoderSpecification, Error, ErrorKind, FormatDescription,
    FourCC, FrameOptions, FrameType, Key, ObjectRef, PixelAspectRatio, PixelBuffer,
    PixelBufferAttributes, PixelBufferPool, PixelFormat, Plane, PlaneMut, PoolAttributes,
    PropertySupport, PropertyValue, Result, RoundingMethod, SampleAttachments, SampleBuffer,
    SampleTiming, SourceFrame, Tag, TagValue, TaggedBuffer, Time, TimeRange, TransferFunction,
    Value, VideoEncoder, YCbCrMatrix, keys, presets, profile,
};
pub use framepress_session::{
    COMPRESSION_SESSION_TYPE_ID, CompressionSession, EncodeInfoFlags, EncoderRegistry, Output,
    OutputCallback, OutputHandler, SessionBuilder, SessionState,
    copy_supported_property_dictionary_for_encoder, copy_video_encoder_list,
    is_stereo_mv_hevc_encode_supported,
};

/// Lower-level modules of the media vocabulary (attachment keys, pool keys, tag categories…).
pub mod media {
    pub use framepress_core::{
        color, encoder_spec, format_description, fourcc, frame_options, pixel_buffer, pixel_format,
        pool, property, sample_buffer, tag, time, time_range, value,
    };
}
