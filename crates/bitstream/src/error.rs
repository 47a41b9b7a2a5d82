//! The errors this crate returns.
//!
//! Two enums because their callers differ: [`BitstreamError`] comes from parsing bits
//! ([`BitReader`](crate::BitReader)), which tests use to check what an encoder wrote, so each
//! variant names the bit position where parsing stopped; [`NalError`] comes from NAL-unit
//! framing, where the useful context is a byte offset or a length prefix size.

use thiserror::Error;

/// Why reading from a [`BitReader`](crate::BitReader) failed. The reader's position is left
/// where it was before the failing call, so the position in the error is also
/// [`BitReader::position`](crate::BitReader::position).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BitstreamError {
    /// A read needed more bits than remain.
    #[error("bitstream truncated at bit {position}: needed {needed} bits, only {available} left")]
    Truncated {
        /// Bit position where the read started.
        position: u64,
        /// Bits the read needed.
        needed: u64,
        /// Bits left in the data.
        available: u64,
    },
    /// `read_bits` was asked for more than 32 bits, the width of its result.
    #[error("cannot read {requested} bits at once: at most 32")]
    TooManyBits {
        /// The bit count asked for.
        requested: u32,
    },
    /// An Exp-Golomb code has no terminating 1 bit before the end of the data.
    #[error("Exp-Golomb code at bit {position} runs past the end of the data")]
    UnterminatedExpGolomb {
        /// Bit position where the code starts.
        position: u64,
    },
    /// An Exp-Golomb code has 32 or more leading zero bits, so its value does not fit 32 bits
    /// (H.264 §9.1 limits the prefix to 31 zeros).
    #[error(
        "Exp-Golomb code at bit {position} has over 31 leading zero bits (value exceeds 32 bits)"
    )]
    ExpGolombTooLong {
        /// Bit position where the code starts.
        position: u64,
    },
    /// A `te(v)` value lies outside its range `0..=max`.
    #[error("te(v) value {value} at bit {position} exceeds its range maximum {max}")]
    TeOutOfRange {
        /// Bit position where the code starts.
        position: u64,
        /// The decoded value.
        value: u32,
        /// The range maximum given by the caller.
        max: u32,
    },
    /// `rbsp_trailing_bits()` was expected but the bits are not a 1 followed by zeros to the
    /// byte boundary.
    #[error("invalid rbsp_trailing_bits at bit {position}")]
    InvalidTrailingBits {
        /// Bit position where the trailing bits should start.
        position: u64,
    },
}

/// Why NAL-unit framing failed.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NalError {
    /// The length prefix size is not one ISO/IEC 14496-15 allows (`lengthSizeMinusOne` is 0,
    /// 1 or 3).
    #[error("NAL length prefix must be 1, 2 or 4 bytes, got {0}")]
    InvalidPrefixLength(u8),
    /// A NAL unit is too long for the length prefix size.
    #[error("NAL unit of {len} bytes does not fit a {prefix_len}-byte length prefix")]
    NalTooLong {
        /// The NAL unit's length in bytes.
        len: usize,
        /// The prefix size in bytes.
        prefix_len: u8,
    },
    /// The data ends inside a length prefix.
    #[error("length prefix at byte {offset} truncated: needs {prefix_len} bytes, {available} left")]
    TruncatedLengthPrefix {
        /// Byte offset of the prefix.
        offset: usize,
        /// The prefix size in bytes.
        prefix_len: u8,
        /// Bytes left in the data.
        available: usize,
    },
    /// A length prefix declares more bytes than remain.
    #[error(
        "NAL unit at byte {offset} truncated: prefix declares {declared} bytes, {available} left"
    )]
    TruncatedNalUnit {
        /// Byte offset of the NAL unit (just after its prefix).
        offset: usize,
        /// The length the prefix declares.
        declared: usize,
        /// Bytes left in the data.
        available: usize,
    },
}
