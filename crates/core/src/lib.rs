//! # framepress-core
//!
//! The shared vocabulary of framepress, a portable implementation of VideoToolbox's
//! compression session: CoreMedia time ([`Time`], [`TimeRange`]), CoreVideo pixel buffers and
//! pools, format descriptions, sample buffers, CF-like property values, the VT error codes,
//! the property table, and the [`VideoEncoder`] trait codecs implement.
//!
//! This crate knows no codec syntax and contains no `unsafe`.

pub mod color;
pub mod encoder;
pub mod encoder_spec;
pub mod error;
pub mod format_description;
pub mod fourcc;
pub mod frame_options;
pub mod pixel_buffer;
pub mod pixel_format;
pub mod pool;
pub mod property;
pub mod sample_buffer;
pub mod tag;
pub mod time;
pub mod time_range;
pub mod value;

pub use color::{CleanAperture, ColorPrimaries, PixelAspectRatio, TransferFunction, YCbCrMatrix};
pub use encoder::{EncoderConfig, EncoderDescriptor, EncoderOutput, SourceFrame, VideoEncoder};
pub use encoder_spec::EncoderSpecification;
pub use error::{Error, ErrorKind, Result};
pub use format_description::FormatDescription;
pub use fourcc::{CodecType, FourCC};
pub use frame_options::FrameOptions;
pub use pixel_buffer::{PixelBuffer, PixelBufferAttributes, Plane, PlaneMut};
pub use pixel_format::{ColorRange, PixelFormat};
pub use pool::{PixelBufferPool, PoolAttributes};
pub use property::{Key, PropertySupport, PropertyValue, keys, presets, profile};
pub use sample_buffer::{FrameType, SampleAttachments, SampleBuffer, SampleTiming};
pub use tag::{Tag, TagValue, TaggedBuffer};
pub use time::{RoundingMethod, Time};
pub use time_range::TimeRange;
pub use value::{Dictionary, ObjectRef, Value};
