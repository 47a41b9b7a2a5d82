//! Errors of the MJPEG writer.

use framepress_core::CodecType;

/// Why a JPEG frame could not be appended.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum MjpegError {
    /// The bytes are not a complete JPEG image, which would corrupt the concatenated stream
    /// (readers find frame boundaries by the SOI/EOI markers).
    #[error("frame {frame} is not a complete JPEG image: {reason}")]
    NotJpeg {
        /// Index of the frame, counting from 0.
        frame: u64,
        /// Which marker is missing.
        reason: &'static str,
    },
    /// The sample buffer holds another codec's data.
    #[error("frame {frame} is a {} sample, not JPEG", .codec.name())]
    WrongCodec {
        /// Index of the frame, counting from 0.
        frame: u64,
        /// The sample's codec.
        codec: CodecType,
    },
    /// The underlying writer failed.
    #[error("MJPEG I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Into the framepress-wide error; the detail keeps the full message.
impl From<MjpegError> for framepress_core::Error {
    fn from(err: MjpegError) -> framepress_core::Error {
        let kind = match &err {
            MjpegError::Io(_) => framepress_core::ErrorKind::CvError,
            _ => framepress_core::ErrorKind::Parameter,
        };
        framepress_core::Error::new(kind, err.to_string())
    }
}
