//! # framepress-container
//!
//! Input and output formats that need no codec, so the CLI and the tests can move raw and
//! compressed frames in and out of framepress in forms FFmpeg understands:
//!
//! - [`y4m`]: YUV4MPEG2 streams. [`y4m::Y4mReader`] turns a `.y4m` file (FFmpeg's
//!   `-f yuv4mpegpipe`) into [`PixelBuffer`](framepress_core::PixelBuffer)s ready to encode;
//!   [`y4m::Y4mWriter`] writes pixel buffers back out, e.g. an encoder's reconstruction for
//!   `--recon`, so quality can be measured against the source with FFmpeg.
//! - [`raw`]: headerless raw video (`ffmpeg -f rawvideo`): planar or semi-planar 4:2:0 or
//!   BGRA frames of a size and layout the caller states, for inputs Y4M cannot describe.
//! - [`annexb`]: H.264/HEVC elementary streams with start codes and in-band parameter sets.
//! - [`mp4`]: progressive (moov-first) and fragmented (CMAF-style) MP4 with one video track,
//!   written straight from the session's sample buffers.
//! - [`mjpeg`]: concatenated JPEG frames (what FFmpeg reads with `-f mjpeg`), the simplest
//!   playable container for the JPEG encoder's output.
//!
//! Y4M and MJPEG are small enough to write here rather than pull in a crate: a text header
//! plus raw planes, and a byte-for-byte concatenation; MP4 has its own reasons (see [`mp4`]).

pub mod annexb;
pub mod mjpeg;
pub mod mp4;
pub mod raw;
mod stream_io;
pub mod y4m;

pub use annexb::AnnexBWriter;
pub use mjpeg::{MjpegError, MjpegWriter};
pub use mp4::{
    FragmentOptions, FragmentedMp4Writer, Mp4Error, Mp4Options, Mp4Writer, ParameterSets,
};
pub use raw::{RawFormat, RawVideoError, RawVideoReader};
pub use y4m::{Y4mChroma, Y4mError, Y4mHeader, Y4mParam, Y4mReader, Y4mWriter};
