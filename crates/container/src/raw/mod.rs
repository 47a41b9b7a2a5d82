//! Headerless raw video (`ffmpeg -f rawvideo`): frames back to back, each plane's rows
//! without padding, in a layout the caller names. Nothing in the stream says its size or
//! layout, so both come from the caller (the CLI's `--size` and `--pix-fmt`); a stream whose
//! length is not a whole number of frames is reported as truncated at the partial frame.

mod error;
mod format;
mod reader;

pub use error::RawVideoError;
pub use format::RawFormat;
pub use reader::RawVideoReader;
