//! `CMSampleBuffer`: one compressed frame with its timing, format and attachments.

use bytes::Bytes;

use crate::format_description::FormatDescription;
use crate::pixel_buffer::PixelBuffer;
use crate::time::Time;
use crate::value::{Dictionary, Value};

/// Sample attachment key names (`kCMSampleAttachmentKey_*`).
pub mod sample_attachment_keys {
    /// Not a sync sample.
    pub const NOT_SYNC: &str = "NotSync";
    /// Partial sync (open-GOP / recovery point).
    pub const PARTIAL_SYNC: &str = "PartialSync";
    /// References other samples.
    pub const DEPENDS_ON_OTHERS: &str = "DependsOnOthers";
    /// Referenced by other samples.
    pub const IS_DEPENDED_ON_BY_OTHERS: &str = "IsDependedOnByOthers";
    /// Later samples in decode order may display earlier.
    pub const EARLIER_DISPLAY_TIMES_ALLOWED: &str = "EarlierDisplayTimesAllowed";
    /// framepress extension: the coded picture type, a string (`"I"`, `"P"`, `"B"`); see
    /// [`FrameType`](super::FrameType). VideoToolbox has no such attachment; tools that
    /// report per-frame statistics (the CLI's `--stats`, rate-control benchmarks) need it.
    pub const FRAME_TYPE: &str = "FramepressFrameType";
    /// framepress extension: the picture's mean quantisation parameter, a number (absent for
    /// codecs without a QP, such as JPEG).
    pub const FRAME_QP: &str = "FramepressFrameQP";
    /// The temporal layer of the frame (0 = base) when the stream has temporal layers
    /// (`BaseLayerFrameRateFraction`); the frames of higher layers can be dropped without
    /// affecting lower ones. A framepress key: VideoToolbox reports only
    /// `IsDependedOnByOthers` for H.264.
    pub const TEMPORAL_LAYER: &str = "FramepressTemporalLayer";
    /// `kVTSampleAttachmentKey_RequireLTRAcknowledgementToken`: the token of a long-term
    /// reference frame (`EnableLTR`), a number the receiver returns through
    /// `AcknowledgedLTRTokens` once it has the frame.
    pub const REQUIRE_LTR_ACKNOWLEDGEMENT_TOKEN: &str = "RequireLTRAcknowledgementToken";
}

/// The coded picture type of a sample (framepress extension attachment
/// [`FRAME_TYPE`](sample_attachment_keys::FRAME_TYPE)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FrameType {
    /// Intra-coded only (key frames, and intra pictures that are not key frames).
    I,
    /// Predicted from earlier pictures.
    P,
    /// Bi-predicted.
    B,
}

impl FrameType {
    /// The attachment string: `"I"`, `"P"` or `"B"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FrameType::I => "I",
            FrameType::P => "P",
            FrameType::B => "B",
        }
    }

    /// Parses the attachment string.
    pub fn parse(s: &str) -> Option<FrameType> {
        match s {
            "I" => Some(FrameType::I),
            "P" => Some(FrameType::P),
            "B" => Some(FrameType::B),
            _ => None,
        }
    }
}

