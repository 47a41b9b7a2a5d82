//! What the session delivers for each submitted frame.

use framepress_core::{Error, SampleBuffer};

use crate::info_flags::EncodeInfoFlags;

/// The result of one submitted frame, delivered exactly once, in decode order.
///
/// `R` is the per-frame source refcon given to
/// [`encode_frame`](crate::CompressionSession::encode_frame) (VideoToolbox's
/// `sourceFrameRefCon`, made a typed value instead of a pointer).
#[derive(Debug)]
pub struct Output<R> {
    /// `Ok` or the encode error for this frame.
    pub status: Result<(), Error>,
    /// `Asynchronous` and/or `FrameDropped`.
    pub info_flags: EncodeInfoFlags,
    /// The compressed frame; `None` when dropped or failed.
    pub sample: Option<SampleBuffer>,
    /// The refcon the frame was submitted with.
    pub source_refcon: R,
}

/// The output callback (VT's `VTCompressionOutputCallback`; the session refcon is whatever the
/// closure captures). Runs on the session's worker thread, never two at once.
pub type OutputCallback<R> = Box<dyn FnMut(Output<R>) + Send>;

/// A per-frame output handler (VT's `VTCompressionOutputHandler`).
pub type OutputHandler = Box<dyn FnOnce(Output<()>) + Send>;
