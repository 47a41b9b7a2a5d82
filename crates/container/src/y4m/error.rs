//! Errors of the Y4M reader and writer.
//!
//! Y4M files come from users and other tools, so every way one can be malformed has its own
//! variant whose message names the offending value and, where it helps, what would be
//! accepted instead; the CLI prints these messages as they are.

use std::fmt;

use framepress_core::pixel_buffer::MAX_DIMENSION;
use framepress_core::{ColorRange, PixelFormat};

/// A YUV4MPEG2 stream-header parameter, for naming it in errors.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Y4mParam {
    /// `W`: frame width.
    Width,
    /// `H`: frame height.
    Height,
    /// `F`: frame rate as `num:den`.
    FrameRate,
    /// `I`: interlacing mode.
    Interlacing,
    /// `A`: pixel aspect ratio as `num:den`.
    PixelAspect,
    /// `C`: chroma format.
    Chroma,
    /// `XCOLORRANGE`: FFmpeg's colour-range extension.
    ColorRange,
}

impl fmt::Display for Y4mParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Y4mParam::Width => "width (W)",
            Y4mParam::Height => "height (H)",
            Y4mParam::FrameRate => "frame rate (F)",
            Y4mParam::Interlacing => "interlacing (I)",
            Y4mParam::PixelAspect => "pixel aspect ratio (A)",
            Y4mParam::Chroma => "chroma format (C)",
            Y4mParam::ColorRange => "colour range (XCOLORRANGE)",
        })
    }
}

/// Why a Y4M stream could not be read or written. Frame numbers count from 0.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Y4mError {
    /// The stream does not start with the `YUV4MPEG2 ` signature.
    #[error("not a YUV4MPEG2 stream: {}", describe_start(.found))]
    NotY4m {
        /// The first bytes of the stream (lossily decoded; empty for an empty stream).
        found: String,
    },
    /// The stream header has no line end within a sane length.
    #[error("YUV4MPEG2 stream header has no line end within its first {limit} bytes")]
    HeaderTooLong {
        /// The longest header accepted, in bytes.
        limit: usize,
    },
    /// A required header parameter is absent.
    #[error("YUV4MPEG2 header lacks the {param} parameter, which is required")]
    MissingParameter {
        /// The missing parameter.
        param: Y4mParam,
    },
    /// A header parameter does not parse or is out of range (zero or negative sizes, …).
    #[error("YUV4MPEG2 {param} {value:?} is invalid: {reason}")]
    InvalidParameter {
        /// The offending parameter.
        param: Y4mParam,
        /// Its text as found in the header.
        value: String,
        /// What was expected.
        reason: &'static str,
    },
    /// A width or height is beyond what a pixel buffer may hold.
    #[error("YUV4MPEG2 {param} {value} exceeds the maximum of {max} pixels")]
    TooLarge {
        /// The offending parameter.
        param: Y4mParam,
        /// Its text as found in the header.
        value: String,
        /// The largest accepted value (`MAX_DIMENSION`).
        max: usize,
    },
    /// The chroma format is one this reader does not handle.
    #[error(
        "YUV4MPEG2 chroma format {chroma:?} is not supported; supported are 420jpeg, 420paldv, \
         420mpeg2 and 420 (8-bit 4:2:0) and 420p10 (10-bit 4:2:0)"
    )]
    UnsupportedChroma {
        /// The `C` value found.
        chroma: String,
    },
    /// The stream is interlaced.
    #[error(
        "YUV4MPEG2 stream is interlaced (I{mode}: {}); only progressive content (Ip or I?) is \
         supported — deinterlace it first, e.g. with FFmpeg's -vf bwdif",
        interlace_name(*.mode)
    )]
    Interlaced {
        /// The interlacing letter: `t`, `b` or `m`.
        mode: char,
    },
    /// A frame does not start with a valid `FRAME` line.
    #[error("frame {frame}: expected a FRAME header line, found {found:?}")]
    BadFrameHeader {
        /// Index of the frame.
        frame: u64,
        /// What was found instead (lossily decoded, possibly cut short).
        found: String,
    },
    /// The stream ended inside a frame's pixel data.
    #[error("frame {frame} is truncated: {missing} of its {expected} bytes are missing")]
    TruncatedFrame {
        /// Index of the frame.
        frame: u64,
        /// Size of the frame's pixel data.
        expected: usize,
        /// How many bytes were missing at the end of the stream.
        missing: usize,
    },
    /// The underlying reader or writer failed.
    #[error("YUV4MPEG2 I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A pixel buffer could not be created or filled.
    #[error("YUV4MPEG2 frame buffer: {0}")]
    Buffer(#[from] framepress_core::Error),
    /// The writer was given a pixel format it cannot store.
    #[error(
        "cannot write {format} to YUV4MPEG2: supported are I420 and NV12, video or full range \
         (convert other formats first)"
    )]
    UnsupportedPixelFormat {
        /// The format of the rejected buffer.
        format: PixelFormat,
    },
    /// A buffer's size differs from the stream's (Y4M has one size per stream).
    #[error(
        "frame {frame} is {width}x{height} but the YUV4MPEG2 stream is \
         {expected_width}x{expected_height}"
    )]
    FrameSizeMismatch {
        /// Index of the frame.
        frame: u64,
        /// Width of the stream.
        expected_width: usize,
        /// Height of the stream.
        expected_height: usize,
        /// Width of the buffer.
        width: usize,
        /// Height of the buffer.
        height: usize,
    },
    /// A buffer's colour range differs from the range written in the stream header.
    #[error(
        "frame {frame} is {format} but the YUV4MPEG2 stream header declares {} range",
        range_name(*.expected)
    )]
    ColorRangeMismatch {
        /// Index of the frame.
        frame: u64,
        /// The range in the stream header.
        expected: ColorRange,
        /// The format of the buffer.
        format: PixelFormat,
    },
}

