//! Errors of the raw video reader.

use framepress_core::pixel_buffer::MAX_DIMENSION;

/// Why raw video could not be read. Frame numbers count from 0.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum RawVideoError {
    /// The layout name is not one framepress reads.
    #[error(
        "unknown raw pixel format {0:?}: supported are yuv420p, yuvj420p, nv12, bgra, \
         yuv420p10le, p010le"
    )]
    UnknownFormat(String),
    /// The frame size is zero or too large.
    #[error("raw video size {width}x{height} is invalid (1..={MAX_DIMENSION} in each direction)")]
    BadSize {
        /// Width given.
        width: usize,
        /// Height given.
        height: usize,
    },
    /// The stream ended inside a frame.
    #[error(
        "raw video truncated: frame {frame} has {got} of its {need} bytes (is the size or \
         pixel format wrong?)"
    )]
    Truncated {
        /// The partial frame.
        frame: u64,
        /// Bytes present.
        got: usize,
        /// Bytes a frame has.
        need: usize,
    },
    /// Reading failed.
    #[error("reading raw video: {0}")]
    Io(#[from] std::io::Error),
    /// The frame could not be placed in a pixel buffer.
    #[error("raw video frame: {0}")]
    Buffer(#[from] framepress_core::Error),
}
