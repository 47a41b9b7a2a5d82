//! Running counters of an encoder instance, for logging and tests.

/// What a [`JpegEncoder`](crate::JpegEncoder) has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JpegStats {
    /// Frames turned into samples.
    pub frames_encoded: u64,
    /// Frames that produced an `EncoderOutput::Failed`.
    pub frames_failed: u64,
    /// Total bytes of JPEG data emitted.
    pub bytes_emitted: u64,
    /// The IJG quality factor used for the last frame (or to be used for the next one).
    pub quality_factor: u8,
    /// `ExpectedFrameRate` as last set (0 = unknown). JPEG has no rate control, so this is
    /// only kept to report an average bit rate.
    pub expected_frame_rate: f64,
}

impl JpegStats {
    /// Average bits per second at the expected frame rate, when both are known.
    pub fn average_bit_rate(&self) -> Option<f64> {
        (self.frames_encoded > 0 && self.expected_frame_rate > 0.0).then(|| {
            self.bytes_emitted as f64 * 8.0 / self.frames_encoded as f64 * self.expected_frame_rate
        })
    }
}
