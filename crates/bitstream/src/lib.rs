//! # framepress-bitstream
//!
//! Bit-level writing and reading shared by the H.264 and HEVC encoders: [`BitWriter`]
//! (`u(n)`, `ue(v)`, `se(v)`, `te(v)`, RBSP trailing bits), emulation prevention
//! ([`escape_rbsp`], [`unescape`]), NAL-unit framing (Annex-B start codes and
//! ISO/IEC 14496-15 length prefixes, and conversion between them), and a [`BitReader`] used
//! to check what was written. No codec syntax lives here: a NAL unit is just a byte string
//! whose first byte(s) are a header.
//!
//! ```
//! use framepress_bitstream::{BitReader, BitWriter, append_annexb, escape_rbsp, split_annexb, unescape};
//!
//! // Write an RBSP, escape it behind a one-byte header, and frame it.
//! let mut w = BitWriter::new();
//! w.write_bits(0, 16);
//! w.write_ue(5);
//! w.write_rbsp_trailing_bits();
//! let mut nal = vec![0x41];
//! escape_rbsp(&w.into_bytes(), &mut nal);
//! let mut stream = Vec::new();
//! append_annexb(&mut stream, &nal, true);
//!
//! // Parse it back.
//! let units = split_annexb(&stream);
//! let rbsp = unescape(&units[0][1..]);
//! let mut r = BitReader::new(&rbsp);
//! assert_eq!(r.read_bits(16)?, 0);
//! assert_eq!(r.read_ue()?, 5);
//! assert!(!r.more_rbsp_data());
//! # Ok::<(), framepress_bitstream::BitstreamError>(())
//! ```

mod error;
mod nal;
mod reader;
#[cfg(test)]
mod test_rng;
mod writer;

pub use error::{BitstreamError, NalError};
pub use nal::annexb::{AnnexBNalUnits, annexb_nal_units, append_annexb, split_annexb};
pub use nal::convert::{annexb_to_length_prefixed, length_prefixed_to_annexb};
pub use nal::emulation::{escape_rbsp, unescape};
pub use nal::length_prefixed::{append_length_prefixed, split_length_prefixed};
pub use reader::BitReader;
pub use writer::BitWriter;