fn describe_start(found: &str) -> String {
    if found.is_empty() {
        "the input is empty".to_owned()
    } else {
        format!("it starts with {found:?} instead of \"YUV4MPEG2 \"")
    }
}

fn interlace_name(mode: char) -> &'static str {
    match mode {
        't' => "top field first",
        'b' => "bottom field first",
        'm' => "mixed modes",
        _ => "interlaced",
    }
}

fn range_name(range: ColorRange) -> &'static str {
    match range {
        ColorRange::Video => "video (limited)",
        ColorRange::Full => "full",
    }
}

/// Checks a parsed width or height against `1..=MAX_DIMENSION`.
pub(crate) fn check_dimension(param: Y4mParam, value: u64, text: &str) -> Result<usize, Y4mError> {
    if value == 0 {
        return Err(Y4mError::InvalidParameter {
            param,
            value: text.to_owned(),
            reason: "it must be a positive integer",
        });
    }
    match usize::try_from(value) {
        Ok(v) if v <= MAX_DIMENSION => Ok(v),
        _ => Err(Y4mError::TooLarge {
            param,
            value: text.to_owned(),
            max: MAX_DIMENSION,
        }),
    }
}

/// Into the framepress-wide error, for callers that report everything as a VideoToolbox-style
/// status; the detail keeps the full message.
impl From<Y4mError> for framepress_core::Error {
    fn from(err: Y4mError) -> framepress_core::Error {
        use framepress_core::ErrorKind;
        let kind = match &err {
            Y4mError::Buffer(inner) => return inner.clone(),
            Y4mError::TooLarge { .. } | Y4mError::FrameSizeMismatch { .. } => {
                ErrorKind::CvInvalidSize
            }
            Y4mError::UnsupportedChroma { .. } | Y4mError::UnsupportedPixelFormat { .. } => {
                ErrorKind::CvInvalidPixelFormat
            }
            Y4mError::Interlaced { .. } => ErrorKind::CvUnsupported,
            Y4mError::Io(_) => ErrorKind::CvError,
            _ => ErrorKind::Parameter,
        };
        framepress_core::Error::new(kind, err.to_string())
    }
}
