//! YUV4MPEG2 (`.y4m`): a text stream header followed by `FRAME` lines and raw planar frames.
//!
//! This is the lingua franca for uncompressed video between tools (`ffmpeg -f
//! yuv4mpegpipe`), so it is how users feed real footage to framepress and how encoder
//! reconstructions are handed back to FFmpeg for quality measurement.
//!
//! Supported: progressive 4:2:0 in 8 bits (`420jpeg`, `420paldv`, `420mpeg2`, `420`; a
//! missing `C` means `420jpeg`) and 10 bits (`420p10`), with FFmpeg's `XCOLORRANGE`
//! extension. Interlaced streams and other subsamplings are rejected with an error naming
//! what is supported.

mod chroma;
mod error;
mod header;
pub(crate) mod planes;
mod reader;
mod writer;

pub use chroma::{Y4mChroma, chroma_location};
pub use error::{Y4mError, Y4mParam};
pub use header::{SIGNATURE, Y4mHeader};
pub use reader::{MAX_HEADER_LEN, Y4mReader};
pub use writer::Y4mWriter;
