//! The seam between the session and a codec: [`EncoderDescriptor`] (what the registry lists)
//! and [`VideoEncoder`] (what the session drives).
//!
//! The session owns everything VideoToolbox itself does — property validation, the queue and
//! worker thread, callbacks, pools, pixel transfer — so a codec only sees frames already in
//! its native format and size, and a dictionary of validated property values.

use crate::encoder_spec::EncoderSpecification;
use crate::error::Error;
use crate::error::Result;
use crate::format_description::FormatDescription;
use crate::frame_options::FrameOptions;
use crate::pixel_buffer::PixelBuffer;
use crate::pixel_format::PixelFormat;
use crate::property::PropertySupport;
use crate::sample_buffer::SampleBuffer;
use crate::time::Time;
use crate::value::{Dictionary, Value};

/// The configuration an encoder is created with.
#[derive(Clone, Debug)]
pub struct EncoderConfig {
    /// Encoded width in pixels.
    pub width: usize,
    /// Encoded height in pixels.
    pub height: usize,
    /// The preferred pixel format: foreign frames are converted to it. Frames already in
    /// another of the descriptor's native formats are passed through unconverted.
    pub pixel_format: PixelFormat,
    /// Every property that was set (validated against the encoder's support list), by VT name.
    pub properties: Dictionary,
    /// The encoder specification the session was created with.
    pub specification: EncoderSpecification,
}

impl EncoderConfig {
    /// A property value by VT name.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties.get(name)
    }
}

/// One frame handed to an encoder: already converted to the native format and session size.
#[derive(Clone, Debug)]
pub struct SourceFrame {
    /// Session-assigned sequence number; outputs refer to it.
    pub id: u64,
    /// The image.
    pub image: PixelBuffer,
    /// Presentation time stamp.
    pub pts: Time,
    /// Duration (may be invalid).
    pub duration: Time,
    /// Per-frame options.
    pub options: FrameOptions,
}

/// What an encoder produced for one source frame.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum EncoderOutput {
    /// A compressed frame.
    Sample {
        /// The source frame's id.
        source_id: u64,
        /// The sample.
        sample: SampleBuffer,
    },
    /// The frame was dropped (e.g. by rate control).
    Dropped {
        /// The source frame's id.
        source_id: u64,
    },
    /// Encoding this frame failed; the session reports the error in the frame's callback.
    Failed {
        /// The source frame's id.
        source_id: u64,
        /// What went wrong.
        error: Error,
    },
}

impl EncoderOutput {
    /// The source frame this output belongs to.
    pub fn source_id(&self) -> u64 {
        match self {
            EncoderOutput::Sample { source_id, .. }
            | EncoderOutput::Dropped { source_id }
            | EncoderOutput::Failed { source_id, .. } => *source_id,
        }
    }
}

/// A running encoder instance. Called from the session's worker thread only.
pub trait VideoEncoder: Send {
    /// The format description of the stream (available before the first frame).
    fn format_description(&self) -> FormatDescription;

    /// Encodes one frame, appending outputs that are ready, in decode order. Outputs may
    /// lag frames (reordering, look-ahead); every frame must eventually get exactly one output.
    fn encode(&mut self, frame: SourceFrame, out: &mut Vec<EncoderOutput>) -> Result<()>;

    /// Emits every pending output (end of stream or `complete_frames`). The encoder must stay
    /// usable afterwards.
    fn flush(&mut self, out: &mut Vec<EncoderOutput>) -> Result<()>;

    /// A property that may change mid-session was changed (`None` = back to default).
    fn update_property(&mut self, name: &str, value: Option<&Value>) -> Result<()>;

    /// A read-only value the encoder computes (e.g. `SupportsBaseFrameQP`); `None` when the
    /// encoder has no value for `name`.
    fn copy_property(&self, name: &str) -> Option<Value> {
        let _ = name;
        None
    }
}

/// Creates an encoder from a final configuration.
pub type EncoderFactory = fn(&EncoderConfig) -> Result<Box<dyn VideoEncoder>>;

/// Checks a candidate property dictionary exactly as the encoder would at creation, without
/// creating it: the session calls it on every `set_property` before the first frame, so a
/// bad value or combination (say, `DataRateLimits` too small for any frame at this size) is
/// refused when it is set rather than at `prepare`.
pub type PropertyCheckFn = fn(&EncoderConfig) -> Result<()>;

/// Lists the properties an encoder supports for a frame size.
pub type SupportedPropertiesFn = fn(width: usize, height: usize) -> Vec<PropertySupport>;

/// A registry entry: everything `VTCopyVideoEncoderList` reports, plus how to create one.
#[derive(Clone, Debug)]
pub struct EncoderDescriptor {
    /// The codec produced.
    pub codec_type: crate::fourcc::CodecType,
    /// Reverse-DNS identifier, usable as the `EncoderID` specification key.
    pub encoder_id: &'static str,
    /// Encoder name ("framepress JPEG").
    pub encoder_name: &'static str,
    /// Codec name ("JPEG").
    pub codec_name: &'static str,
    /// Display name.
    pub display_name: &'static str,
    /// Whether it can emit B-frames.
    pub supports_frame_reordering: bool,
    /// Whether it implements low-latency rate control.
    pub supports_low_latency_rate_control: bool,
    /// Pixel formats it reads without conversion, preferred first.
    pub native_pixel_formats: &'static [PixelFormat],
    /// Supported properties for a size.
    pub supported_properties: SupportedPropertiesFn,
    /// Checks a configuration without creating the encoder.
    pub check_properties: PropertyCheckFn,
    /// Constructor.
    pub create: EncoderFactory,
}

impl EncoderDescriptor {
    /// The encoder-list dictionary entry (`kVTVideoEncoderList_*` keys).
    pub fn to_dictionary(&self) -> Dictionary {
        Dictionary::new()
            .with("CodecType", self.codec_type.fourcc().0 as i64)
            .with("EncoderID", self.encoder_id)
            .with("CodecName", self.codec_name)
            .with("EncoderName", self.encoder_name)
            .with("DisplayName", self.display_name)
            .with("IsHardwareAccelerated", false)
            .with("SupportsFrameReordering", self.supports_frame_reordering)
            .with("InstanceLimit", false)
    }
}