impl std::fmt::Display for FrameType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `CMSampleTimingInfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SampleTiming {
    /// Duration (invalid when unknown).
    pub duration: Time,
    /// Presentation time stamp.
    pub presentation_time_stamp: Time,
    /// Decode time stamp (invalid when equal to PTS and no reordering).
    pub decode_time_stamp: Time,
}

/// The per-sample dependency attachments encoders set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampleAttachments {
    /// `NotSync`: decoding cannot start here.
    pub not_sync: bool,
    /// `PartialSync`.
    pub partial_sync: bool,
    /// `DependsOnOthers` (`None` = unknown).
    pub depends_on_others: Option<bool>,
    /// `IsDependedOnByOthers` (`None` = unknown).
    pub is_depended_on_by_others: Option<bool>,
    /// `EarlierDisplayTimesAllowed`.
    pub earlier_display_times_allowed: bool,
    /// `FramepressFrameType` (`None` = not reported).
    pub frame_type: Option<FrameType>,
    /// `FramepressFrameQP`: the picture's mean QP (`None` = not reported or no QP).
    pub frame_qp: Option<f64>,
    /// `FramepressTemporalLayer` (`None` = the stream has no temporal layers).
    pub temporal_layer: Option<u8>,
    /// `RequireLTRAcknowledgementToken` (`None` = not a long-term reference frame).
    pub ltr_token: Option<i64>,
    /// Any further attachments (e.g. `QualityMetrics`).
    pub other: Dictionary,
}

impl SampleAttachments {
    /// Attachments of a key frame: sync, independent, referenced.
    pub fn key_frame() -> SampleAttachments {
        SampleAttachments {
            depends_on_others: Some(false),
            is_depended_on_by_others: Some(true),
            ..SampleAttachments::default()
        }
    }

    /// Whether this is a sync sample (NotSync absent or false).
    pub fn is_sync(&self) -> bool {
        !self.not_sync
    }

    /// The dictionary form (`CMSampleBufferGetSampleAttachmentsArray(..)[0]`): false flags
    /// are omitted the way VideoToolbox omits them.
    pub fn to_dictionary(&self) -> Dictionary {
        use sample_attachment_keys as k;
        let mut d = Dictionary::new();
        if self.not_sync {
            d.insert(k::NOT_SYNC, true);
        }
        if self.partial_sync {
            d.insert(k::PARTIAL_SYNC, true);
        }
        if let Some(v) = self.depends_on_others {
            d.insert(k::DEPENDS_ON_OTHERS, v);
        }
        if let Some(v) = self.is_depended_on_by_others {
            d.insert(k::IS_DEPENDED_ON_BY_OTHERS, v);
        }
        if self.earlier_display_times_allowed {
            d.insert(k::EARLIER_DISPLAY_TIMES_ALLOWED, true);
        }
        if let Some(t) = self.frame_type {
            d.insert(k::FRAME_TYPE, t.as_str());
        }
        if let Some(qp) = self.frame_qp {
            d.insert(k::FRAME_QP, qp);
        }
        if let Some(layer) = self.temporal_layer {
            d.insert(k::TEMPORAL_LAYER, i64::from(layer));
        }
        if let Some(token) = self.ltr_token {
            d.insert(k::REQUIRE_LTR_ACKNOWLEDGEMENT_TOKEN, token);
        }
        d.merge(&self.other);
        d
    }
}

/// One compressed frame. Cloning is cheap (the payload is reference counted), so samples can
/// be handed to other threads freely.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleBuffer {
    data: Bytes,
    format_description: FormatDescription,
    timing: SampleTiming,
    attachments: SampleAttachments,
    reconstruction: Option<PixelBuffer>,
}

impl PartialEq for PixelBuffer {
    /// Pixel buffers compare by visible pixels, format and size (attachments ignored).
    fn eq(&self, other: &PixelBuffer) -> bool {
        self.same_pixels(other)
    }
}

impl SampleBuffer {
    /// A ready sample with one frame of `data`.
    pub fn new(
        data: impl Into<Bytes>,
        format_description: FormatDescription,
        timing: SampleTiming,
        attachments: SampleAttachments,
    ) -> SampleBuffer {
        SampleBuffer {
            data: data.into(),
            format_description,
            timing,
            attachments,
            reconstruction: None,
        }
    }

    /// Attaches the encoder's reconstruction of this frame (framepress extension, present
    /// only when the session's `FramepressEmitReconstruction` property is on).
    pub fn with_reconstruction(mut self, recon: Option<PixelBuffer>) -> SampleBuffer {
        self.reconstruction = recon;
        self
    }

    /// The compressed payload (for H.264/HEVC: length-prefixed NAL units).
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// Payload size (`CMSampleBufferGetTotalSampleSize`).
    pub fn total_sample_size(&self) -> usize {
        self.data.len()
    }

    /// Always 1: one frame per sample, like VideoToolbox.
    pub fn num_samples(&self) -> usize {
        1
    }

    /// The format description.
    pub fn format_description(&self) -> &FormatDescription {
        &self.format_description
    }

    /// Timing.
    pub fn timing(&self) -> SampleTiming {
        self.timing
    }

    /// Presentation time stamp.
    pub fn presentation_time_stamp(&self) -> Time {
        self.timing.presentation_time_stamp
    }

    /// Decode time stamp.
    pub fn decode_time_stamp(&self) -> Time {
        self.timing.decode_time_stamp
    }

    /// Duration.
    pub fn duration(&self) -> Time {
        self.timing.duration
    }

    /// The typed sample attachments.
    pub fn attachments(&self) -> &SampleAttachments {
        &self.attachments
    }

    /// Whether this sample is a sync (key) frame.
    pub fn is_sync(&self) -> bool {
        self.attachments.is_sync()
    }

    /// The coded picture type, when the encoder reports it.
    pub fn frame_type(&self) -> Option<FrameType> {
        self.attachments.frame_type
    }

    /// The picture's mean QP, when the encoder reports it.
    pub fn frame_qp(&self) -> Option<f64> {
        self.attachments.frame_qp
    }

    /// The sample attachments as a dictionary.
    pub fn sample_attachments_dictionary(&self) -> Dictionary {
        self.attachments.to_dictionary()
    }

    /// One sample attachment by key name.
    pub fn sample_attachment(&self, key: &str) -> Option<Value> {
        self.attachments.to_dictionary().remove(key)
    }

    /// The encoder's reconstructed frame, when requested.
    pub fn reconstruction(&self) -> Option<&PixelBuffer> {
        self.reconstruction.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fourcc::CodecType;

    #[test]
    fn attachments_dictionary_omits_false_flags() {
        let key = SampleAttachments::key_frame();
        let d = key.to_dictionary();
        assert!(!d.contains_key("NotSync"));
        assert_eq!(d.get("DependsOnOthers"), Some(&Value::Bool(false)));
        let p = SampleAttachments {
            not_sync: true,
            depends_on_others: Some(true),
            is_depended_on_by_others: Some(true),
            ..Default::default()
        };
        assert_eq!(p.to_dictionary().get("NotSync"), Some(&Value::Bool(true)));
        assert!(!p.is_sync());
        assert!(!p.to_dictionary().contains_key("FramepressFrameType"));
        let typed = SampleAttachments {
            frame_type: Some(FrameType::P),
            frame_qp: Some(27.0),
            ..p
        };
        let d = typed.to_dictionary();
        assert_eq!(
            d.get("FramepressFrameType").and_then(Value::as_str),
            Some("P")
        );
        assert_eq!(
            d.get("FramepressFrameQP").and_then(Value::as_f64),
            Some(27.0)
        );
        for t in [FrameType::I, FrameType::P, FrameType::B] {
            assert_eq!(FrameType::parse(t.as_str()), Some(t));
        }
        assert_eq!(FrameType::parse("X"), None);
    }

    #[test]
    fn sample_accessors() {
        let fd = FormatDescription::new(CodecType::JPEG, 8, 8, Dictionary::new());
        let t = SampleTiming {
            duration: Time::new(1, 30),
            presentation_time_stamp: Time::new(2, 30),
            decode_time_stamp: Time::new(2, 30),
        };
        let s = SampleBuffer::new(vec![1u8, 2, 3], fd, t, SampleAttachments::key_frame());
        assert_eq!(s.total_sample_size(), 3);
        assert_eq!(s.presentation_time_stamp(), Time::new(2, 30));
        assert!(s.is_sync());
        assert_eq!(
            s.sample_attachment("IsDependedOnByOthers"),
            Some(Value::Bool(true))
        );
        assert!(s.reconstruction().is_none());
    }
}
