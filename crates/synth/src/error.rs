//! Errors of the synthetic source.

use framepress_core::PixelFormat;

/// Why a synthetic source could not be created or a frame not rendered.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// Width or height outside `2..=MAX_DIMENSION`.
    #[error("synthetic source size {width}x{height} is out of range: both must be 2 ..= {max}")]
    SizeOutOfRange {
        /// Requested width.
        width: usize,
        /// Requested height.
        height: usize,
        /// Largest accepted dimension.
        max: usize,
    },
    /// Odd width or height: the I420 output has whole 2×2 chroma samples only.
    #[error("synthetic source size {width}x{height} is odd: width and height must be even (4:2:0)")]
    OddSize {
        /// Requested width.
        width: usize,
        /// Requested height.
        height: usize,
    },
    /// Zero numerator or denominator, or a numerator too large for a `CMTime` timescale.
    #[error(
        "synthetic source frame rate {num}/{den} is invalid: both terms must be positive and \
         the numerator at most 2147483647"
    )]
    InvalidFrameRate {
        /// Requested numerator.
        num: u32,
        /// Requested denominator.
        den: u32,
    },
    /// A buffer given to `fill_frame` has the wrong size or format.
    #[error(
        "cannot render a {expected_width}x{expected_height} I420 frame into a \
         {width}x{height} {format} buffer"
    )]
    WrongBuffer {
        /// The source's width.
        expected_width: usize,
        /// The source's height.
        expected_height: usize,
        /// The buffer's width.
        width: usize,
        /// The buffer's height.
        height: usize,
        /// The buffer's format.
        format: PixelFormat,
    },
    /// The frame buffer could not be created.
    #[error("synthetic source frame buffer: {0}")]
    Buffer(#[from] framepress_core::Error),
}

/// Into the framepress-wide error; the detail keeps the full message.
impl From<SynthError> for framepress_core::Error {
    fn from(err: SynthError) -> framepress_core::Error {
        use framepress_core::ErrorKind;
        let kind = match &err {
            SynthError::Buffer(inner) => return inner.clone(),
            SynthError::SizeOutOfRange { .. } | SynthError::OddSize { .. } => {
                ErrorKind::CvInvalidSize
            }
            _ => ErrorKind::Parameter,
        };
        framepress_core::Error::new(kind, err.to_string())
    }
}
